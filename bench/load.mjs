#!/usr/bin/env node
// The HTTP load benchmark: `pdz serve` on a fresh demo database (a SQLite file; PostgreSQL too when
// asked), a demo user logged in, then `wrk` on the main reads and two writes, one endpoint at a
// time. Prints requests/s, p50 and p99 latency and the non-2xx count per backend and endpoint and
// writes them to var/bench/load-<time>.json. No npm packages: Node, wrk (Debian 4.1) and pdz.
//
//   node bench/load.mjs [--duration 10s] [--connections 16] [--threads 2] [--bin PATH]
//                       [--pg postgresql://USER@HOST:PORT | --pg-auto] [--backends sqlite,pg]
//                       [--endpoints NAME,…] [--keep-db]
// --pg: a PostgreSQL server; a fresh database pdz_load_<time> is made under it with
//       `pdz db init --db URL/NAME --demo` and dropped at the end (unless --keep-db).
// --pg-auto: a throwaway cluster in a temp folder (initdb of the newest /usr/lib/postgresql/*/bin,
//       as user nobody when run as root), on a free port of 127.0.0.1, stopped and removed at the end.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, peakMiB, run } from './lib/proc.mjs';

const kRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const kDefaultBin = path.join(kRoot, 'build/release/programs/pdz/pdz');
const kUser = 'udp.medioolona'; // udp_editor of Medio Olona: reads its plan, writes its meetings
const kAmbito = 'medio-olona';
const kWarmup = 20;

const usage =
  'usage: load.mjs [--duration 10s] [--connections 16] [--threads 2] [--bin PATH] ' +
  '[--pg postgresql://USER@HOST:PORT | --pg-auto] [--backends sqlite,pg] [--endpoints NAME,…] [--keep-db]';

function parseArgs(argv) {
  const a = { duration: '10s', connections: 16, threads: 2, bin: kDefaultBin, pg: null, pgAuto: false, backends: null, endpoints: null, keepDb: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${k} needs a value; ${usage}`);
      return argv[++i];
    };
    if (k === '--duration') a.duration = value();
    else if (k === '--connections') a.connections = Number(value());
    else if (k === '--threads') a.threads = Number(value());
    else if (k === '--bin') a.bin = path.resolve(value());
    else if (k === '--pg') a.pg = value();
    else if (k === '--pg-auto') a.pgAuto = true;
    else if (k === '--backends') a.backends = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (k === '--endpoints') a.endpoints = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (k === '--keep-db') a.keepDb = true;
    else if (k === '-h' || k === '--help') {
      console.log(usage);
      process.exit(0);
    } else throw new Error(`unknown argument ${k}; ${usage}`);
  }
  if (!/^\d+(\.\d+)?[smh]?$/.test(a.duration)) throw new Error(`--duration ${a.duration}: expected e.g. 10s, 1m`);
  for (const k of ['connections', 'threads']) {
    if (!(Number.isInteger(a[k]) && a[k] > 0)) throw new Error(`--${k} must be a positive integer`);
  }
  if (a.threads > a.connections) throw new Error('--threads cannot exceed --connections (wrk needs a connection per thread)');
  if (a.pg && a.pgAuto) throw new Error('--pg and --pg-auto exclude each other');
  if (a.pg && !/^postgres(ql)?:\/\//.test(a.pg)) throw new Error(`--pg ${a.pg}: expected postgresql://USER@HOST:PORT`);
  a.backends ??= a.pg || a.pgAuto ? ['sqlite', 'pg'] : ['sqlite'];
  for (const b of a.backends) if (!['sqlite', 'pg'].includes(b)) throw new Error(`unknown backend ${b}: use sqlite, pg`);
  if (a.backends.includes('pg') && !a.pg && !a.pgAuto) throw new Error('backend pg needs --pg URL or --pg-auto');
  return a;
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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Things to undo at the end, newest first, also on Ctrl-C. Each is synchronous. */
const cleanups = [];
function cleanupAll(keep = 0) {
  while (cleanups.length > keep) {
    const f = cleanups.pop();
    try {
      f();
    } catch (e) {
      console.error(`load: cleanup: ${e.message}`);
    }
  }
}
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.error(`\nload: ${sig}, stopping`);
    cleanupAll();
    process.exit(130);
  });
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

