// pdz engine: the release binary on a fresh database file. Not timed: `db init` and the territory
// import. Timed: the two flow imports (load), `indicators fingerprint` (compute), then the
// dashboard's latency over HTTP against `pdz serve`.
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { check, peakMiB, run } from '../lib/proc.mjs';
import { mulberry32 } from '../lib/prng.mjs';

const kDashboardRequests = 1000;
const kWarmup = 20;
const kDashboardYear = 2024;

function removeDb(db) {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
}

/** Fails with a clear message when this pdz lacks the knowledge-system commands. */
async function requireCommands(binary) {
  if (!fs.existsSync(binary)) {
    throw new Error(`pdz binary not found at ${binary}: build it with 'make build-release'`);
  }
  const help = (await run(binary, ['--help'])).stdout;
  const has = (name) => new RegExp(`^\\s+${name}\\s`, 'm').test(help);
  if (!has('flow')) throw new Error("pdz flow import not available (this pdz has no 'flow' command)");
  if (!has('indicators')) throw new Error("pdz indicators fingerprint not available (this pdz has no 'indicators' command)");
}

/** The last line of stdout that parses as a JSON object (progress goes to stderr anyway). */
function lastJson(stdout, what) {
  const line = stdout
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.trim().startsWith('{'));
  if (!line) throw new Error(`${what}: no JSON object on stdout`);
  return JSON.parse(line);
}

async function importFlow(binary, db, flow, file) {
  const r = check(await run(binary, ['flow', 'import', flow, file, '--db', db, '--json', '--no-progress']), `pdz flow import ${flow}`);
  const out = lastJson(r.stdout, `pdz flow import ${flow}`);
  return { rows: Number(out.rows), seconds: r.seconds, reported_seconds: Number(out.seconds), peak_mib: r.peakMiB };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function get(agent, port, urlPath) {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: urlPath, agent }, (res) => {
      res.resume(); // the body is read and dropped: latency includes the transfer
      res.on('end', () => resolve(res.statusCode));
    });
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new Error(`timeout on ${urlPath}`)));
  });
}

async function waitReady(agent, port, server) {
  const deadline = Date.now() + 30000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`pdz serve exited with code ${server.exitCode}`);
    try {
      if ((await get(agent, port, '/healthz')) === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('pdz serve did not answer /healthz within 30 s');
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** 1,000 sequential dashboard GETs for random ambiti over one keep-alive connection. */
async function dashboardLatency(binary, db, ambitoCodes) {
  const port = await freePort();
  const server = spawn(binary, ['serve', '--db', db, '--port', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => (stderr += d));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await waitReady(agent, port, server);
    const rand = mulberry32(2024);
    const pathFor = () => {
      const code = ambitoCodes[Math.floor(rand() * ambitoCodes.length)];
      return `/api/v1/indicators/dashboard?level=ambito&code=${encodeURIComponent(code)}&year=${kDashboardYear}`;
    };
    for (let i = 0; i < kWarmup; i++) await get(agent, port, pathFor());
    const ms = [];
    const statuses = {};
    for (let i = 0; i < kDashboardRequests; i++) {
      const t = performance.now();
      const status = await get(agent, port, pathFor());
      ms.push(performance.now() - t);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
    ms.sort((a, b) => a - b);
    const result = {
      requests: kDashboardRequests,
      p50_ms: percentile(ms, 50),
      p99_ms: percentile(ms, 99),
      statuses,
      server_peak_mib: peakMiB(server.pid),
    };
    if (!statuses[200] || statuses[200] !== kDashboardRequests) {
      throw new Error(`dashboard answered ${JSON.stringify(statuses)} (expected 200 only)\n${stderr.slice(-2000)}`);
    }
    return result;
  } finally {
    agent.destroy();
    server.kill('SIGTERM');
    await new Promise((r) => (server.exitCode !== null ? r() : server.on('exit', r)));
  }
}

/** pdz has no version number of its own: the commit the binary was built from stands for it. */
async function commitOf(repoRoot) {
  const r = await run('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']);
  return r.code === 0 ? `commit ${r.stdout.trim()}` : 'build/release';
}

export async function runPdz({ dataDir, territoryFile, workDir, repoRoot, pdzBinary, log }) {
  const binary = pdzBinary ?? path.join(repoRoot, 'build/release/programs/pdz/pdz');
  await requireCommands(binary);
  const db = path.join(workDir, 'pdz.db');
  removeDb(db);
  check(await run(binary, ['db', 'init', '--db', db]), 'pdz db init');
  check(await run(binary, ['import', 'territory', territoryFile, '--db', db]), 'pdz import territory');

  log('pdz: import spesa');
  const spesa = await importFlow(binary, db, 'spesa', path.join(dataDir, 'spesa.csv'));
  log(`pdz: import beneficiari (spesa ${spesa.rows} rows in ${spesa.seconds.toFixed(1)} s)`);
  const benef = await importFlow(binary, db, 'beneficiari', path.join(dataDir, 'beneficiari.csv'));

  log('pdz: indicators fingerprint');
  const fp = check(await run(binary, ['indicators', 'fingerprint', '--db', db, '--json']), 'pdz indicators fingerprint');
  const computed = lastJson(fp.stdout, 'pdz indicators fingerprint');

  log('pdz: dashboard latency');
  const ambitoCodes = JSON.parse(fs.readFileSync(territoryFile, 'utf8')).ambiti.map((a) => a.code);
  const dashboard = await dashboardLatency(binary, db, ambitoCodes);
  const dbBytes = fs.statSync(db).size;
  removeDb(db);

  const importPeak = Math.max(spesa.peak_mib, benef.peak_mib);
  return {
    engine: 'pdz',
    version: await commitOf(repoRoot),
    load_seconds: spesa.seconds + benef.seconds,
    compute_seconds: Number(computed.compute_seconds),
    compute_wall_seconds: fp.seconds,
    peak_mib: Math.max(importPeak, fp.peakMiB),
    import_peak_mib: importPeak,
    rows: spesa.rows + benef.rows,
    imports: { spesa, beneficiari: benef },
    database_mib: dbBytes / 1048576,
    dashboard,
    fingerprint: computed.fingerprint,
  };
}
