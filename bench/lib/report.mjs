// The benchmark's printed report: the figures per engine, ratios to DuckDB, the fingerprint
// check and pdz's targets (docs/bench.md), each "met" or "not met".
import { kColumns } from './fingerprint.mjs';

const kMiB = 1024;

/** pdz's targets, all taken in the same run as DuckDB's figures. */
export function targets(results) {
  const pdz = results.find((r) => r.engine === 'pdz' && !r.error);
  const duck = results.find((r) => r.engine === 'duckdb' && !r.error);
  const ratio = (a, b) => (a != null && b ? a / b : null);
  const goal = (name, value, op, limit, unit) => ({
    name,
    value,
    op,
    limit,
    unit,
    met: value == null ? null : op === '<' ? value < limit : value <= limit,
  });
  return [
    goal('compute time vs DuckDB', ratio(pdz?.compute_seconds, duck?.compute_seconds), '≤', 0.1, '×'),
    goal('import time vs DuckDB load', ratio(pdz?.load_seconds, duck?.load_seconds), '≤', 1.0, '×'),
    goal('import peak memory', pdz?.import_peak_mib ?? null, '<', kMiB, 'MiB'),
    goal('dashboard p99 latency', pdz?.dashboard?.p99_ms ?? null, '<', 20, 'ms'),
  ];
}

function table(headers, rows, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const cell = (v, i) => (align[i] === 'r' ? String(v).padStart(widths[i]) : String(v).padEnd(widths[i]));
  const lines = [headers.map(cell).join('  '), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) lines.push(r.map(cell).join('  '));
  return lines.join('\n');
}

const fixed = (v, d) => (typeof v === 'number' ? v.toFixed(d) : '–');
const thousands = (v) => (typeof v === 'number' ? Math.round(v).toLocaleString('en-US') : '–');

export function printReport({ args, data, results, fingerprints, goals }) {
  const rows = data.manifest?.rows;
  console.log('\nKnowledge-system benchmark');
  console.log(`data: ${data.dir}${data.manifest ? ` (scale ${data.manifest.scale}, seed ${data.manifest.seed})` : ''}`);
  if (rows) console.log(`rows: spesa ${thousands(rows.spesa)}, beneficiari ${thousands(rows.beneficiari)}, ambiti ${rows.ambiti}`);
  if (args.runs > 1) console.log(`runs: ${args.runs} (medians of the times, largest peak)`);
  console.log('');

  const body = results.map((r) =>
    r.error
      ? [r.engine, 'FAILED', '–', '–', '–', '–']
      : [r.engine, r.version ?? '', fixed(r.load_seconds, 2), thousands(r.rows / r.load_seconds), fixed(r.compute_seconds, 2), thousands(r.peak_mib)],
  );
  console.log(table(['engine', 'version', 'load s', 'rows/s', 'compute s', 'peak MiB'], body, 'llrrrr'));
  for (const r of results.filter((x) => x.error)) console.log(`\n${r.engine} failed: ${r.error}`);

  const duck = results.find((r) => r.engine === 'duckdb' && !r.error);
  if (duck) {
    const others = results.filter((r) => !r.error && r !== duck);
    if (others.length) {
      console.log('\nRatios to DuckDB (lower is faster)');
      console.log(
        table(
          ['engine', 'load', 'compute'],
          others.map((r) => [r.engine, `${fixed(r.load_seconds / duck.load_seconds, 2)}×`, `${fixed(r.compute_seconds / duck.compute_seconds, 3)}×`]),
          'lrr',
        ),
      );
    }
  }

  const pdz = results.find((r) => r.engine === 'pdz' && !r.error);
  if (pdz) {
    console.log(`\npdz: compute wall time ${fixed(pdz.compute_wall_seconds, 2)} s (the process), import peak ${thousands(pdz.import_peak_mib)} MiB, database ${thousands(pdz.database_mib)} MiB`);
    const d = pdz.dashboard;
    console.log(`pdz dashboard: ${d.requests} GETs, p50 ${fixed(d.p50_ms, 2)} ms, p99 ${fixed(d.p99_ms, 2)} ms, server peak ${thousands(d.server_peak_mib)} MiB`);
  }

  printFingerprints(results, fingerprints);

  if (args.engines.includes('pdz')) {
    console.log('\nTargets (pdz, same run)');
    console.log(
      table(
        ['target', 'value', 'limit', 'result'],
        goals.map((g) => [g.name, g.value == null ? 'n/a' : `${fixed(g.value, g.unit === '×' ? 3 : 1)} ${g.unit}`, `${g.op} ${g.limit} ${g.unit}`, g.met == null ? 'n/a' : g.met ? 'met' : 'not met']),
        'lrrl',
      ),
    );
  }
}

function printFingerprints(results, { reference, mismatches }) {
  const checked = results.filter((r) => !r.error && r.fingerprint && r.engine !== reference).map((r) => r.engine);
  if (!reference || checked.length === 0) {
    console.log('\nFingerprint: nothing to compare');
    return;
  }
  if (mismatches.length === 0) {
    console.log(`\nFingerprint: ${checked.join(', ')} ${checked.length === 1 ? 'agrees' : 'agree'} with ${reference} (${Object.values(kColumns).flat().length} integers)`);
    return;
  }
  console.log(`\nFingerprint MISMATCH against ${reference}`);
  console.log(
    table(
      ['engine', 'table', 'column', reference, 'engine value'],
      mismatches.map((m) => [m.engine, m.table, m.column, m.expected, m.actual]),
      'lllrr',
    ),
  );
}
