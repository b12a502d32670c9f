// Browser tests of the monitoring views besides the matrix (docs/monitoring.md §6): the tab «Relazioni»
// (the officer drafts a progress report, writes it, saves and submits it, and gets its PDF), the tab
// «Valutazione» (an answer saved and found after a reload), the Cabina di regia on the ATS page and the
// Region's monitoring (every plan, by dimension); the sections are hidden from those who may not read them.
// axe on every view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { checkPage, loginUi, ready } from './lib/ui.mjs';
import { loginAs } from '../api/lib/helpers.mjs';

let server;
let chrome;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

const PLAN = 'Piano di Zona 2015-2017';

/** The id of the Medio Olona plan 2015-2017 (in attuazione), from the API. */
async function planId() {
  const r = await new Client(server.url).get('/api/v1/ambiti/medio-olona/plans');
  assert.equal(r.status, 200, r.text);
  const p = r.json.items.find((x) => x.title === PLAN);
  assert.ok(p, 'il piano 2015-2017 è nell’elenco');
  return p.id;
}

async function loggedIn(username) {
  const page = await newPage(chrome.browser, server.url);
  await loginUi(page, username);
  await page.waitForURL((u) => new URL(u).pathname === '/');
  return page;
}

async function openTab(page, id, tab, name) {
  await page.goto(`/piani/${id}?scheda=${tab}`);
  await ready(page);
  await checkPage(page, PLAN, name);
}

test('udp.medioolona drafts a progress report, writes the summary, saves, submits it and downloads the PDF', async () => {
  const id = await planId();
  const page = await loggedIn('udp.medioolona');
  await openTab(page, id, 'relazioni', 'relazioni-elenco');
  assert.equal(await page.locator('[role=tab][aria-selected=true]').innerText(), 'Relazioni');
  await page.getByRole('heading', { name: /Relazioni redatte/ }).waitFor();
  // The schedule of the ruleset: the demo's previsione is accepted; the consuntivo is missing and late,
  // a draft can be made from it.
  assert.match(await page.locator('#rel-schedule tr[data-schedule="previsione"]').innerText(), /Accettata/);
  const consuntivo = page.locator('#rel-schedule tr[data-schedule="consuntivo"]');
  assert.match(await consuntivo.innerText(), /Mancante.*Scaduta/s);
  assert.ok(await consuntivo.getByRole('button', { name: /^Crea bozza/ }).count());

  // A new draft: the kind and its period, then the editor opens on it.
  await page.getByLabel('Tipo di relazione').selectOption('avanzamento');
  await page.getByRole('button', { name: 'Crea la bozza' }).click();
  const editor = page.locator('#rel-editor');
  await editor.waitFor();
  assert.match(await editor.locator('[data-field="report-state"]').innerText(), /Bozza/);
  await checkPage(page, PLAN, 'relazioni-bozza');

  await page.getByLabel('Sintesi').fill('Nel primo anno il piano è partito con il tavolo anziani e lo sportello unico.');
  await page.locator('#rel-preview summary').click();
  assert.match(await page.locator('#rel-preview').innerText(), /Sintesi\s+Nel primo anno.*tavolo anziani/s);
  await editor.getByRole('button', { name: /^Salva/ }).click();
  await page.locator('#rel-done').filter({ hasText: 'Relazione salvata' }).waitFor();
  const reportId = Number(await editor.getAttribute('data-report'));
  const stored = await new Client(server.url).get(`/api/v1/reports/${reportId}`);
  assert.equal(stored.status, 200, stored.text);
  assert.match(stored.json.narrative.sintesi, /tavolo anziani/);
  assert.equal(stored.json.state, 'bozza');

  await editor.getByRole('button', { name: /^Trasmetti/ }).click();
  await page.locator('#rel-done').filter({ hasText: 'Relazione trasmessa' }).waitFor();
  assert.match(await editor.locator('[data-field="report-state"]').innerText(), /Trasmessa/);
  assert.equal(await page.getByLabel('Sintesi').count(), 0, 'una relazione trasmessa non si modifica');
  assert.match(await editor.innerText(), /tavolo anziani/);
  assert.match(await page.locator('#rel-transitions').innerText(), /udp\.medioolona/);
  const pdf = editor.getByRole('link', { name: /^Scarica PDF/ });
  const href = await pdf.getAttribute('href');
  assert.equal(href, `/api/v1/reports/${reportId}/export?format=pdf`);
  const file = await new Client(server.url).get(href, { binary: true });
  assert.equal(file.status, 200);
  assert.equal(file.bytes.subarray(0, 4).toString(), '%PDF');
  assert.ok(await editor.getByRole('link', { name: /^Scarica DOCX/ }).count());
  await checkPage(page, PLAN, 'relazioni-trasmessa');

  // Back to the list: the report is there, «Trasmessa».
  await editor.getByRole('button', { name: /Torna all’elenco/ }).click();
  const row = page.locator(`#rel-list tr[data-report="${reportId}"]`);
  await row.waitFor();
  assert.match(await row.innerText(), /Relazione di avanzamento.*Trasmessa/s);
  await page.context().close();
});

