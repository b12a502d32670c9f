// DuckDB side of the benchmark, run as its own process so its memory is measured alone:
// loads the CSV files with load-duckdb.sql, runs workload.sql, then check.sql, and prints one
// JSON object with the timings and the fingerprint on stdout.
//
//   node bench/engines/duckdb-child.mjs DATA_DIR SQL_DIR [DB_FILE]
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readSql, statements } from '../lib/sql.mjs';

async function runAll(conn, sql) {
  for (const s of statements(sql)) await conn.run(s);
}

function selfPeakMiB() {
  const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : 0;
}

async function main() {
  const [dataDir, sqlDir, dbFile = ':memory:'] = process.argv.slice(2);
  const instance = await DuckDBInstance.create(dbFile);
  const conn = await instance.connect();
  const version = (await conn.runAndReadAll('SELECT version()')).getRows()[0][0];

  let t = performance.now();
  await runAll(conn, readSql(path.join(sqlDir, 'load-duckdb.sql'), { '@DATA@': path.resolve(dataDir) }));
  const loadSeconds = (performance.now() - t) / 1000;

  t = performance.now();
  await runAll(conn, readSql(path.join(sqlDir, 'workload.sql')));
  const computeSeconds = (performance.now() - t) / 1000;

  const fingerprint = [];
  for (const s of statements(readSql(path.join(sqlDir, 'check.sql')))) {
    const rows = (await conn.runAndReadAll(s)).getRows();
    fingerprint.push(rows[0].map((v) => (typeof v === 'bigint' ? v.toString() : v)));
  }
  const counts = (
    await conn.runAndReadAll('SELECT (SELECT COUNT(*) FROM spesa), (SELECT COUNT(*) FROM beneficiari)')
  ).getRows()[0];

  process.stdout.write(
    JSON.stringify({
      version,
      load_seconds: loadSeconds,
      compute_seconds: computeSeconds,
      rows: { spesa: Number(counts[0]), beneficiari: Number(counts[1]) },
      peak_mib: selfPeakMiB(),
      fingerprint,
    }) + '\n',
  );
  conn.closeSync();
  instance.closeSync();
}

main().catch((e) => {
  console.error(`duckdb: ${e.message}`);
  process.exit(1);
});
