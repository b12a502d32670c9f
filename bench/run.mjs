#!/usr/bin/env node
// The knowledge-system benchmark: runs pdz, DuckDB and SQLite on the same files in one run,
// checks that their result fingerprints agree, prints load/compute/memory figures with pdz's
// ratios to DuckDB against the targets, and writes the results to var/bench/results-<time>.json.
//
//   node bench/run.mjs [--scale 1] [--data DIR] [--engines pdz,duckdb,sqlite] [--runs 1] [--pdz BINARY]
// (--pdz: another pdz binary than build/release/programs/pdz/pdz)
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDuckDB } from './engines/duckdb.mjs';
import { runPdz } from './engines/pdz.mjs';
import { runSQLite } from './engines/sqlite.mjs';
import { generate, kReferenceCsv } from './generate.mjs';
import { compare, normalise } from './lib/fingerprint.mjs';
import { printReport, targets } from './lib/report.mjs';
import { writeTerritoryFromDir } from './lib/territory.mjs';

const kBench = path.dirname(fileURLToPath(import.meta.url));
const kRoot = path.resolve(kBench, '..');
const kEngines = { pdz: runPdz, duckdb: runDuckDB, sqlite: runSQLite };
const kDataFiles = ['comuni.csv', 'ambiti.csv', 'spesa.csv', 'beneficiari.csv'];

function parseArgs(argv) {
  const args = { scale: 1, data: null, engines: ['pdz', 'duckdb', 'sqlite'], runs: 1, pdz: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scale') args.scale = Number(argv[++i]);
    else if (a === '--data') args.data = path.resolve(argv[++i]);
    else if (a === '--engines') args.engines = argv[++i].split(',').map((e) => e.trim()).filter(Boolean);
    else if (a === '--runs') args.runs = Number(argv[++i]);
    else if (a === '--pdz') args.pdz = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${a}; usage: run.mjs [--scale S] [--data DIR] [--engines pdz,duckdb,sqlite] [--runs N] [--pdz BINARY]`);
  }
  if (!(args.scale > 0)) throw new Error('--scale must be a positive number');
  if (!(Number.isInteger(args.runs) && args.runs > 0)) throw new Error('--runs must be a positive integer');
  for (const e of args.engines) if (!kEngines[e]) throw new Error(`unknown engine ${e}: use pdz, duckdb, sqlite`);
  return args;
}

/** The data folder: generated for the scale under var/bench, or given (then made ready for pdz). */
function prepareData(args, workDir) {
  if (!args.data) {
    const dir = path.join(workDir, `scale-${args.scale}`);
    return { dir, territory: path.join(dir, 'territory.json'), manifest: generate({ scale: args.scale, out: dir }) };
  }
  for (const f of kDataFiles) {
    if (!fs.existsSync(path.join(args.data, f))) throw new Error(`--data ${args.data}: ${f} is missing`);
  }
  let territory = path.join(args.data, 'territory.json');
  if (!fs.existsSync(territory)) {
    try {
      writeTerritoryFromDir(args.data, kReferenceCsv, territory);
    } catch (e) {
      if (!['EACCES', 'EROFS', 'EPERM'].includes(e.code)) throw e;
      // A read-only data folder: the territory file goes beside the bench's databases.
      territory = path.join(workDir, 'territory-data.json');
      writeTerritoryFromDir(args.data, kReferenceCsv, territory);
    }
    console.error(`bench: wrote ${territory} for pdz`);
  }
  const manifest = path.join(args.data, 'manifest.json');
  return {
    dir: args.data,
    territory,
    manifest: fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')) : null,
  };
}

function median(values) {
  const v = values.filter((x) => typeof x === 'number').sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v.length % 2 ? v[(v.length - 1) / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
}

/** Several runs of one engine: medians of the times, the largest peak, the first fingerprint. */
function summarise(runs) {
  const ok = runs.filter((r) => !r.error);
  if (ok.length === 0) return runs[0];
  const first = ok[0];
  return {
    ...first,
    runs: runs.length,
    load_seconds: median(ok.map((r) => r.load_seconds)),
    compute_seconds: median(ok.map((r) => r.compute_seconds)),
    peak_mib: Math.max(...ok.map((r) => r.peak_mib)),
    ...(first.dashboard && {
      dashboard: { ...first.dashboard, p50_ms: median(ok.map((r) => r.dashboard.p50_ms)), p99_ms: median(ok.map((r) => r.dashboard.p99_ms)) },
    }),
    error: ok.length < runs.length ? runs.find((r) => r.error).error : undefined,
  };
}

async function runEngine(name, ctx) {
  console.error(`bench: ${name}…`);
  try {
    const r = await kEngines[name](ctx);
    console.error(`bench: ${name} load ${r.load_seconds.toFixed(2)} s, compute ${r.compute_seconds.toFixed(2)} s`);
    return r;
  } catch (e) {
    console.error(`bench: ${name} FAILED: ${e.message}`);
    return { engine: name, error: e.message };
  }
}

/** Every engine's fingerprint against DuckDB's (or the first engine's when DuckDB is not run). */
function checkFingerprints(results) {
  const withFp = results.filter((r) => !r.error && r.fingerprint);
  const reference = withFp.find((r) => r.engine === 'duckdb') ?? withFp[0];
  const mismatches = [];
  if (!reference) return { reference: null, mismatches };
  const want = normalise(reference.fingerprint);
  for (const r of withFp) {
    if (r === reference) continue;
    for (const d of compare(want, normalise(r.fingerprint))) mismatches.push({ engine: r.engine, ...d });
  }
  return { reference: reference.engine, mismatches };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const workDir = path.join(kRoot, 'var/bench');
  fs.mkdirSync(workDir, { recursive: true });
  const data = prepareData(args, workDir);
  const ctx = {
    dataDir: data.dir,
    territoryFile: data.territory,
    sqlDir: path.join(kBench, 'sql'),
    workDir,
    repoRoot: kRoot,
    pdzBinary: args.pdz,
    log: (m) => console.error(`bench: ${m}`),
  };

  const perEngine = Object.fromEntries(args.engines.map((e) => [e, []]));
  for (let i = 0; i < args.runs; i++) {
    for (const e of args.engines) perEngine[e].push(await runEngine(e, ctx));
  }
  const results = args.engines.map((e) => summarise(perEngine[e]));
  const fingerprints = checkFingerprints(results);
  const goals = targets(results);

  printReport({ args, data, results, fingerprints, goals });

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(workDir, `results-${stamp}.json`);
  const machine = { cpus: (await import('node:os')).cpus().length, node: process.version };
  fs.writeFileSync(
    file,
    JSON.stringify({ date: new Date().toISOString(), machine, args, data, results, fingerprints, targets: goals }, null, 2) + '\n',
  );
  console.log(`\nResults written to ${path.relative(process.cwd(), file) || file}`);

  const failed = results.some((r) => r.error) || fingerprints.mismatches.length > 0;
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`bench: ${e.message}`);
  process.exit(2);
});