test('the Region returns the report with a note; the officer sees the note', async () => {
  const id = await planId();
  const reports = (await new Client(server.url).get(`/api/v1/plans/${id}/reports`)).json.items;
  const sent = reports.filter((r) => r.state === 'trasmessa' && r.created_by === 'udp.medioolona').sort((a, b) => b.id - a.id)[0];
  assert.ok(sent, 'la relazione trasmessa dal test precedente');

  const page = await loggedIn('regione');
  await page.goto(`/piani/${id}?scheda=relazioni&relazione=${sent.id}`);
  await ready(page);
  await page.locator('#rel-review').waitFor();
  assert.equal(await page.getByLabel('Sintesi').count(), 0, 'trasmessa: nessun campo di testo');
  // The note is required to return it: said next to the field, nothing sent.
  await page.getByRole('button', { name: /^Restituisci/ }).click();
  await page.locator('[data-error-for="rel-note"]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'rel-note');
  await checkPage(page, PLAN, 'relazioni-restituzione-senza-nota');
  await page.getByLabel(/^Nota/).fill('Manca il dato sulla spesa per area.');
  await page.getByRole('button', { name: /^Restituisci/ }).click();
  await page.locator('#rel-done').filter({ hasText: 'restituita' }).waitFor();
  assert.match(await page.locator('[data-field="report-state"]').innerText(), /Restituita/);
  await page.context().close();

  const udp = await loggedIn('udp.medioolona');
  await openTab(udp, id, 'relazioni', 'relazioni-restituita');
  const row = udp.locator(`#rel-list tr[data-report="${sent.id}"]`);
  await row.locator('[data-field="return-note"]').waitFor();
  assert.match(await row.innerText(), /Restituita.*Manca il dato sulla spesa/s);
  await row.getByRole('link').click();
  await udp.locator('#rel-returned').waitFor();
  assert.match(await udp.locator('#rel-returned').innerText(), /regione.*Manca il dato sulla spesa/s);
  assert.ok(await udp.getByLabel('Sintesi').count(), 'restituita: si modifica di nuovo');
  await checkPage(udp, PLAN, 'relazioni-restituita-editor');
  await udp.context().close();
});

test('udp.medioolona answers an esiti question in Valutazione and finds it after a reload', async () => {
  const id = await planId();
  const page = await loggedIn('udp.medioolona');
  await openTab(page, id, 'valutazione', 'valutazione');
  assert.equal(await page.locator('[role=tab][aria-selected=true]').innerText(), 'Valutazione');
  for (const h of ['Esiti', 'Risultati', 'Impatto']) await page.getByRole('heading', { name: h, exact: true }).waitFor();

  const field = page.locator('#val-esiti-servizi_erogati-answer');
  await field.fill('Attivati il servizio di assistenza domiciliare e due centri diurni.');
  await page.getByRole('button', { name: 'Salva la valutazione' }).click();
  await page.locator('#val-saved').filter({ hasText: 'Valutazione salvata' }).waitFor();
  await checkPage(page, PLAN, 'valutazione-salvata');

  await page.reload();
  await ready(page);
  await field.waitFor();
  assert.equal(await field.inputValue(), 'Attivati il servizio di assistenza domiciliare e due centri diurni.');
  assert.match(await page.locator('[data-question="servizi_erogati"]').innerText(), /Ultima risposta: .*udp\.medioolona/);
  await page.context().close();

  // The visitor reads the answer, without a form.
  const anon = await newPage(chrome.browser, server.url);
  await openTab(anon, id, 'valutazione', 'valutazione-anonimo');
  assert.match(await anon.locator('[data-question="servizi_erogati"]').innerText(), /centri diurni/);
  assert.equal(await anon.getByRole('button', { name: 'Salva la valutazione' }).count(), 0);
  await anon.context().close();
});

test('ats.milano sees the Cabina di regia of its ambiti with links to each plan\'s monitoring', async () => {
  const anon = new Client(server.url);
  const agency = (await anon.get('/api/v1/agencies/ats-milano')).json;
  assert.ok(agency.ambiti.length >= 2, 'ambiti dell’ATS di Milano nella demo');

  const visitor = await newPage(chrome.browser, server.url);
  await visitor.goto('/territorio/ats/ats-milano');
  await checkPage(visitor, agency.name, 'ats-anonimo');
  assert.equal(await visitor.locator('#territory-monitoring').count(), 0, 'nessuna Cabina di regia per il visitatore');
  await visitor.context().close();

  const page = await loggedIn('ats.milano');
  await page.goto('/territorio/ats/ats-milano');
  await page.locator('#cabina-di-regia').waitFor();
  await checkPage(page, agency.name, 'ats-cabina-di-regia');
  assert.match(await page.locator('#territory-monitoring-title').innerText(), /Cabina di regia/);
  const rows = page.locator('#cabina-di-regia tbody tr');
  assert.equal(await rows.count(), agency.ambiti.length);
  for (const a of agency.ambiti) assert.ok(await page.locator(`#cabina-di-regia tr[data-ambito="${a.code}"]`).count(), a.code);
  const withPlan = page.locator('#cabina-di-regia tbody a[href*="scheda=monitoraggio"]');
  assert.ok((await withPlan.count()) >= 1, 'almeno un ambito con il piano in attuazione');
  const downloads = page.locator('#territory-monitoring [data-downloads]');
  assert.equal(await downloads.getByRole('link', { name: /^Scarica CSV/ }).getAttribute('href'), '/api/v1/agencies/ats-milano/monitoring?format=csv');
  assert.equal(await downloads.getByRole('link', { name: /^Scarica XLSX/ }).getAttribute('href'), '/api/v1/agencies/ats-milano/monitoring?format=xlsx');
  for (const [format, type] of [['csv', /text\/csv/], ['xlsx', /spreadsheetml/]]) {
    const res = await page.request.get(`/api/v1/agencies/ats-milano/monitoring?format=${format}`);
    assert.equal(res.status(), 200, format);
    assert.match(res.headers()['content-type'], type);
  }

  // The link leads to the plan's Monitoraggio tab.
  await withPlan.first().click();
  await page.locator('#mon-summary').waitFor();
  assert.equal(await page.locator('[role=tab][aria-selected=true]').innerText(), 'Monitoraggio');
  const planCsv = await page.locator('#mon-downloads').getByRole('link', { name: /^Scarica CSV/ }).getAttribute('href');
  assert.match(planCsv, /^\/api\/v1\/plans\/\d+\/monitoring\?format=csv&as_of=\d{4}-\d{2}-\d{2}$/);
  const csv = await page.request.get(planCsv);
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /text\/csv/);
  await page.context().close();
});