/** A URL without its path, query and password, for messages and the JSON. */
function redact(url) {
  const u = new URL(url);
  u.password = u.password ? '***' : '';
  return u.toString();
}

/** postgresql://user@host:port[/anything] -> postgresql://user@host:port/NAME */
function withDatabase(url, name) {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Runs a PostgreSQL tool as the cluster's owner: `nobody` when we are root. */
function asOwner(cmd, args, opts = {}) {
  const [c, a] = process.getuid() === 0 ? ['runuser', ['-u', 'nobody', '--', cmd, ...args]] : [cmd, args];
  return execFileSync(c, a, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', ...opts });
}

/** A throwaway cluster: initdb in a temp folder, started on a free port; stopped and removed at the end. */
async function startCluster(log) {
  const binDir = execFileSync('bash', ['-c', 'ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1'], { encoding: 'utf8' }).trim();
  if (!binDir || !fs.existsSync(path.join(binDir, 'initdb'))) {
    throw new Error('no PostgreSQL server found under /usr/lib/postgresql (scripts/bootstrap installs it)');
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdz-load-pg-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  if (process.getuid() === 0) {
    const { uid, gid } = userIds('nobody');
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  const port = await freePort();
  log(`pg: initdb (${binDir}) in ${dir}, port ${port}`);
  asOwner(path.join(binDir, 'initdb'), ['-D', data, '-A', 'trust', '-U', 'pdz', '--no-locale', '-E', 'UTF8'], { cwd: dir });
  const pgCtl = path.join(binDir, 'pg_ctl');
  asOwner(pgCtl, ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-t', '60', '-o',
    `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir}`, 'start'], { cwd: dir });
  cleanups.push(() => {
    log('pg: stopping the throwaway cluster');
    asOwner(pgCtl, ['-D', data, '-m', 'fast', '-w', 'stop'], { cwd: dir });
  });
  return { url: `postgresql://pdz@127.0.0.1:${port}`, version: execFileSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).trim() };
}

function userIds(name) {
  const line = fs.readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`user ${name} not found`);
  const f = line.split(':');
  return { uid: Number(f[2]), gid: Number(f[3]) };
}

/** True when database `name` exists on the server of `base` (psql, the Debian client). */
function pgDatabaseExists(base, name) {
  const out = execFileSync('psql', [withDatabase(base, 'postgres'), '-tAc', `SELECT 1 FROM pg_database WHERE datname = '${name}'`], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return out.trim() === '1';
}

// ---------------------------------------------------------------------------------------------
// The server and the API

async function startServer(bin, db, workDir) {
  const port = await freePort();
  const child = spawn(bin, ['serve', '--db', db, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: workDir,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20000)));
  const stop = () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      try {
        execFileSync('bash', ['-c', `for i in $(seq 50); do kill -0 ${child.pid} 2>/dev/null || exit 0; sleep 0.1; done; kill -9 ${child.pid}`]);
      } catch {
        /* gone */
      }
    }
  };
  cleanups.push(stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pdz serve exited (${child.exitCode}):\n${stderr}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline) throw new Error(`pdz serve did not answer /healthz within 30 s:\n${stderr}`);
    await sleep(100);
  }
  return { url, pid: child.pid, stderr: () => stderr, stop };
}

async function api(server, method, p, { session, body } = {}) {
  const headers = {};
  if (session) {
    headers.cookie = session.cookie;
    if (method !== 'GET') headers['x-csrf-token'] = session.csrf;
  }
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text, headers: res.headers };
}

async function must(server, method, p, opts, want = 200) {
  const r = await api(server, method, p, opts);
  if (r.status !== want) throw new Error(`${method} ${p}: ${r.status} ${r.text.slice(0, 400)}`);
  return r;
}

