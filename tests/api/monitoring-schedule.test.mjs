// The report schedule (docs/monitoring.md §3, §5.1) and the prefill of "Esiti della programmazione
// precedente" (§5.2): the reports the Medio Olona 2015-2017 plan owes, the next due report created
// without a period, overdue flags and the Cabina di regia's counts; the 2021-2023 draft's section
// filled from the 2015-2017 consuntivo as a new revision; 409 without a consuntivo, 403/404 outside.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

async function plansOf(client) {
  const plans = (await client.get(`${API}/ambiti/medio-olona/plans`)).json.items;
  return {
    old: plans.find((p) => p.period.from.startsWith('2015')).id,
    draft: plans.find((p) => p.period.from.startsWith('2021'))?.id,
  };
}

describe('the report schedule of the Medio Olona 2015-2017 plan', () => {
  let srv, udp, anon, planId;

  before(async () => {
    srv = await startServer();
    udp = await loginAs(srv.url, 'udp.medioolona');
    anon = new Client(srv.url);
    planId = (await plansOf(anon)).old;
  });
  after(async () => { await srv?.stop(); });

  test('the ruleset\'s reports laid out over the plan, with the demo\'s submitted report matched', async () => {
    const r = await anon.get(`${API}/plans/${planId}/reports`);
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.schedule_source, 'lombardia-2015-2017');
    assert.match(r.json.today, /^\d{4}-\d{2}-\d{2}$/);
    const s = r.json.schedule;
    assert.deepEqual(s.map((e) => e.kind), ['previsione', 'avanzamento', 'avanzamento', 'consuntivo']);
    assert.deepEqual(s.map((e) => e.due), ['2015-07-30', '2016-07-29', '2017-07-29', '2018-04-30']);
    assert.deepEqual(s[1].period, { from: '2015-05-01', to: '2016-04-30' });
    assert.deepEqual(s[2].period, { from: '2016-05-01', to: '2017-04-30' });
    assert.deepEqual(s[3].period, { from: '2015-05-01', to: '2017-12-31' });
    assert.equal(s[2].title, 'Relazione di avanzamento 2016-2017');
    assert.equal(s[0].source, 'ruleset');
    assert.match(s[0].act, /parametro regionale/);
    // The demo's first-year report (submitted 15 July 2016) is delivered: not overdue.
    assert.equal(s[1].status, 'trasmessa');
    assert.equal(s[1].status_label, 'Trasmessa');
    assert.equal(s[1].overdue, false);
    assert.equal(s[1].days_late, 0);
    assert.equal(s[1].report.state, 'trasmessa');
    assert.match(s[1].report.submitted_at, /^2016-07-15/);
    // The demo's previsione (sent 27 July 2015) was accepted by the ATS.
    assert.equal(s[0].status, 'accettata');
    assert.equal(s[0].overdue, false);
    for (const e of [s[2], s[3]]) {
      assert.equal(e.status, 'mancante');
      assert.equal(e.status_label, 'Mancante');
      assert.equal(e.report, null);
      assert.equal(e.overdue, true, `${e.kind} ${e.due} is past`);
      assert.ok(e.days_late > 0);
    }
  });

  test('the next due report is created without a period; none left is a 422', async () => {
    const path = `${API}/plans/${planId}/reports`;
    assertValidation(await udp.post(path, { kind: 'avanzamento', period_to: '2017-04-30' }), 'period_from');
    const r = await udp.post(path, { kind: 'avanzamento' });
    assert.equal(r.status, 201, show(r));
    assert.deepEqual(r.json.period, { from: '2016-05-01', to: '2017-04-30' });
    assert.equal(r.json.title, 'Relazione di avanzamento 2016-2017');
    assertValidation(await udp.post(path, { kind: 'avanzamento' }), 'period_from');
    const list = (await anon.get(path)).json;
    const entry = list.schedule[2];
    assert.equal(entry.status, 'bozza');
    assert.equal(entry.report.id, r.json.id);
    assert.equal(entry.overdue, true, 'a draft is not delivered');
    // Submitted: delivered, no longer overdue.
    const sent = await udp.post(`${API}/reports/${r.json.id}/transitions`, { to: 'trasmessa' });
    assert.equal(sent.status, 200, show(sent));
    const now = (await anon.get(path)).json.schedule[2];
    assert.equal(now.status, 'trasmessa');
    assert.equal(now.overdue, false);
  });

  test('the Cabina di regia and the Region count the reports due and overdue', async () => {
    const agencyCode = (await anon.get(`${API}/ambiti/medio-olona`)).json.agency.code;
    const agency = await anon.get(`${API}/agencies/${encodeURIComponent(agencyCode)}/monitoring?as_of=2016-06-30`);
    assert.equal(agency.status, 200, show(agency));
    const mo = agency.json.ambiti.find((x) => x.ambito.code === 'medio-olona');
    assert.equal(mo.plan.id, planId);
    // On 30 June 2016: the previsione accepted, the first-year report sent; the next one is a year away.
    assert.equal(mo.reports_overdue, 0);
    assert.equal(mo.reports_due, 0);
    const region = await anon.get(`${API}/regions/03/monitoring`);
    assert.equal(region.status, 200, show(region));
    const today = region.json.ambiti.find((x) => x.ambito.code === 'medio-olona');
    // Today every undelivered report of the plan in force is overdue (the triennium is long over).
    const schedule = (await anon.get(`${API}/plans/${today.plan.id}/reports`)).json.schedule;
    const undelivered = schedule.filter((e) => !['trasmessa', 'accettata'].includes(e.status)).length;
    assert.ok(undelivered >= 1);
    assert.equal(today.reports_overdue, undelivered);
    assert.equal(today.reports_due, undelivered);
  });
});