test('the Region sees every plan and the progress by dimension and strategic objective', async () => {
  // A measurement on a plan in force, so that a dimension has a value.
  const udp = new Client(server.url);
  assert.equal((await udp.login('udp.rhodense')).status, 200);
  const plans = (await udp.get('/api/v1/ambiti/rhodense/plans')).json.items;
  const inForce = plans.find((p) => ['in_attuazione', 'prorogato', 'approvato_regione'].includes(p.status));
  assert.ok(inForce, 'un piano in attuazione del Rhodense');
  const m = (await udp.get(`/api/v1/plans/${inForce.id}/monitoring`)).json;
  const ind = m.objectives.flatMap((g) => g.specific.flatMap((s) => s.indicators)).find((i) => typeof i.target.value === 'number');
  if (ind) {
    const on = m.plan.period.to < '2022-06-30' ? m.plan.period.to : '2022-06-30';
    const r = await udp.post(`/api/v1/plans/${inForce.id}/monitoring/indicators/${ind.id}/measurements`,
      { measured_on: on, value: ind.target.value, source: 'Ufficio di Piano' });
    assert.equal(r.status, 201, r.text);
  }
  const region = (await new Client(server.url).get('/api/v1/regions/03')).json;

  const page = await loggedIn('regione');
  await page.goto('/territorio/regioni/03');
  await page.locator('#region-monitoring').waitFor();
  await checkPage(page, `Regione ${region.name}`, 'regione-monitoraggio');
  assert.match(await page.locator('#territory-monitoring-title').innerText(), /Monitoraggio dei piani/);
  assert.equal(await page.locator('#region-monitoring tbody tr').count(), (await new Client(server.url).get('/api/v1/regions/03/monitoring')).json.ambiti.length);
  assert.ok(await page.locator('#region-monitoring tr[data-ambito="medio-olona"] a[href*="scheda=monitoraggio"]').count());
  const byDim = page.locator('#region-by-dimension');
  await byDim.waitFor();
  assert.match(await byDim.locator('caption').innerText(), /dimensione/);
  if (ind) assert.match(await byDim.locator('tbody').innerText(), /Conoscenze|Risorse|Servizi|Nessuna dimensione/);
  await page.locator('#region-by-strategic').waitFor();
  assert.equal(await page.locator('#territory-monitoring').getByRole('link', { name: /^Scarica XLSX/ }).getAttribute('href'), '/api/v1/regions/03/monitoring?format=xlsx');
  await page.context().close();

  // udp.rhodense has no Region role: no section on the Region page.
  const other = await loggedIn('udp.rhodense');
  await other.goto('/territorio/regioni/03');
  await checkPage(other, `Regione ${region.name}`, 'regione-udp');
  assert.equal(await other.locator('#territory-monitoring').count(), 0);
  await other.context().close();
});

