// Two `pdz serve` processes on one database (what a deployment behind a load balancer does): a session
// made on one server works on the other and ends on both; parallel editors on both servers saving one
// plan with optimistic concurrency lose no update; an import job started on one server is read on the
// other. Runs on SQLite and, with PDZ_TEST_PG_FILE, on PostgreSQL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, Client, backend, sourceDir } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A client on `base` carrying the session (cookie and CSRF token) of `c`. */
function sameSession(c, base) {
  const n = new Client(base);
  n.cookie = c.cookie;
  n.csrf = c.csrf;
  return n;
}

/** Polls a job on `client`'s server until it leaves `running`; every read must be 200. */
async function waitJob(client, id) {
  for (let i = 0; i < 600; i++) {
    const j = await client.get(`${API}/jobs/${id}`);
    assert.equal(j.status, 200, `job ${id} on ${client.base}: ${show(j)}`);
    if (j.json.state !== 'running') return j.json;
    await sleep(50);
  }
  throw new Error(`job ${id} did not finish`);
}

async function spendPerCapita(client, year) {
  const d = await client.get(`${API}/indicators/dashboard?level=ambito&code=rhodense&year=${year}`);
  assert.equal(d.status, 200, show(d));
  return d.json.rows.find((r) => r.indicator === 'spesa_pro_capite' && r.category === null);
}