async function login(server) {
  const r = await must(server, 'POST', '/api/v1/session', { body: { username: kUser, password: 'demo' } });
  const m = /pdz_session=([^;]*)/.exec(r.headers.get('set-cookie') ?? '');
  if (!m) throw new Error('login: no pdz_session cookie');
  return { cookie: `pdz_session=${m[1]}`, csrf: r.json.csrf_token };
}

const kMinutes = 'Verbale di prova del carico: si approva lo stato di attuazione.';

function meetingBody(bodyId, n) {
  return { body_id: bodyId, held_on: '2017-03-01', title: `Seduta di prova ${n}`, agenda: ['Stato di attuazione'], participants: ['Sindaco di Castellanza'] };
}

/** The ids the endpoints need, read from the demo data (nothing hard-coded but the ambito and user). */
async function discover(server, session) {
  const plans = (await must(server, 'GET', `/api/v1/ambiti/${kAmbito}/plans`, { session })).json.items;
  const plan = plans.find((p) => p.status !== 'bozza') ?? plans[0];
  if (!plan) throw new Error(`no plan for ambito ${kAmbito} in the demo data`);
  const bodies = (await must(server, 'GET', `/api/v1/ambiti/${kAmbito}/bodies`, { session })).json.items;
  const assemblea = bodies.find((b) => b.kind === 'assemblea') ?? bodies[0];
  if (!assemblea) throw new Error(`no body for ambito ${kAmbito} in the demo data`);
  const dash = (await must(server, 'GET', `/api/v1/indicators/dashboard?level=ambito&code=${kAmbito}`, { session })).json;
  return { planId: plan.id, bodyId: assemblea.id, year: dash.year };
}

/** The endpoints: name, method, path, body or a Lua script of their own, connections. */
function endpoints(ids, threads) {
  return [
    { name: 'ambiti', method: 'GET', path: '/api/v1/ambiti', what: 'territory: list of ambiti' },
    { name: 'plan', method: 'GET', path: `/api/v1/plans/${ids.planId}`, what: 'a Piano di Zona (the full document)' },
    { name: 'resources', method: 'GET', path: `/api/v1/plans/${ids.planId}/resources`, what: "the plan's resource frame with totals and checks" },
    { name: 'dashboard', method: 'GET', path: `/api/v1/indicators/dashboard?level=ambito&code=${kAmbito}&year=${ids.year}`, what: "an ambito's indicator dashboard" },
    { name: 'meeting-create', method: 'POST', path: `/api/v1/ambiti/${kAmbito}/meetings`, body: meetingBody(ids.bodyId, 'wrk'), want: 201, write: true, what: 'a new meeting (one row, audited)' },
    { name: 'meeting-edit', method: 'PATCH', path: '/api/v1/meetings/{id}', write: true, connections: threads, versioned: true,
      what: "a meeting's minutes with the version read from the previous answer (one connection per wrk thread, each on its own meeting)" },
  ];
}

// ---------------------------------------------------------------------------------------------
// wrk

/** A Lua long string that cannot be closed by its content. */
function luaString(s) {
  let eq = '=';
  while (s.includes(`]${eq}]`)) eq += '=';
  return `[${eq}[${s}]${eq}]`;
}

const kDoneLua = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "PDZ-RESULT {\\"requests\\":%d,\\"duration_us\\":%d,\\"bytes\\":%d,\\"connect\\":%d,\\"read\\":%d,\\"write\\":%d,\\"status\\":%d,\\"timeout\\":%d,\\"p50_us\\":%d,\\"p90_us\\":%d,\\"p99_us\\":%d,\\"max_us\\":%d,\\"mean_us\\":%.1f}\\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
`;

function luaScript(ep, session, targets) {
  const lines = [
    `wrk.method = "${ep.method}"`,
    `wrk.headers["Cookie"] = ${luaString(session.cookie)}`,
    `wrk.headers["Accept"] = "application/json"`,
  ];
  if (ep.method !== 'GET') lines.push(`wrk.headers["X-CSRF-Token"] = ${luaString(session.csrf)}`);
  if (ep.body) {
    lines.push('wrk.headers["Content-Type"] = "application/json"');
    lines.push(`wrk.body = ${luaString(JSON.stringify(ep.body))}`);
  }
  if (ep.versioned) {
    // Each wrk thread edits its own meeting over its one connection: it sends the version it read
    // from the previous answer (a 409 answer carries the current object, whose version is taken too).
    lines.push('wrk.headers["Content-Type"] = "application/json"');
    lines.push(`local targets = { ${targets.map((t) => `{ id = ${t.id}, version = ${t.version} }`).join(', ')} }`);
    lines.push(`local minutes = ${luaString(kMinutes)}`);
    lines.push(`