test('a report saved by someone else meanwhile gives a clear 409; impatto is closed before the end of the triennium', async () => {
  const id = await planId();
  const udp = new Client(server.url);
  assert.equal((await udp.login('udp.medioolona')).status, 200);
  const created = await udp.post(`/api/v1/plans/${id}/reports`, { kind: 'consuntivo', period_from: '2015-05-01', period_to: '2017-12-31' });
  assert.equal(created.status, 201, created.text);

  const page = await loggedIn('udp.medioolona');
  await page.goto(`/piani/${id}?scheda=relazioni&relazione=${created.json.id}`);
  await ready(page);
  await page.getByLabel('Criticità').fill('Ritardi nel NIL.');
  // Meanwhile another officer saves the same report.
  const other = await udp.patch(`/api/v1/reports/${created.json.id}`, { narrative: { sintesi: 'Altro testo' }, version: created.json.version });
  assert.equal(other.status, 200, other.text);
  await page.locator('#rel-editor').getByRole('button', { name: /^Salva/ }).click();
  const conflict = page.locator('[data-error="version_conflict"]');
  await conflict.waitFor();
  assert.match(await conflict.innerText(), /ricarica/i);
  await checkPage(page, PLAN, 'relazioni-409');
  await conflict.getByRole('button', { name: 'Ricarica i dati' }).click();
  await page.waitForFunction(() => document.querySelector('#rel-sintesi')?.value === 'Altro testo');

  // The evaluation as the API gives it before the plan's end: impatto disabled, with the reason.
  await page.route('**/api/v1/plans/*/evaluation', async (route) => {
    const res = await route.fetch();
    const body = await res.json();
    await route.fulfill({ response: res, json: { ...body, impatto_open: false } });
  });
  await page.goto(`/piani/${id}?scheda=valutazione`);
  await ready(page);
  const impatto = page.locator('fieldset[data-level="impatto"]');
  await impatto.waitFor();
  assert.equal(await impatto.evaluate((f) => f.disabled), true);
  assert.match(await page.locator('#val-impatto-closed').innerText(), /chiusura del triennio.*31\/12\/2017/s);
  assert.equal(await page.locator('fieldset[data-level="esiti"]').evaluate((f) => f.disabled), false);
  await checkPage(page, PLAN, 'valutazione-impatto-chiuso');
  await page.context().close();
});

test('udp.medioolona fills the 2021-2023 draft\'s «Esiti della programmazione precedente» from the 2015-2017 consuntivo', async () => {
  // The 2015-2017 plan's final report, written and sent through the API.
  const udp = await loginAs(server.url, 'udp.medioolona');
  const old = await planId();
  const c = await udp.post(`/api/v1/plans/${old}/reports`, { kind: 'consuntivo', period_from: '2015-05-01', period_to: '2017-12-31' });
  assert.equal(c.status, 201, c.text);
  const w = await udp.patch(`/api/v1/reports/${c.json.id}`, { version: c.json.version, narrative: { sintesi: 'Triennio chiuso con il Regolamento distrettuale in vigore.' } });
  assert.equal(w.status, 200, w.text);
  assert.equal((await udp.post(`/api/v1/reports/${c.json.id}/transitions`, { to: 'trasmessa' })).status, 200);
  const draft = (await udp.get('/api/v1/ambiti/medio-olona/plans')).json.items.find((p) => p.period.from === '2021-01-01');

  const page = await loggedIn('udp.medioolona');
  await page.goto(`/piani/${draft.id}`);
  await ready(page);
  const section = page.locator('section.pdz-plan-section', { hasText: 'Esiti della programmazione precedente' });
  page.once('dialog', (d) => void d.accept());  // the demo section has a text: it is replaced, kept in the revisions
  await section.getByRole('button', { name: 'Precompila dal piano precedente' }).click();
  await section.getByText(/Precompilato dalla relazione di consuntivo del Piano di Zona 2015-2017/).waitFor();
  assert.match(await section.innerText(), /Triennio chiuso con il Regolamento distrettuale in vigore/);
  await checkPage(page, 'Piano di Zona 2021-2023', 'sezione-precompilata');
  await page.context().close();
});
