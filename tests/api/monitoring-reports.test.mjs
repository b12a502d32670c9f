// Monitoring reports (docs/monitoring.md §5): a draft, its narrative, a stale save, submission with the
// frozen data and PDF, export as PDF and DOCX, return by the Region with a note, resubmission, acceptance.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client } from '../lib/server.mjs';
import { API, assertError, assertValidation, loginAs, show } from './lib/helpers.mjs';

async function download(client, path) {
  const res = await fetch(client.base + path, { headers: client.cookie ? { cookie: client.cookie } : {} });
  return { res, bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('monitoring reports of the Medio Olona 2015-2017 plan', () => {
  let srv, udp, other, region, anon, planId, report;
  const SINTESI = 'Nel 2016 il piano ha avviato la cabina di regia e il tavolo sulla disabilità.';

  before(async () => {
    srv = await startServer();
    udp = await loginAs(srv.url, 'udp.medioolona');
    other = await loginAs(srv.url, 'udp.rhodense');
    region = await loginAs(srv.url, 'regione');
    anon = new Client(srv.url);
    const plans = (await anon.get(`${API}/ambiti/medio-olona/plans`)).json.items;
    planId = plans.find((p) => p.period.from.startsWith('2015')).id;
  });
  after(async () => { await srv?.stop(); });

  test('the officer starts a draft; errors name the field; outsiders are refused', async () => {
    const path = `${API}/plans/${planId}/reports`;
    const existing = (await anon.get(path)).json.total;  // the demo's submitted report of the first year
    assertValidation(await udp.post(path, { kind: 'annuale', period_from: '2016-01-01', period_to: '2016-12-31' }), 'kind');
    assertValidation(await udp.post(path, { kind: 'avanzamento', period_from: '2014-01-01', period_to: '2016-12-31' }), 'period_from');
    assertValidation(await udp.post(path, { kind: 'avanzamento', period_from: '2016-01-01', period_to: '2018-12-31' }), 'period_to');
    assertValidation(await udp.post(path, { kind: 'avanzamento', period_from: '2016-12-31', period_to: '2016-01-01' }), 'period_to');
    assertValidation(await udp.post(path, { kind: 'avanzamento', period_from: '2016-01-01' }), 'period_to');
    assertValidation(await udp.post(path, { kind: 'avanzamento', period_from: '2016-01-01', period_to: '2016-12-31', colore: 'blu' }), 'colore');
    assertError(await other.post(path, { kind: 'avanzamento', period_from: '2016-01-01', period_to: '2016-12-31' }), 403, 'forbidden');
    assertError(await anon.post(path, { kind: 'avanzamento', period_from: '2016-01-01', period_to: '2016-12-31' }), 401, 'unauthenticated');
    assert.equal((await anon.get(path)).json.total, existing, 'nothing written');
    const r = await udp.post(path, { kind: 'avanzamento', period_from: '2016-01-01', period_to: '2016-12-31' });
    assert.equal(r.status, 201, show(r));
    report = r.json;
    assert.equal(report.state, 'bozza');
    assert.equal(report.title, 'Relazione di avanzamento 2016');
    assert.equal(report.version, 1);
    assert.deepEqual(Object.keys(report.narrative).sort(), ['azioni', 'criticita', 'indicatori', 'prospettive', 'sintesi']);
    const list = (await anon.get(path)).json;
    assert.equal(list.total, existing + 1);
    assert.equal(list.items.find((x) => x.id === report.id).kind_label, 'Relazione di avanzamento');
  });

  test('the narrative is saved; a stale version gets 409; unknown sections are refused', async () => {
    const path = `${API}/reports/${report.id}`;
    const ok = await udp.patch(path, { version: report.version, narrative: { sintesi: SINTESI, criticita: '- ritardi nel **tavolo minori**' } });
    assert.equal(ok.status, 200, show(ok));
    assert.equal(ok.json.version, report.version + 1);
    assert.equal(ok.json.narrative.sintesi, SINTESI);
    assertError(await udp.patch(path, { version: report.version, title: 'Altro' }), 409, 'version_conflict');
    assertValidation(await udp.patch(path, { version: ok.json.version, narrative: { conclusioni: 'x' } }), 'narrative.conclusioni');
    assertValidation(await udp.patch(path, { version: ok.json.version, narrative: { sintesi: 3 } }), 'narrative.sintesi');
    assertValidation(await udp.patch(path, { narrative: { sintesi: 'x' } }), 'version');
    assertError(await other.patch(path, { version: ok.json.version, title: 'Altro' }), 403, 'forbidden');
    const now = (await anon.get(path)).json;
    assert.equal(now.version, ok.json.version, 'nothing written');
    assert.equal(now.narrative.criticita, '- ritardi nel **tavolo minori**');
    report = now;
  });

  test('a draft exports marked BOZZA', async () => {
    const { res, bytes } = await download(anon, `${API}/reports/${report.id}/export?format=pdf`);
    assert.equal(res.status, 200);
    assert.equal(bytes.subarray(0, 4).toString(), '%PDF');
    assert.match(res.headers.get('content-disposition'), /bozza\.pdf/);
    assertValidation(await anon.get(`${API}/reports/${report.id}/export?format=odt`), 'format');
  });

  test('only the ambito submits; the Region returns it with a note; the officer resubmits; the Region accepts', async () => {
    const path = `${API}/reports/${report.id}/transitions`;
    assertValidation(await udp.post(path, { to: 'approvata' }), 'to');
    assertError(await region.post(path, { to: 'accettata' }), 409, 'conflict');
    assertError(await other.post(path, { to: 'trasmessa' }), 403, 'forbidden');
    const sent = await udp.post(path, { to: 'trasmessa' });
    assert.equal(sent.status, 200, show(sent));
    assert.equal(sent.json.state, 'trasmessa');
    assert.equal(sent.json.has_document, true);
    assert.equal(sent.json.snapshot.as_of, '2016-12-31');
    assertError(await udp.patch(`${API}/reports/${report.id}`, { version: sent.json.version, title: 'x' }), 409, 'conflict');
    assertError(await udp.post(path, { to: 'accettata' }), 403, 'forbidden');
    assertValidation(await region.post(path, { to: 'restituita' }), 'note');
    const back = await region.post(path, { to: 'restituita', note: 'Integrare la sezione sugli indicatori.' });
    assert.equal(back.status, 200, show(back));
    assert.equal(back.json.state, 'restituita');
    const fixed = await udp.patch(`${API}/reports/${report.id}`, { version: back.json.version, narrative: { indicatori: 'Indicatori aggiornati al 2016.' } });
    assert.equal(fixed.status, 200, show(fixed));
    const again = await udp.post(path, { to: 'trasmessa' });
    assert.equal(again.status, 200, show(again));
    const ok = await region.post(path, { to: 'accettata', note: 'Presa d\'atto.' });
    assert.equal(ok.status, 200, show(ok));
    assert.equal(ok.json.state, 'accettata');
    assert.deepEqual(ok.json.transitions.map((t) => t.to), ['trasmessa', 'restituita', 'trasmessa', 'accettata']);
    assert.equal(ok.json.transitions[1].note, 'Integrare la sezione sugli indicatori.');
    assert.equal(ok.json.transitions[1].actor, 'regione');
    assertError(await region.post(path, { to: 'restituita', note: 'ancora' }), 409, 'conflict');
  });

  test('the submitted report exports as PDF and as DOCX with the narrative', async () => {
    const pdf = await download(anon, `${API}/reports/${report.id}/export?format=pdf`);
    assert.equal(pdf.res.status, 200);
    assert.equal(pdf.res.headers.get('content-type'), 'application/pdf');
    assert.equal(pdf.bytes.subarray(0, 4).toString(), '%PDF');
    assert.doesNotMatch(pdf.res.headers.get('content-disposition'), /bozza/);
    const docx = await download(anon, `${API}/reports/${report.id}/export?format=docx`);
    assert.equal(docx.res.status, 200);
    assert.equal(docx.bytes.subarray(0, 2).toString(), 'PK');
    const file = join(srv.dir, 'relazione.docx');
    writeFileSync(file, docx.bytes);
    const xml = execFileSync('unzip', ['-p', file, 'word/document.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
    assert.ok(xml.includes(SINTESI), 'the Sintesi is in the DOCX');
    assert.ok(xml.includes('Indicatori aggiornati al 2016.'));
    for (const heading of ['Relazione di avanzamento', 'Stato di attuazione', 'Indicatori di esito', 'Azioni in ritardo']) {
      assert.ok(xml.includes(heading), heading);
    }
    assert.ok(!xml.includes('BOZZA'));
  });

  test('the demo\'s first-year report (submitted 15/07/2016) is a document an officer would file', async () => {
    const list = (await anon.get(`${API}/plans/${planId}/reports`)).json.items;
    const demo = list.find((r) => r.kind === 'avanzamento' && r.period.from === '2015-05-01');
    assert.ok(demo, show(list));
    assert.equal(demo.state, 'trasmessa');
    const pdf = await download(anon, `${API}/reports/${demo.id}/export?format=pdf`);
    assert.equal(pdf.res.status, 200);
    const file = join(srv.dir, 'demo.pdf');
    writeFileSync(file, pdf.bytes);
    const text = execFileSync('pdftotext', ['-raw', file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    for (const s of ['Relazione di avanzamento', 'Ambito territoriale Medio Olona', 'Dati di monitoraggio al 30/04/2016',
      'Regolamento distrettuale', 'Stato di attuazione', 'Indicatori di esito', 'Azioni in ritardo',
      'Quota della spesa sociale in gestione associata', '24,4']) {
      assert.ok(text.includes(s), `${s} in the PDF`);
    }
    assert.doesNotMatch(text, /BOZZA/);
    // A report sent before its period ends (the previsione covers the triennium) freezes the data of the
    // day it was sent, not of a future date where every action would look late.
    const prev = list.find((r) => r.kind === 'previsione');
    assert.equal(prev.state, 'accettata');
    const pp = await download(anon, `${API}/reports/${prev.id}/export?format=pdf`);
    writeFileSync(join(srv.dir, 'prev.pdf'), pp.bytes);
    const ptext = execFileSync('pdftotext', ['-raw', join(srv.dir, 'prev.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    assert.ok(ptext.includes('Dati di monitoraggio al 27/07/2015'), ptext.slice(0, 400));
  });

  test('an unknown report is 404', async () => {
    assertError(await anon.get(`${API}/reports/999999`), 404, 'not_found');
  });
});