local made = 0
function setup(thread)
  made = made + 1
  thread:set("meeting_id", targets[made].id)
  thread:set("version", targets[made].version)
end
local n = 0
function request()
  n = n + 1
  local body = '{"version":' .. version .. ',"minutes":"' .. minutes .. ' (' .. n .. ')"}'
  return wrk.format(nil, "/api/v1/meetings/" .. meeting_id, nil, body)
end
function response(status, headers, body)
  local v = nil
  for m in string.gmatch(body, '"version":(%d+)') do v = m end
  if v then version = tonumber(v) end
end`);
  }
  lines.push(kDoneLua);
  return lines.join('\n') + '\n';
}

async function wrkVersion() {
  const r = await run('wrk', ['-v']);
  const m = /wrk (\S+)/.exec(r.stdout + r.stderr);
  if (!m) throw new Error('wrk not found: install it (scripts/bootstrap, Debian package wrk)');
  return m[1];
}

async function runWrk(server, ep, session, args, workDir, targets) {
  const script = path.join(workDir, `${ep.name}.lua`);
  fs.writeFileSync(script, luaScript(ep, session, targets));
  const connections = ep.connections ?? args.connections;
  const threads = Math.min(args.threads, connections);
  const urlPath = ep.versioned ? '/' : ep.path; // the versioned script builds its own paths
  const cpuBefore = cpuSeconds(server.pid);
  const r = check(
    await run('wrk', ['-t', String(threads), '-c', String(connections), '-d', args.duration, '--latency', '--timeout', '10s', '-s', script, server.url + urlPath]),
    `wrk ${ep.name}`,
  );
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  const line = r.stdout.split('\n').find((l) => l.startsWith('PDZ-RESULT '));
  if (!line) throw new Error(`wrk ${ep.name}: no result line in its output:\n${r.stdout}\n${r.stderr}`);
  const w = JSON.parse(line.slice('PDZ-RESULT '.length));
  const seconds = w.duration_us / 1e6;
  return {
    endpoint: ep.name,
    method: ep.method,
    path: ep.versioned ? '/api/v1/meetings/{id}' : ep.path,
    what: ep.what,
    threads,
    connections,
    requests: w.requests,
    seconds,
    rps: w.requests / seconds,
    p50_ms: w.p50_us / 1000,
    p90_ms: w.p90_us / 1000,
    p99_ms: w.p99_us / 1000,
    max_ms: w.max_us / 1000,
    mean_ms: w.mean_us / 1000,
    non_2xx: w.status, // wrk's "Non-2xx or 3xx responses" (the API answers no 3xx)
    socket_errors: { connect: w.connect, read: w.read, write: w.write, timeout: w.timeout },
    mib_read: w.bytes / 1048576,
    server_cpu_seconds: cpu,
    wrk_output: r.stdout.split('\n').filter((l) => !l.startsWith('PDZ-RESULT')).join('\n').trim(),
  };
}

/** utime + stime of a process in seconds (0 when it is gone). */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / clockTicks();
  } catch {
    return 0;
  }
}

let ticks = null;
function clockTicks() {
  if (ticks === null) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

// ---------------------------------------------------------------------------------------------
// One backend

async function runBackend(backend, args, ctx) {
  const { log } = ctx;
  const workDir = fs.mkdtempSync(path.join(ctx.varDir, `load-${backend}-`));
  cleanups.push(() => fs.rmSync(workDir, { recursive: true, force: true }));
  let db;
  const info = { backend };
  if (backend === 'sqlite') {
    db = path.join(workDir, 'pdz.db');
    info.database = 'fresh SQLite file (demo data)';
  } else {
    const base = args.pg ?? ctx.cluster.url;
    const name = `pdz_load_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
    db = withDatabase(base, name);
    info.database = `${redact(base)} database ${name} (demo data)${ctx.cluster ? `, throwaway cluster: ${ctx.cluster.version}` : ''}`;
    if (!args.keepDb) {
      cleanups.push(() => {
        log(`pg: dropping database ${name}`);
        execFileSync('psql', [withDatabase(base, 'postgres'), '-v', 'ON_ERROR_STOP=1', '-qc', `DROP DATABASE IF EXISTS "${name}"`], { stdio: ['ignore', 'ignore', 'inherit'] });
      });
    }
  }
  log(`${backend}: pdz db init --demo`);
  check(await run(args.bin, ['db', 'init', '--db', db, '--demo', '--data', path.join(kRoot, 'data')], { cwd: workDir }), `pdz db init (${backend})`);
  if (backend === 'pg' && !pgDatabaseExists(args.pg ?? ctx.cluster.url, new URL(db).pathname.slice(1))) {
    // A binary without PostgreSQL takes the URL for a file name (made under the work folder, removed).
    throw new Error(`${args.bin} did not create the database on the server: it has no PostgreSQL support? (pass --bin)`);
  }
  const server = await startServer(args.bin, db, workDir);
  const session = await login(server);
  const ids = await discover(server, session);
  const results = [];
  let eps = endpoints(ids, args.threads);
  if (args.endpoints) {
    for (const n of args.endpoints) if (!eps.some((e) => e.name === n)) throw new Error(`unknown endpoint ${n}: ${eps.map((e) => e.name).join(', ')}`);
    eps = eps.filter((e) => args.endpoints.includes(e.name));
  }
  for (const ep of eps) {
    let targets = [];
    if (ep.versioned) {
      // One meeting per wrk thread, made now: the threads never conflict with each other.
      for (let t = 0; t < Math.min(args.threads, ep.connections); t++) {
        const m = await must(server, 'POST', `/api/v1/ambiti/${kAmbito}/meetings`, { session, body: meetingBody(ids.bodyId, `versioni ${t + 1}`) }, 201);
        targets.push({ id: m.json.id, version: m.json.version });
      }
    } else {
      // A check of the request wrk will repeat, and a warm-up for the reads.
      const r = await api(server, ep.method, ep.path, { session, body: ep.body });
      if (r.status !== (ep.want ?? 200)) throw new Error(`${ep.method} ${ep.path}: ${r.status} ${r.text.slice(0, 400)}`);
      if (!ep.write) for (let i = 0; i < kWarmup; i++) await api(server, ep.method, ep.path, { session });
    }
    const before = ep.name === 'meeting-create' ? await meetingsTotal(server, session) : null;
    log(`${backend}: wrk ${ep.method} ${ep.versioned ? '/api/v1/meetings/{id}' : ep.path} (${args.duration}, ${ep.connections ?? args.connections} connections)`);
    const r = await runWrk(server, ep, session, args, workDir, targets);
    if (before !== null) r.rows_written = (await meetingsTotal(server, session)) - before;
    if (ep.versioned) {
      r.rows_written = 0;
      for (const t of targets) {
        const m = await must(server, 'GET', `/api/v1/meetings/${t.id}`, { session });
        r.rows_written += m.json.version - t.version; // edits that took
      }
    }
    results.push({ backend, ...r });
    log(`${backend}: ${ep.name}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50_ms.toFixed(2)} ms, p99 ${r.p99_ms.toFixed(2)} ms, non-2xx ${r.non_2xx}`);
  }
  info.server_peak_mib = peakMiB(server.pid);
  server.stop();
  const errors = server.stderr().split('\n').filter((l) => /internal error|errore/i.test(l));
  if (errors.length) info.server_errors = errors.slice(0, 20);
  return { info, results };
}