describe('prefill of the 2021-2023 plan\'s results of the previous plan', () => {
  let srv, udp, other, region, anon, plans;

  before(async () => {
    srv = await startServer();
    udp = await loginAs(srv.url, 'udp.medioolona');
    other = await loginAs(srv.url, 'udp.rhodense');
    region = await loginAs(srv.url, 'regione');
    anon = new Client(srv.url);
    plans = await plansOf(udp);
    assert.ok(plans.draft, 'the demo has the 2021-2023 plan');
  });
  after(async () => { await srv?.stop(); });

  const prefill = (client, id, code, body) => client.post(`${API}/plans/${id}/sections/${code}/prefill`, body);
  const version = async (id) => (await udp.get(`${API}/plans/${id}`)).json.version;

  test('without a consuntivo of the previous plan: 409, nothing written', async () => {
    const v = await version(plans.draft);
    const r = await prefill(udp, plans.draft, 'risultati-precedente', { version: v });
    assertError(r, 409, 'conflict');
    assert.match(r.json.error.message, /consuntivo/);
    assert.equal(await version(plans.draft), v);
    // The ambito's first plan has no previous plan at all.
    const first = await prefill(udp, plans.old, 'obiettivi', { version: await version(plans.old) });
    assertError(first, 409, 'conflict');
    assert.match(first.json.error.message, /Nessun piano precedente/);
  });

  test('the consuntivo is written and submitted, then the section is filled from it', async () => {
    const created = await udp.post(`${API}/plans/${plans.old}/reports`, { kind: 'consuntivo' });
    assert.equal(created.status, 201, show(created));
    assert.deepEqual(created.json.period, { from: '2015-05-01', to: '2017-12-31' });
    const narrative = {
      sintesi: 'Il triennio 2015-2017 ha consolidato la gestione associata dei servizi.',
      azioni: '- Regolamento distrettuale approvato\n- Convenzioni rinnovate',
      criticita: 'Il protocollo del NIL è rimasto sospeso.',
    };
    const patched = await udp.patch(`${API}/reports/${created.json.id}`, { version: created.json.version, narrative });
    assert.equal(patched.status, 200, show(patched));
    const sent = await udp.post(`${API}/reports/${created.json.id}/transitions`, { to: 'trasmessa' });
    assert.equal(sent.status, 200, show(sent));

    const v = await version(plans.draft);
    const revisions = (await udp.get(`${API}/plans/${plans.draft}/revisions`)).json.total;
    assertValidation(await prefill(udp, plans.draft, 'conclusioni', { version: v }), 'code');
    assertValidation(await prefill(udp, plans.draft, 'risultati-precedente', {}), 'version');
    assertError(await prefill(udp, plans.draft, 'risultati-precedente', { version: v - 1 }), 409, 'version_conflict');
    assertError(await prefill(other, plans.draft, 'risultati-precedente', { version: v }), 404, 'not_found');
    const third = await loginAs(srv.url, 'terzosettore.medioolona');  // reads the draft, does not edit it
    assertError(await prefill(third, plans.draft, 'risultati-precedente', { version: v }), 403, 'forbidden');
    assertError(await prefill(anon, plans.draft, 'risultati-precedente', { version: v }), 401, 'unauthenticated');

    const r = await prefill(udp, plans.draft, 'risultati-precedente', { version: v });
    assert.equal(r.status, 200, show(r));
    assert.equal(r.json.version, v + 1);
    assert.equal(r.json.source.plan_id, plans.old);
    assert.equal(r.json.source.report_id, created.json.id);
    assert.equal(r.json.source.report_state, 'trasmessa');
    assert.ok(r.json.source.evaluation_answers >= 1, 'the demo answered the evaluation questions');
    const body = r.json.section.body;
    assert.equal(r.json.section.code, 'risultati-precedente');
    for (const text of ['## Relazione di consuntivo del Piano di Zona 2015-2017', '### Sintesi', narrative.sintesi,
      '### Azioni realizzate', '- Regolamento distrettuale approvato', '### Criticità',
      '## Avanzamento finale del piano', '- Avanzamento complessivo: ', '- Azioni concluse: ',
      '- Indicatori raggiunti: ', '## Valutazione del piano', '### Esiti: che cosa è stato realizzato',
      '**Quali servizi e interventi sono stati erogati']) {
      assert.ok(body.includes(text), `${text} in\n${body}`);
    }
    assert.ok(!body.includes('### Prospettive'), 'empty narrative sections are left out');
    const today = new Date().toLocaleDateString('it-IT', { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
    assert.ok(body.trimEnd().endsWith(
      `Precompilato dalla relazione di consuntivo del Piano di Zona 2015-2017, trasmessa il ${today}.`), body);

    // One new revision, by the officer, naming the source; the plan reads the new text.
    const plan = (await udp.get(`${API}/plans/${plans.draft}`)).json;
    assert.equal(plan.version, v + 1);
    assert.equal(plan.revision_author, 'udp.medioolona');
    assert.match(plan.revision_note, /^Precompilato dalla relazione di consuntivo del Piano di Zona 2015-2017/);
    assert.equal(plan.plan.sections.find((s) => s.code === 'risultati-precedente').body, body);
    assert.equal((await udp.get(`${API}/plans/${plans.draft}/revisions`)).json.total, revisions + 1);
    assert.ok(r.json.changes.some((c) => c.what === 'section'), show(r));

    // Accepted by the Region: the source line says so.
    const ok = await region.post(`${API}/reports/${created.json.id}/transitions`, { to: 'accettata' });
    assert.equal(ok.status, 200, show(ok));
    const again = await prefill(udp, plans.draft, 'risultati-precedente', { version: v + 1 });
    assert.equal(again.status, 200, show(again));
    assert.equal(again.json.source.report_state, 'accettata');
    assert.match(again.json.section.body, /trasmessa il [0-9/]+ e accettata il [0-9/]+\.\s*$/);
  });

  test('another ambito\'s officer may not prefill a plan they can read', async () => {
    const r = await prefill(other, plans.old, 'obiettivi', { version: await version(plans.old) });
    assertError(r, 403, 'forbidden');
  });
});
