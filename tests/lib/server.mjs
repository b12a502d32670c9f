// Starts a real pdz server on a free loopback port with a fresh demo database, for black-box tests.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';

export const bin = process.env.PDZ_BIN;
export const sourceDir = process.env.PDZ_SOURCE_DIR;
if (!bin || !sourceDir) throw new Error('PDZ_BIN and PDZ_SOURCE_DIR must be set (run through ctest)');

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

/** Creates a fresh database (demo data unless demo=false) and starts `pdz serve` on it. */
export async function startServer({ demo = true, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'pdz-test-'));
  const db = join(dir, 'pdz.db');
  execFileSync(bin, ['db', 'init', '--db', db, ...(demo ? ['--demo'] : [])], {
    cwd: sourceDir, stdio: ['ignore', 'ignore', 'inherit'],
  });
  const port = await freePort();
  const args = ['serve', '--db', db, '--port', String(port)];
  if (process.env.PDZ_STATIC) args.push('--static', process.env.PDZ_STATIC);
  const child = spawn(bin, args, { cwd: sourceDir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error(`server did not start: ${stderr}`); }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url, db, dir,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((r) => { child.once('exit', r); setTimeout(r, 5000); });
      }
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
