// DuckDB engine: runs duckdb-child.mjs in its own process (in-memory database) and reads back
// its timings, peak memory and fingerprint.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, run } from '../lib/proc.mjs';

const kChild = path.join(path.dirname(fileURLToPath(import.meta.url)), 'duckdb-child.mjs');

export async function runDuckDB({ dataDir, sqlDir }) {
  const r = check(await run(process.execPath, [kChild, dataDir, sqlDir]), 'DuckDB');
  const out = JSON.parse(r.stdout.trim().split('\n').pop());
  return {
    engine: 'duckdb',
    version: out.version,
    load_seconds: out.load_seconds,
    compute_seconds: out.compute_seconds,
    peak_mib: Math.max(r.peakMiB, out.peak_mib),
    rows: out.rows.spesa + out.rows.beneficiari,
    fingerprint: out.fingerprint,
  };
}