async function meetingsTotal(server, session) {
  return (await must(server, 'GET', `/api/v1/ambiti/${kAmbito}/meetings?limit=1`, { session })).json.total;
}

// ---------------------------------------------------------------------------------------------
// Report

function printTable(rows) {
  const head = ['backend', 'endpoint', 'method', 'conn', 'req/s', 'p50 ms', 'p99 ms', 'non-2xx', 'sock err', 'written'];
  const body = rows.map((r) =>
    r.error
      ? [r.backend, r.endpoint ?? '-', '-', '-', 'FAILED', '', '', '', '', '']
      : [
          r.backend,
          r.endpoint,
          r.method,
          String(r.connections),
          r.rps.toFixed(0),
          r.p50_ms.toFixed(2),
          r.p99_ms.toFixed(2),
          String(r.non_2xx),
          String(Object.values(r.socket_errors).reduce((a, b) => a + b, 0)),
          r.rows_written === undefined ? '' : String(r.rows_written),
        ],
  );
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const fmt = (cells) => cells.map((c, i) => (i < 3 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(fmt(b));
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.bin)) throw new Error(`pdz binary not found at ${args.bin}: build it with 'make build-release' or pass --bin`);
  const wrk = await wrkVersion();
  const varDir = path.join(kRoot, 'var/bench');
  fs.mkdirSync(varDir, { recursive: true });
  const log = (m) => console.error(`load: ${m}`);
  const ctx = { varDir, log, cluster: null };

  const backends = [];
  const rows = [];
  let failed = false;
  for (const backend of args.backends) {
    try {
      if (backend === 'pg' && args.pgAuto && !ctx.cluster) ctx.cluster = await startCluster(log);
      const mark = cleanups.length;
      let out;
      try {
        out = await runBackend(backend, args, ctx);
      } finally {
        cleanupAll(mark); // this backend's server, database and work folder
      }
      const { info, results } = out;
      backends.push(info);
      rows.push(...results);
      if (results.some((r) => r.non_2xx > 0)) failed = true;
    } catch (e) {
      failed = true;
      log(`${backend} FAILED: ${e.message}`);
      backends.push({ backend, error: e.message });
      rows.push({ backend, error: e.message });
    }
  }
  cleanupAll();

  const cpus = os.cpus();
  const machine = { cpus: cpus.length, cpu_model: cpus[0]?.model, memory_gib: +(os.totalmem() / 2 ** 30).toFixed(1), node: process.version, wrk };
  console.log(`\nHTTP load: wrk ${wrk}, ${args.threads} threads, ${args.connections} connections, ${args.duration} per endpoint, ` +
    `server and wrk on this machine (${machine.cpus} cores); user ${kUser}; binary ${path.relative(process.cwd(), args.bin) || args.bin}\n`);
  printTable(rows);
  for (const b of backends) {
    if (b.error) console.log(`\n${b.backend}: FAILED: ${b.error}`);
    else console.log(`\n${b.backend}: ${b.database}; server peak ${b.server_peak_mib.toFixed(0)} MiB${b.server_errors ? `; server errors: ${b.server_errors.length}` : ''}`);
  }

  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(varDir, `load-${stamp}.json`);
  const commit = await run('git', ['-C', kRoot, 'rev-parse', '--short', 'HEAD']);
  fs.writeFileSync(
    file,
    JSON.stringify({
      date: new Date().toISOString(),
      machine,
      commit: commit.code === 0 ? commit.stdout.trim() : null,
      args: { ...args, pg: args.pg ? redact(args.pg) : null },
      user: kUser,
      backends,
      results: rows,
    }, null, 2) + '\n',
  );
  console.log(`\nResults written to ${path.relative(process.cwd(), file) || file}`);
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(`load: ${e.message}`);
  cleanupAll();
  process.exit(2);
});