describe(`two servers on one database (${backend})`, () => {
  let a;
  let b;
  before(async () => {
    a = await startServer();
    b = await startServer({ db: a.db });
  });
  after(async () => {
    await b?.stop(); // first: it does not own the database
    await a?.stop();
  });

  test('a session made on A works on B, CSRF included; logging out on B ends it on A', async () => {
    const onA = await loginAs(a.url, 'udp.medioolona');
    const onB = sameSession(onA, b.url);
    const s = await onB.get(`${API}/session`);
    assert.equal(s.status, 200, `the session of A on B: ${show(s)}`);
    assert.equal(s.json.user.username, 'udp.medioolona');
    assert.equal(s.json.csrf_token, onA.csrf, 'B reads another CSRF token for the session');
    // A write on B passes authentication and the CSRF check (then fails validation: nothing stored).
    const bad = { plan: { title: 'X', period: { from: '2021-01-01', to: '2020-01-01' } } };
    assertValidation(await onB.post(`${API}/ambiti/medio-olona/plans`, bad), 'plan.period.to');
    const noToken = sameSession(onA, b.url);
    noToken.csrf = null;
    assertError(await noToken.post(`${API}/ambiti/medio-olona/plans`, bad), 403, 'csrf_failed');
    // And the other way round: a session made on B works on A.
    const fromB = await loginAs(b.url, 'regione');
    const r = await sameSession(fromB, a.url).get(`${API}/users`);
    assert.equal(r.status, 200, `the session of B on A: ${show(r)}`);

    const out = await onB.delete(`${API}/session`);
    assert.equal(out.status, 204, show(out));
    assertError(await onA.get(`${API}/session`), 401, 'unauthenticated');
    assertError(await onA.post(`${API}/ambiti/medio-olona/plans`, bad), 401, 'unauthenticated');
    assertError(await sameSession(onA, b.url).get(`${API}/session`), 401, 'unauthenticated');
  });

  test('failed logins count on both servers: 5 on A, then B answers 429', async () => {
    for (let i = 1; i <= 5; i++) {
      assertError(await new Client(a.url).login('comune.rho', `wrong-${i}`), 401, 'invalid_credentials');
    }
    const c = new Client(b.url);
    assertError(await c.login('comune.rho', 'demo'), 429, 'too_many_attempts');
    assert.equal(c.cookie, null, 'a throttled login set a cookie');
  });

  test('8 editors, half on A half on B, save one plan: every save 200 or 409, no update lost', async (t) => {
    const EDITORS = 8;
    const APPENDS = 2; // lines each editor adds, one save each
    const MAX_TRIES = 100;
    const list = await new Client(a.url).get(`${API}/ambiti/medio-olona/plans`);
    assert.equal(list.status, 200, show(list));
    const planId = list.json.items[0].id;
    const editors = [];
    for (let i = 0; i < EDITORS; i++) {
      const srv = i % 2 === 0 ? a : b;
      const user = i % 4 < 2 ? 'udp.medioolona' : 'regione';
      editors.push({ name: `e${i}`, server: srv === a ? 'A' : 'B', client: await loginAs(srv.url, user) });
    }
    const start = (await editors[0].client.get(`${API}/plans/${planId}`)).json;
    assert.equal(start.can_edit, true);
    const v0 = start.version;
    const revs0 = (await editors[0].client.get(`${API}/plans/${planId}/revisions`)).json.items.length;
    const actions0 = start.plan.objectives[4].specific[0].actions;

    const saved = []; // {line, version, revision, editor}
    const unexpected = []; // answers other than 200 and 409 version_conflict
    const gaveUp = [];
    let conflicts = 0;
    async function edit(e) {
      for (let k = 0; k < APPENDS; k++) {
        const line = `Azione concorrente ${e.name}.${k} (server ${e.server})`;
        let done = false;
        for (let attempt = 0; attempt < MAX_TRIES && !done; attempt++) {
          const cur = await e.client.get(`${API}/plans/${planId}`);
          if (cur.status !== 200) { unexpected.push(`${e.name} GET: ${show(cur)}`); return; }
          const doc = structuredClone(cur.json.plan);
          doc.objectives[4].specific[0].actions.push(line);
          const r = await e.client.put(`${API}/plans/${planId}`, { version: cur.json.version, note: `${e.name}.${k}`, plan: doc });
          if (r.status === 200) {
            saved.push({ line, version: r.json.version, revision: r.json.revision, editor: e.name });
            done = true;
          } else if (r.status === 409 && r.json?.error?.code === 'version_conflict') {
            conflicts += 1;
            const now = r.json.error.details?.[0]?.value?.current_version;
            if (!(Number.isInteger(now) && now > cur.json.version)) {
              unexpected.push(`${e.name} 409 with current_version ${now} after reading ${cur.json.version}: ${show(r)}`);
            }
            await sleep(Math.floor(Math.random() * 20));
          } else {
            unexpected.push(`${e.name} PUT on ${e.server}: ${show(r)}`);
            return;
          }
        }
        if (!done) gaveUp.push(line);
      }
    }
    await Promise.all(editors.map(edit));
    t.diagnostic(`${saved.length} saves, ${conflicts} conflicts`);

    assert.deepEqual(unexpected, [], 'every save answers 200 or 409 version_conflict');
    assert.deepEqual(gaveUp, [], `editors that never saved in ${MAX_TRIES} tries`);
    const n = EDITORS * APPENDS;
    assert.equal(saved.length, n);
    // Each save made exactly one new version, and no two saves the same one.
    const byVersion = [...saved].sort((x, y) => x.version - y.version);
    assert.deepEqual(byVersion.map((s) => s.version), Array.from({ length: n }, (_, i) => v0 + 1 + i), 'versions of the saves');
    const revisions = byVersion.map((s) => s.revision);
    assert.deepEqual(revisions, Array.from({ length: n }, (_, i) => revisions[0] + i), 'revisions of the saves');
    // Both servers read the same final plan: every saved line, once, in the order of the saves.
    const finalA = await editors[0].client.get(`${API}/plans/${planId}`);
    const finalB = await editors[1].client.get(`${API}/plans/${planId}`);
    assert.equal(finalA.status, 200, show(finalA));
    assert.equal(finalA.json.version, v0 + n);
    assert.deepEqual(finalB.json.plan, finalA.json.plan, 'A and B read different plans');
    assert.equal(finalB.json.version, finalA.json.version);
    assert.deepEqual(finalA.json.plan.objectives[4].specific[0].actions.map((a) => a.text), [...actions0.map((a) => a.text), ...byVersion.map((s) => s.line)]);
    const revs = await editors[1].client.get(`${API}/plans/${planId}/revisions`);
    assert.equal(revs.json.items.length, revs0 + n, 'one revision per save');
  });

  test('a flow import job started on A is read on B, with the same result; B sees the new data', async () => {
    const udpA = await loginAs(a.url, 'udp.rhodense');
    const udpB = sameSession(udpA, b.url);
    const anonB = new Client(b.url);
    const before2024 = await anonB.get(`${API}/flows/submissions?flow=spesa&scope_kind=ambito&scope_code=rhodense&year=2024`);
    assert.equal(before2024.json.submissions.length, 1, show(before2024));
    const v1 = before2024.json.submissions[0].version;
    // The ambito's 2024 file again plus one row of 1,000,000 euro for Rho.
    const lines = readFileSync(`${sourceDir}/data/demo/flows/spesa-rhodense.csv`, 'utf8').trim().split('\n');
    const rows = lines.slice(1).filter((l) => l.split(';')[1] === '2024');
    const csv = [lines[0], ...rows, '015182;2024;poverta;G9;singola;;1000000;1;comune'].join('\n') + '\n';

    const started = await udpA.post(`${API}/flows/spesa/imports?scope_kind=ambito&scope_code=rhodense&file=spesa-2024.csv`,
      csv, { raw: true, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(started.status, 202, show(started));
    const id = started.json.id;
    // B knows the job at once (running or already done), and follows it to the end.
    const first = await udpB.get(`${API}/jobs/${id}`);
    assert.equal(first.status, 200, `job ${id} started on A, read on B: ${show(first)}`);
    assert.equal(first.json.id, id);
    const onB = await waitJob(udpB, id);
    const onA = await waitJob(udpA, id);
    assert.equal(onB.state, 'succeeded', JSON.stringify(onB.error ?? onB));
    for (const k of ['id', 'kind', 'state', 'flow', 'scope', 'file', 'progress', 'started_at', 'finished_at', 'result', 'error']) {
      assert.deepEqual(onB[k], onA[k], `job.${k} on B differs from A`);
    }
    assert.equal(onB.result.unchanged, false);
    assert.equal(onB.result.submissions[0].version, v1 + 1);
    assert.equal(onB.progress.rows, rows.length + 1);
    // Jobs stay their owner's on B too.
    const other = await loginAs(b.url, 'udp.garbagnatese');
    assertError(await other.get(`${API}/jobs/${id}`), 404, 'not_found');
    // The stored submission is B's current one.
    const after2024 = await anonB.get(`${API}/flows/submissions?flow=spesa&scope_kind=ambito&scope_code=rhodense&year=2024`);
    assert.deepEqual(after2024.json.submissions.map((s) => s.version), [v1 + 1]);
  });

  test('the indicators of B follow an import committed on A', async () => {
    const udpA = await loginAs(a.url, 'udp.rhodense');
    const anonB = new Client(b.url);
    const beforeB = await spendPerCapita(anonB, 2023);
    const beforeA = await spendPerCapita(new Client(a.url), 2023);
    assert.equal(beforeB.numerator, beforeA.numerator);
    const lines = readFileSync(`${sourceDir}/data/demo/flows/spesa-rhodense.csv`, 'utf8').trim().split('\n');
    const rows = lines.slice(1).filter((l) => l.split(';')[1] === '2023');
    const csv = [lines[0], ...rows, '015182;2023;poverta;G9;singola;;500000;1;comune'].join('\n') + '\n';
    const started = await udpA.post(`${API}/flows/spesa/imports?scope_kind=ambito&scope_code=rhodense&file=spesa-2023.csv`,
      csv, { raw: true, headers: { 'content-type': 'application/octet-stream' } });
    assert.equal(started.status, 202, show(started));
    const job = await waitJob(udpA, started.json.id);
    assert.equal(job.state, 'succeeded', JSON.stringify(job.error ?? job));
    const afterA = await spendPerCapita(new Client(a.url), 2023);
    assert.ok(Math.abs(afterA.numerator - beforeA.numerator - 500000) < 0.01, `A: ${beforeA.numerator} -> ${afterA.numerator}`);
    const afterB = await spendPerCapita(anonB, 2023);
    assert.ok(Math.abs(afterB.numerator - beforeB.numerator - 500000) < 0.01,
      `B still reads ${afterB.numerator} (before ${beforeB.numerator}, A reads ${afterA.numerator})`);
  });
});
