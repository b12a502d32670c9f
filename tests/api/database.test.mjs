// The installation's database: `pdz db copy` between backends (verified, refusing a non-empty
// target), and a clear refusal at start-up for a wrong DSN, an unreachable server, a missing
// database or a schema newer than the binary. Runs on both backends (the PostgreSQL run copies
// PostgreSQL -> SQLite -> PostgreSQL; the SQLite run SQLite -> SQLite -> SQLite).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, bin, sourceDir, backend } from '../lib/server.mjs';
import { API, loginAs } from './lib/helpers.mjs';

const pgBase = process.env.PDZ_TEST_PG_FILE ? readFileSync(process.env.PDZ_TEST_PG_FILE, 'utf8').trim() : null;
let server;

function pdz(args) {
  return spawnSync(bin, args, { cwd: sourceDir, encoding: 'utf8', timeout: 120000 });
}

/** The per-table lines of `pdz db copy`: "  table: N righe, checksum X". */
function tableLines(out) {
  return out.split('\n').filter((l) => /^ {2}\w+: \d+ righe, checksum [0-9a-f]{32}$/.test(l));
}

/** A new, empty target of this run's backend. */
function freshTarget(name) {
  if (pgBase) return `${pgBase}/pdz_copy_${name}_${randomBytes(4).toString('hex')}`;
  return join(server.dir, `${name}.db`);
}

function psql() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const v = readdirSync(root).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).at(-1);
  return v ? join(root, v, 'bin', 'psql') : null;
}

before(async () => { server = await startServer(); });
after(async () => { await server?.stop(); });

test(`db copy moves the whole installation and verifies every table (${backend})`, async () => {
  // A login after the demo load: the copy is of a living installation (sessions, audit).
  await loginAs(server.url, 'regione');
  const file = join(server.dir, 'copy.db');
  const first = pdz(['db', 'copy', '--from', server.db, '--to', file]);
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stdout, /conteggi e checksum coincidono/);
  const lines = tableLines(first.stdout);
  assert.ok(lines.length >= 30, `expected every table, got ${lines.length}: ${first.stdout}`);
  assert.ok(lines.some((l) => /^ {2}flow_blocks: [1-9]\d* righe/.test(l)), 'the flows\' blocks (bytes) are copied');
  assert.ok(lines.some((l) => /^ {2}audit_log: [1-9]\d* righe/.test(l)), 'the audit log is copied');

  // Back to this run's backend: the same rows, the same checksums.
  const target = freshTarget('back');
  const second = pdz(['db', 'copy', '--from', file, '--to', target]);
  assert.equal(second.status, 0, second.stderr);
  assert.deepEqual(tableLines(second.stdout), lines);

  // A server on the copy answers as the original.
  const copy = await startServer({ db: target });
  try {
    for (const path of [`${API}/ambiti?region=03`, `${API}/ambiti/medio-olona/plans`, `${API}/regions/03`]) {
      const [a, b] = await Promise.all([fetch(server.url + path), fetch(copy.url + path)]);
      assert.equal(a.status, 200, path);
      assert.deepEqual(await b.json(), await a.json(), path);
    }
    // New rows on the copy get new ids (identity sequences continue after the copied ones).
    const c = await loginAs(copy.url, 'regione');
    const r = await c.post(`${API}/users`, { username: `copia.${backend}`, display_name: 'Dopo la copia', password: 'Password-lunga-1' });
    assert.equal(r.status, 201, r.text);
  } finally {
    await copy.stop();
  }
});

test('db copy refuses a non-empty target without --force, and replaces it with --force', () => {
  const target = freshTarget('twice');
  assert.equal(pdz(['db', 'copy', '--from', server.db, '--to', target]).status, 0);
  const refused = pdz(['db', 'copy', '--from', server.db, '--to', target]);
  assert.notEqual(refused.status, 0);
  assert.match(refused.stderr, /non è vuoto/);
  assert.match(refused.stderr, /--force/);
  const forced = pdz(['db', 'copy', '--from', server.db, '--to', target, '--force']);
  assert.equal(forced.status, 0, forced.stderr);
  assert.match(forced.stdout, /conteggi e checksum coincidono/);
});

test('a wrong DSN, an unreachable server or a missing database: a clear message and a non-zero exit', () => {
  const cases = [
    { db: 'postgresql://pdz@127.0.0.1:1/pdz', says: /Impossibile connettersi.*127\.0\.0\.1/s },
    { db: 'postgresql://pdz@127.0.0.1:5432', says: /non indica il database/ },
    { db: 'postgresql://pdz@[::1/x', says: /URL PostgreSQL non valido/ },
    { db: join(server.dir, 'assente.db'), says: /non esiste: crearlo con 'pdz db init/ },
  ];
  if (pgBase) cases.push({ db: `${pgBase}/pdz_absent_${randomBytes(3).toString('hex')}`, says: /non esiste: crearlo con 'pdz db init/ });
  for (const c of cases) {
    const r = pdz(['serve', '--db', c.db, '--port', '1']);
    assert.notEqual(r.status, 0, `${c.db}: exit ${r.status}`);
    assert.match(r.stderr, c.says, `${c.db}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /in ascolto/, 'never a half-started server');
  }
  // The password of a URL is never printed.
  const secret = pdz(['serve', '--db', 'postgresql://pdz:segretissima@127.0.0.1:1/pdz', '--port', '1']);
  assert.notEqual(secret.status, 0);
  assert.doesNotMatch(secret.stderr, /segretissima/);
});

test('a database of a newer schema is refused at start-up and by migrate', () => {
  const target = freshTarget('newer');
  assert.equal(pdz(['db', 'copy', '--from', server.db, '--to', target]).status, 0);
  const bump = 'INSERT INTO schema_version (version) SELECT max(version) + 1 FROM schema_version';
  if (pgBase) execFileSync(psql(), [target, '-qc', bump]);
  else execFileSync('sqlite3', [target, bump]);
  const serve = pdz(['serve', '--db', target, '--port', '1']);
  assert.notEqual(serve.status, 0);
  assert.match(serve.stderr, /aggiornare pdz/);
  assert.doesNotMatch(serve.stderr, /in ascolto/);
  const migrate = pdz(['db', 'migrate', '--db', target]);
  assert.notEqual(migrate.status, 0);
  assert.match(migrate.stderr, /più recente di questo programma/);
});
