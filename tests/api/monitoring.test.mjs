// Monitoring of a plan (docs/monitoring.md): action states with history, measurements with
// corrections, bindings to the flows, the roll-up, and the errors (field and status) that write nothing.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

describe('monitoring of the Medio Olona 2015-2017 plan', () => {
  let srv, udp, other, anon, planId;
  const AS_OF = '2016-06-30';

  before(async () => {
    srv = await startServer();
    udp = await loginAs(srv.url, 'udp.medioolona');
    other = await loginAs(srv.url, 'udp.rhodense');
    anon = new Client(srv.url);
    const plans = (await anon.get(`${API}/ambiti/medio-olona/plans`)).json.items;
    planId = plans.find((p) => p.period.from.startsWith('2015')).id;
  });
  after(async () => { await srv?.stop(); });

  const view = async (c = anon) => {
    const r = await c.get(`${API}/plans/${planId}/monitoring?as_of=${AS_OF}`);
    assert.equal(r.status, 200, show(r));
    return r.json;
  };
  const firstSpecific = (v) => v.objectives[0].specific[0];
  const allActions = (v) => v.objectives.flatMap((o) => o.specific).flatMap((s) => s.actions);
  // The demo carries a year of monitoring (data/demo/monitoring-medio-olona.json): an action it left alone.
  const untouched = (v) => allActions(v).find((x) => x.version === 0 && !(x.due && x.due < AS_OF));

  test('the view lists every action and indicator with ids, states and the roll-ups', async () => {
    const v = await view();
    assert.equal(v.as_of, AS_OF);
    assert.equal(v.objectives.length, 9);
    const s = firstSpecific(v);
    assert.match(s.actions[0].id, /^a\d+$/);
    const fresh = untouched(v);
    assert.equal(fresh.status, 'not_started');
    assert.equal(fresh.status_label, 'Non avviata');
    assert.equal(allActions(v).find((x) => x.id === 'a21').status, 'done', 'the demo\'s year of monitoring');
    assert.match(s.indicators[0].id, /^i\d+$/);
    assert.equal(s.indicators[0].judgement === 'not_measured' || s.indicators[0].judgement === 'not_computable', true);
    for (const key of ['by_area', 'by_dimension', 'by_strategic_objective', 'overdue']) assert.ok(Array.isArray(v[key]), key);
    assert.ok('judgement' in v.progress && 'expected' in v.progress);
  });

  test('an officer sets an action in progress; a stale version gets 409; the history keeps both', async () => {
    const a = untouched(await view());
    const path = `${API}/plans/${planId}/monitoring/actions/${a.id}`;
    const ok = await udp.patch(path, { status: 'in_progress', progress: 40, notes: 'Avviato il tavolo', note: 'primo aggiornamento', version: 0 });
    assert.equal(ok.status, 200, show(ok));
    assert.equal(ok.json.version, 1);
    assertError(await udp.patch(path, { status: 'done', version: 0 }), 409, 'version_conflict');
    const done = await udp.patch(path, { status: 'done', version: 1 });
    assert.equal(done.status, 200, show(done));
    assert.equal(done.json.progress, 100);
    const h = await anon.get(`${path}/history`);
    assert.deepEqual(h.json.items.map((i) => i.after.status), ['done', 'in_progress']);
    assert.equal(h.json.items[1].note, 'primo aggiornamento');
    assert.equal(h.json.items[1].before, null);
    const after = allActions(await view()).find((x) => x.id === a.id);
    assert.equal(after.status, 'done');
    assert.equal(after.overdue, false);
  });

  test('bad input names the field and writes nothing; outsiders are refused', async () => {
    const a = firstSpecific(await view()).actions[0];
    const path = `${API}/plans/${planId}/monitoring/actions/${a.id}`;
    assertValidation(await udp.patch(path, { status: 'in_progress', progress: 150, version: a.version }), 'progress');
    assertValidation(await udp.patch(path, { status: 'done', progress: 90, version: a.version }), 'progress');
    assertValidation(await udp.patch(path, { status: 'finito', version: a.version }), 'status');
    assertError(await other.patch(path, { status: 'cancelled', version: a.version }), 403, 'forbidden');
    assertError(await anon.patch(path, { status: 'cancelled', version: a.version }), 401, 'unauthenticated');
    assertError(await udp.patch(`${API}/plans/${planId}/monitoring/actions/a9999`, { status: 'done', version: 0 }), 404, 'not_found');
    assert.equal(firstSpecific(await view()).actions[0].version, a.version, 'nothing written');
  });

  test('measurements: inside the period and after the baseline; a correction replaces the value', async () => {
    // The seed plan states its indicators in words: the Ufficio di Piano gives one numbers (a revision).
    const cur = (await udp.get(`${API}/plans/${planId}`)).json;
    const doc = structuredClone(cur.plan);
    const target = doc.objectives[1].specific[0].indicators[0];
    target.baseline = { value: 10, text: '', date: '2015-01-01' };
    target.target = { value: 20, text: '', date: '2017-12-31' };
    const saved = await udp.put(`${API}/plans/${planId}`, { version: cur.version, note: 'valori numerici', plan: doc });
    assert.equal(saved.status, 200, show(saved));
    const v = await view();
    const ind = v.objectives[1].specific[0].indicators[0];
    assert.equal(ind.id, target.id, 'the indicator keeps its id through the revision');
    assert.equal(ind.judgement, 'not_measured');
    const path = `${API}/plans/${planId}/monitoring/indicators/${ind.id}/measurements`;
    assertValidation(await udp.post(path, { measured_on: '2014-12-31', value: 1, source: 'Ufficio di Piano' }), 'measured_on');
    assertValidation(await udp.post(path, { measured_on: '2018-01-01', value: 1, source: 'Ufficio di Piano' }), 'measured_on');
    assertValidation(await udp.post(path, { measured_on: '2016-03-31', value: 'tanti', source: 'Ufficio di Piano' }), 'value');
    const mid = ind.baseline.value + (ind.target.value - ind.baseline.value) / 2;
    const first = await udp.post(path, { measured_on: '2016-03-31', value: ind.target.value, source: 'Ufficio di Piano' });
    assert.equal(first.status, 201, show(first));
    const fix = await udp.post(path, { measured_on: '2016-03-31', value: mid, source: 'Ufficio di Piano', corrects: first.json.id, note: 'valore errato' });
    assert.equal(fix.status, 201, show(fix));
    assertValidation(await udp.post(path, { measured_on: '2016-03-31', value: mid, source: 'x', corrects: first.json.id }), 'corrects');
    const now = (await view()).objectives.flatMap((o) => o.specific).flatMap((s) => s.indicators).find((i) => i.id === ind.id);
    assert.equal(now.latest, mid);
    assert.equal(now.progress, 0.5);
    assert.equal(now.latest_source, 'Ufficio di Piano', 'the source of the value counted (the correction)');
    assert.equal(now.measurements.find((m) => m.id === first.json.id).corrected_by, fix.json.id);
  });

  test('evaluation: the ruleset\'s questions at three levels; answers all or nothing', async () => {
    const path = `${API}/plans/${planId}/evaluation`;
    const e = (await anon.get(path)).json;
    assert.deepEqual([...new Set(e.items.map((i) => i.level))], ['esiti', 'risultati', 'impatto']);
    assert.equal(e.impatto_open, true, 'the 2015-2017 triennium has ended');
    const bad = await udp.put(path, { answers: [
      { level: 'risultati', question: 'integrazione_risorse', answer: 'FNPS e FNA programmati insieme', version: 0 },
      { level: 'risultati', question: 'inventata', answer: 'x', version: 0 },
    ] });
    assertValidation(bad, 'answers[1].question');
    assert.equal((await anon.get(path)).json.items.find((i) => i.code === 'integrazione_risorse').answer, '', 'nothing saved');
    assertValidation(await udp.put(path, { answers: [
      { level: 'risultati', question: 'integrazione_risorse', answer: 'x', rating: 3, version: 0 },
    ] }), 'answers[0].rating');
    const ok = await udp.put(path, { answers: [
      { level: 'risultati', question: 'integrazione_risorse', answer: 'FNPS e FNA programmati insieme', version: 0 },
      { level: 'impatto', question: 'efficacia_governance', answer: 'Buona', rating: 4, version: 0 },
    ] });
    assert.equal(ok.status, 200, show(ok));
    const saved = ok.json.items.find((i) => i.code === 'efficacia_governance');
    assert.equal(saved.rating_value, 4);
    assert.equal(saved.version, 1);
    assertError(await udp.put(path, { answers: [
      { level: 'impatto', question: 'efficacia_governance', answer: 'Ottima', rating: 5, version: 0 },
    ] }), 409, 'version_conflict');
    assertError(await other.put(path, { answers: [] }), 403, 'forbidden');
  });

  test('the Cabina di regia and the Region see every ambito\'s plan in force', async () => {
    const fresh = (await view()).objectives.flatMap((o) => o.specific).flatMap((s) => s.actions)
      .find((x) => x.version === 0);
    const a = await udp.patch(`${API}/plans/${planId}/monitoring/actions/${fresh.id}`,
      { status: 'in_progress', progress: 50, version: 0 });
    assert.equal(a.status, 200, show(a));
    const region = await anon.get(`${API}/regions/03/monitoring?as_of=${AS_OF}`);
    assert.equal(region.status, 200, show(region));
    assert.equal(region.json.level, 'region');
    const mo = region.json.ambiti.find((x) => x.ambito.code === 'medio-olona');
    assert.equal(mo.plan.id, planId);
    assert.ok(mo.actions_done >= 1 && mo.actions > mo.actions_done);
    const agencyCode = (await anon.get(`${API}/ambiti/medio-olona`)).json.agency.code;
    const agency = await anon.get(`${API}/agencies/${encodeURIComponent(agencyCode)}/monitoring?as_of=${AS_OF}`);
    assert.equal(agency.status, 200, show(agency));
    assert.ok(agency.json.ambiti.some((x) => x.ambito.code === 'medio-olona'));
    assertError(await anon.get(`${API}/agencies/NESSUNA/monitoring`), 404, 'not_found');
  });

  test('an indicator bound to a flow indicator takes its values from the flows', async () => {
    const ind = firstSpecific(await view()).indicators[0];
    const path = `${API}/plans/${planId}/monitoring/indicators/${ind.id}/binding`;
    assertValidation(await udp.put(path, { knowledge_indicator: 'inesistente' }), 'knowledge_indicator');
    const r = await udp.put(path, { knowledge_indicator: 'spesa_pro_capite' });
    assert.equal(r.status, 200, show(r));
    const bound = firstSpecific(await view()).indicators[0];
    assert.equal(bound.binding.knowledge_indicator, 'spesa_pro_capite');
    assert.ok(bound.measurements.some((m) => m.origin === 'flow'), 'values from the demo flows');
    assert.match(bound.binding.label, /Spesa/, 'the flow indicator\'s name, not its id');
    assert.match(bound.measurements.find((m) => m.origin === 'flow').source, /^Flussi informativi: Spesa/);
    assert.equal((await udp.delete(path)).status, 204);
    assert.equal(firstSpecific(await view()).indicators[0].binding, null);
  });
});
