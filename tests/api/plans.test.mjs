// Plans over HTTP: the seed plan in the demo, drafts private to the ambito, revisions, 409 with changes, import errors by path.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

describe('plans', () => {
  let srv;
  let anon;
  let udp;
  let other;
  let terzo;
  let planId;
  before(async () => {
    srv = await startServer();
    anon = new Client(srv.url);
    udp = await loginAs(srv.url, 'udp.medioolona');
    other = await loginAs(srv.url, 'udp.rhodense');
    terzo = await loginAs(srv.url, 'terzosettore.medioolona');
  });
  after(async () => { await srv?.stop(); });

  test('the Medio Olona plan 2015-2017 is public, with its nine general objectives', async () => {
    const list = await anon.get(`${API}/ambiti/medio-olona/plans`);
    assert.equal(list.status, 200, show(list));
    assert.equal(list.json.items.length, 1);
    planId = list.json.items[0].id;
    assert.deepEqual(list.json.items[0].period, { from: '2015-05-01', to: '2017-12-31' });
    const r = await anon.get(`${API}/plans/${planId}`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.status, 'in_attuazione');
    assert.equal(r.json.plan.objectives.length, 9);
    assert.match(r.json.plan.objectives[0].title, /integrazione socio sanitaria/);
    assert.equal(r.json.can_edit, false);
  });

  test('an editor saves a revision; a stale save gets 409 with what changed; nothing is lost', async () => {
    const cur = (await udp.get(`${API}/plans/${planId}`)).json;
    assert.equal(cur.can_edit, true);
    const doc = structuredClone(cur.plan);
    doc.objectives[4].specific[0].actions.push('Pubblicazione annuale dei dati');
    const ok = await udp.put(`${API}/plans/${planId}`, { version: cur.version, note: 'azione aggiunta', plan: doc });
    assert.equal(ok.status, 200, show(ok));
    assert.equal(ok.json.revision, cur.revision + 1);  // the demo's monitoring made revision 2
    const stale = cur.plan;
    stale.title = 'Titolo cambiato da un altro editor';
    const e = assertError(await udp.put(`${API}/plans/${planId}`, { version: cur.version, plan: stale }), 409, 'version_conflict');
    assert.equal(e.details[0].value.current_version, cur.version + 1);
    assert.equal(e.details[0].value.changes[0].path, 'objectives[4].specific[0]');
    const now = (await anon.get(`${API}/plans/${planId}`)).json;
    assert.notEqual(now.plan.title, 'Titolo cambiato da un altro editor');
    const acts = now.plan.objectives[4].specific[0].actions;
    const added = acts.find((a) => a.text === 'Pubblicazione annuale dei dati');
    assert.ok(added, 'the added action (a text) is stored as an action with an id');
    assert.match(added.id, /^a\d+$/);
    assert.equal(new Set(acts.map((a) => a.id)).size, acts.length, 'action ids are unique');
    // The ids stay across revisions: the earlier actions keep theirs.
    const before = cur.plan.objectives[4].specific[0].actions;
    for (const a of before) assert.equal(acts.find((x) => x.text === a.text)?.id, a.id);
    const revs = await anon.get(`${API}/plans/${planId}/revisions`);
    const listed = revs.json.items.map((r) => [r.revision, r.author]);
    assert.deepEqual(listed[0], [cur.revision + 1, 'udp.medioolona']);
    assert.deepEqual(listed.at(-1), [1, 'sistema']);
    const diff = await anon.get(`${API}/plans/${planId}/diff?from=${cur.revision}&to=${cur.revision + 1}`);
    assert.equal(diff.status, 200, show(diff));
    assert.deepEqual(diff.json.changes.map((c) => [c.kind, c.what, c.fields]), [['changed', 'specific_objective', ['actions']]]);
    const first = await anon.get(`${API}/plans/${planId}?revision=1`);
    assert.ok(!first.json.plan.objectives[4].specific[0].actions.some((a) => a.text === 'Pubblicazione annuale dei dati'));
  });

  test('others cannot write; drafts are private to the ambito', async () => {
    const cur = (await udp.get(`${API}/plans/${planId}`)).json;
    assertError(await other.put(`${API}/plans/${planId}`, { version: cur.version, plan: cur.plan }), 403, 'forbidden');
    assertError(await terzo.put(`${API}/plans/${planId}`, { version: cur.version, plan: cur.plan }), 403, 'forbidden');
    assertError(await anon.put(`${API}/plans/${planId}`, { version: cur.version, plan: cur.plan }), 401, 'unauthenticated');
    const copy = await udp.post(`${API}/ambiti/medio-olona/plans`, { copy_from: planId, period: { from: '2018-01-01', to: '2020-12-31' } });
    assert.equal(copy.status, 201, show(copy));
    assert.equal(copy.json.status, 'bozza');
    const draft = copy.json.id;
    assert.equal((await terzo.get(`${API}/plans/${draft}`)).status, 200);
    assertError(await other.get(`${API}/plans/${draft}`), 404, 'not_found');
    assertError(await anon.get(`${API}/plans/${draft}`), 401, 'unauthenticated');
    assert.equal((await anon.get(`${API}/ambiti/medio-olona/plans`)).json.items.length, 1);
    assert.equal((await udp.get(`${API}/ambiti/medio-olona/plans`)).json.items.length, 3, 'with the demo draft 2021-2023');
  });

  test('a bad plan is refused with the path of each problem, nothing saved', async () => {
    const cur = (await udp.get(`${API}/plans/${planId}`)).json;
    const doc = structuredClone(cur.plan);
    doc.objectives[3].specific[0].indicators[0].baseline = { value: 10, date: '2016-01-01' };
    doc.objectives[3].specific[0].indicators[0].target = { value: 20, date: '2015-01-01' };
    const e = assertValidation(await udp.put(`${API}/plans/${planId}`, { version: cur.version, plan: doc }),
      'plan.objectives[3].specific[0].indicators[0].target.date');
    assert.match(e.details[0].reason, /precede/);
    doc.objectives[3].specific[0].indicators[0].target = { value: 'tanti' };
    assertValidation(await udp.put(`${API}/plans/${planId}`, { version: cur.version, plan: doc }),
      'plan.objectives[3].specific[0].indicators[0].target.value');
    assertValidation(await udp.post(`${API}/ambiti/medio-olona/plans`, { plan: { title: 'X', period: { from: '2021-01-01', to: '2020-01-01' } } }),
      'plan.period.to');
    assert.equal((await udp.get(`${API}/plans/${planId}`)).json.version, cur.version);
  });
});
