// Starts a real pdz server on a free loopback port with a fresh demo database, for black-box tests.
// With PDZ_TEST_PG_FILE (a file holding a PostgreSQL base URL, written by tests/pg/cluster.sh) every
// server gets a fresh PostgreSQL database in that cluster instead of a SQLite file.
import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const bin = process.env.PDZ_BIN;
export const sourceDir = process.env.PDZ_SOURCE_DIR;
if (!bin || !sourceDir) throw new Error('PDZ_BIN and PDZ_SOURCE_DIR must be set (run through ctest)');

const pgFile = process.env.PDZ_TEST_PG_FILE;
const pgBase = pgFile ? readPgBase(pgFile) : null;

/** The storage backend the servers of this run use: 'sqlite' or 'postgresql'. */
export const backend = pgBase ? 'postgresql' : 'sqlite';

function readPgBase(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(`PDZ_TEST_PG_FILE=${file} cannot be read (${e.code}): start the cluster with tests/pg/cluster.sh start ${file}`);
  }
  const base = text.trim().replace(/\/+$/, '');
  if (!/^postgres(ql)?:\/\//.test(base)) throw new Error(`PDZ_TEST_PG_FILE=${file} does not hold a postgresql:// URL: '${base}'`);
  return base;
}

/** The newest PostgreSQL client folder (Debian keeps psql of each version there), or null. */
function pgBinDir() {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(join(root, v, 'bin', 'psql')));
  versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  return versions.length ? join(root, versions.at(-1), 'bin') : null;
}

let dbCounter = 0;

/** A fresh database name for this process: pdz_t_<pid>_<counter>_<random hex>. */
function freshPgUrl() {
  dbCounter += 1;
  return `${pgBase}/pdz_t_${process.pid}_${dbCounter}_${randomBytes(4).toString('hex')}`;
}

/** Drops a test database (best effort: the cluster is thrown away at the end anyway). */
function dropPgDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  if (!/^pdz_t_[0-9a-z_]+$/.test(name)) return;
  const dir = pgBinDir();
  if (!dir) return;
  try {
    execFileSync(join(dir, 'psql'), ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', `${pgBase}/postgres`,
      '-c', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: ['ignore', 'ignore', 'ignore'], timeout: 30000 });
  } catch { /* leave it: the cluster goes at the end */ }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Creates a fresh database (demo data unless demo=false) and starts `pdz serve` on it: a SQLite file
 * in a temporary folder, or with PDZ_TEST_PG_FILE a new PostgreSQL database. With `db` (the `db` of
 * another server) it starts on that existing database instead, creating nothing; its stop() leaves
 * the database alone. `dir` is a temporary folder of this server either way (tests write files there).
 */
export async function startServer({ demo = true, env = {}, db: existing } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pdz-test-'));
  const owns = !existing;
  const db = existing || (pgBase ? freshPgUrl() : join(dir, 'pdz.db'));
  if (owns) {
    try {
      execFileSync(bin, ['db', 'init', '--db', db, ...(demo ? ['--demo'] : [])], {
        cwd: sourceDir, stdio: ['ignore', 'ignore', 'inherit'],
      });
    } catch (e) {
      if (pgBase) dropPgDatabase(db);
      rmSync(dir, { recursive: true, force: true });
      throw e;
    }
  }
  const port = await freePort();
  const args = ['serve', '--db', db, '--port', String(port)];
  if (process.env.PDZ_STATIC) args.push('--static', process.env.PDZ_STATIC);
  const child = spawn(bin, args, { cwd: sourceDir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    let failure = null;
    if (child.exitCode !== null || child.signalCode !== null) failure = `server exited (${child.exitCode ?? child.signalCode}): ${stderr}`;
    else {
      try {
        const r = await fetch(`${url}/healthz`);
        if (r.ok) break;
      } catch { /* not up yet */ }
      if (Date.now() > deadline) { child.kill('SIGKILL'); failure = `server did not start: ${stderr}`; }
    }
    if (failure) {
      if (owns && pgBase) dropPgDatabase(db);
      rmSync(dir, { recursive: true, force: true });
      throw new Error(failure);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, db, dir, backend,
    stderr: () => stderr,
    async stop() {
      const running = () => child.exitCode === null && child.signalCode === null;
      if (running()) {
        child.kill('SIGTERM');
        await new Promise((r) => { child.once('exit', r); setTimeout(r, 5000); });
      }
      if (running()) {
        child.kill('SIGKILL');
        await new Promise((r) => { child.once('exit', r); setTimeout(r, 2000); });
      }
      if (owns && pgBase) dropPgDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A tiny HTTP client that keeps the session cookie and sends the CSRF token on writes. */
export class Client {
  constructor(base) { this.base = base; this.cookie = null; this.csrf = null; }

  async request(method, path, body, { headers = {}, raw = false, binary = false } = {}) {
    const h = { ...headers };
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET' && !('x-csrf-token' in h)) h['x-csrf-token'] = this.csrf;
    let payload;
    if (body !== undefined) {
      if (raw) payload = body;
      else { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload, redirect: 'manual' });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) {
      const m = /pdz_session=([^;]*)/.exec(setCookie);
      if (m) this.cookie = m[1] ? `pdz_session=${m[1]}` : null;
    }
    if (binary) return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
    const text = await res.text();
    let json = null;
    try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
    return { status: res.status, headers: res.headers, json, text };
  }

  get(p, o) { return this.request('GET', p, undefined, o); }
  post(p, b, o) { return this.request('POST', p, b, o); }
  patch(p, b, o) { return this.request('PATCH', p, b, o); }
  put(p, b, o) { return this.request('PUT', p, b, o); }
  delete(p, o) { return this.request('DELETE', p, undefined, o); }

  async login(username, password = 'demo') {
    const r = await this.post('/api/v1/session', { username, password });
    if (r.status === 200) this.csrf = r.json.csrf_token;
    return r;
  }
}
