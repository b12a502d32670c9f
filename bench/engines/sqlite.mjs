// SQLite engine: the Debian sqlite3 shell on a file database under var/bench, one process per
// phase (load, workload, fingerprint) so that each phase is timed on its own; the peak memory is
// the largest of the three.
import fs from 'node:fs';
import path from 'node:path';
import { kTables, parseCsvLines } from '../lib/fingerprint.mjs';
import { check, run } from '../lib/proc.mjs';
import { readSql } from '../lib/sql.mjs';

function removeDb(db) {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
}

async function shell(db, settings, script, what) {
  return check(await run('sqlite3', [db], { input: `${settings}\n${script}\n` }), `SQLite ${what}`);
}

export async function runSQLite({ dataDir, sqlDir, workDir }) {
  const db = path.join(workDir, 'sqlite.db');
  removeDb(db);
  const settings = readSql(path.join(sqlDir, 'sqlite-settings.sql'));
  const version = check(await run('sqlite3', ['--version']), 'sqlite3 --version').stdout.split(' ')[0];
  try {
    const load = await shell(
      db,
      settings,
      readSql(path.join(sqlDir, 'load-sqlite.sql'), { '@DATA@': path.resolve(dataDir) }),
      'load',
    );
    const compute = await shell(db, settings, readSql(path.join(sqlDir, 'workload.sql')), 'workload');
    const fp = await shell(db, settings, `.mode csv\n.headers off\n${readSql(path.join(sqlDir, 'check.sql'))}`, 'check');
    const counts = await shell(db, settings, '.mode csv\nSELECT (SELECT COUNT(*) FROM spesa) + (SELECT COUNT(*) FROM beneficiari);', 'count');
    return {
      engine: 'sqlite',
      version,
      load_seconds: load.seconds,
      compute_seconds: compute.seconds,
      peak_mib: Math.max(load.peakMiB, compute.peakMiB, fp.peakMiB),
      rows: Number(counts.stdout.trim().split('\n').pop()),
      // The settings echo "off" for journal_mode: keep only the fingerprint's own lines.
      fingerprint: parseCsvLines(fp.stdout).filter((r) => kTables.includes(r[0])),
    };
  } finally {
    removeDb(db);
  }
}
