// Browser tests of the monitoring of a plan (tab «Monitoraggio», docs/monitoring.md §6): the officer of the
// ambito sets an action's status and progress and finds them after a reload, sees a 422 next to the field,
// records a measurement and corrects it; the anonymous visitor reads without editing controls; axe on every view.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { checkPage, loginUi, ready } from './lib/ui.mjs';

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

/** The first action and the first indicator of the plan's monitoring, from the API. */
async function firstItems(id) {
  const r = await new Client(server.url).get(`/api/v1/plans/${id}/monitoring`);
  assert.equal(r.status, 200, r.text);
  const s = r.json.objectives[0].specific[0];
  const all = r.json.objectives.flatMap((g) => g.specific.flatMap((x) => x.indicators));
  return { action: s.actions[0].id, indicator: s.indicators[0].id, other: all[1].id };
}

/** Opens the plan on its monitoring tab and waits for the matrix. */
async function openMonitoring(page, id, name) {
  await page.goto(`/piani/${id}?scheda=monitoraggio`);
  await ready(page);
  await page.locator('#mon-summary').waitFor();
  assert.equal(await page.locator('[role=tab][aria-selected=true]').innerText(), 'Monitoraggio');
  await checkPage(page, PLAN, name);
}

test('anonymous reads the monitoring of the plan: summary, overdue actions, no editing controls', async () => {
  const id = await planId();
  const page = await newPage(chrome.browser, server.url);
  await openMonitoring(page, id, 'monitoraggio-anonimo');
  const summary = await page.locator('#mon-summary').innerText();
  assert.match(summary, /Avanzamento del piano/);
  assert.match(summary, /Giudizio/);
  assert.match(await page.locator('[data-field="plan-judgement"]').innerText(), /In ritardo|In linea|A rischio|Raggiunto|Non misurato|Non calcolabile/);
  assert.ok(Number(await page.locator('[data-field="overdue-count"]').innerText()) > 0, 'azioni in ritardo al giorno d’oggi');
  assert.ok((await page.locator('#mon-overdue tbody tr').count()) > 0, 'elenco delle azioni in ritardo');
  assert.equal(await page.locator('section[data-objective]').count(), 9, '9 obiettivi generali');
  assert.equal(await page.getByRole('button', { name: /^Salva/ }).count(), 0, 'nessun Salva per l’anonimo');
  assert.match(await page.locator('#mon-readonly').innerText(), /Ufficio di Piano/);

  // Another date: at the start of the plan nothing is late yet.
  await page.getByLabel('Situazione al').fill('2015-05-02');
  await page.waitForFunction(() => document.querySelector('#mon-summary-title')?.textContent?.includes('02/05/2015'));
  assert.equal(await page.locator('[data-field="overdue-count"]').innerText(), '0');
  await checkPage(page, PLAN, 'monitoraggio-anonimo-2015');
  await page.context().close();
});

test('udp.medioolona sets an action «In corso» at 40%, finds it after a reload, and gets the error for 150%', async () => {
  const id = await planId();
  const { action } = await firstItems(id);
  const page = await newPage(chrome.browser, server.url);
  await loginUi(page, 'udp.medioolona');
  await page.waitForURL((u) => new URL(u).pathname === '/');
  await openMonitoring(page, id, 'monitoraggio-udp');

  const base = `#azione-${action}`;
  await page.locator(`${base}-status`).selectOption({ label: 'In corso' });
  await page.locator(`${base}-progress`).fill('40');
  await page.locator(`${base}-notes`).fill('Avviato il tavolo con l’ASL');
  await page.locator(base).getByRole('button', { name: /^Salva/ }).click();
  await page.locator(base).getByRole('status').filter({ hasText: 'salvata' }).waitFor();
  assert.match(await page.locator(`${base} [data-field="action-state"]`).innerText(), /In corso.*40%/s);
  await checkPage(page, PLAN, 'monitoraggio-udp-salvato');

  await page.reload();
  await ready(page);
  await page.locator('#mon-summary').waitFor();
  assert.equal(await page.locator(`${base}-status`).inputValue(), 'in_progress');
  assert.equal(await page.locator(`${base}-progress`).inputValue(), '40');
  assert.equal(await page.locator(`${base}-notes`).inputValue(), 'Avviato il tavolo con l’ASL');
  assert.match(await page.locator(`${base} [data-field="action-state"]`).innerText(), /In corso.*40%/s);
  assert.match(await page.locator(base).innerText(), /Ultimo aggiornamento: .*udp\.medioolona/);

  // The history names who changed what.
  await page.locator(base).locator('summary', { hasText: 'Storico' }).click();
  const history = page.locator(`${base} .pdz-mon-history table`);
  await history.waitFor();
  assert.match(await history.innerText(), /udp\.medioolona/);
  assert.match(await history.innerText(), /In corso, 40%/);

  // 150%: the server's 422 next to the field, the field marked and focused.
  await page.locator(`${base}-progress`).fill('150');
  await page.locator(base).getByRole('button', { name: /^Salva/ }).click();
  const err = page.locator(`[data-error-for="azione-${action}-progress"]`);
  await err.waitFor();
  assert.match(await err.innerText(), /da 0 a 100/);
  assert.equal(await page.locator(`${base}-progress`).getAttribute('aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement?.id), `azione-${action}-progress`);
  await checkPage(page, PLAN, 'monitoraggio-udp-422');

  // Nothing was stored by the refused save.
  const r = await new Client(server.url).get(`/api/v1/plans/${id}/monitoring`);
  const stored = r.json.objectives[0].specific[0].actions.find((a) => a.id === action);
  assert.equal(stored.progress, 40);
  assert.equal(stored.status, 'in_progress');
  await page.context().close();
});

test('udp.medioolona records a measurement of an indicator and corrects it', async () => {
  const id = await planId();
  const { indicator } = await firstItems(id);
  const page = await newPage(chrome.browser, server.url);
  await loginUi(page, 'udp.medioolona');
  await page.waitForURL((u) => new URL(u).pathname === '/');
  await openMonitoring(page, id, 'monitoraggio-indicatori');

  const box = page.locator(`#indicatore-${indicator}`);
  await box.locator('summary').first().click();
  const base = `#misura-${indicator}`;
  // Outside the plan's period: the server's 422 on the date.
  await page.locator(`${base}-measured_on`).fill('2019-06-30');
  await page.locator(`${base}-value`).fill('3');
  await page.locator(`${base}-source`).fill('Ufficio di Piano');
  await box.getByRole('button', { name: 'Registra la misurazione' }).click();
  await page.locator(`[data-error-for="misura-${indicator}-measured_on"]`).waitFor();
  assert.match(await page.locator(`[data-error-for="misura-${indicator}-measured_on"]`).innerText(), /fuori dal periodo/);
  await checkPage(page, PLAN, 'monitoraggio-misura-422');

  await page.locator(`${base}-measured_on`).fill('2016-06-30');
  await box.getByRole('button', { name: 'Registra la misurazione' }).click();
  await box.getByRole('status').filter({ hasText: 'Misurazione registrata' }).waitFor();
  const rows = box.locator('table[data-table="measurements"] tbody tr');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /30\/06\/2016.*3.*Ufficio di Piano.*inserita/s);

  await box.getByRole('button', { name: /^Correggi/ }).click();
  assert.equal(await page.locator(`${base}-value`).inputValue(), '3');
  await page.locator(`${base}-value`).fill('4,5');
  await page.locator(`${base}-note`).fill('Dato rettificato dai Comuni');
  await box.getByRole('button', { name: 'Registra la correzione' }).click();
  await box.getByRole('status').filter({ hasText: 'Correzione registrata' }).waitFor();
  await box.locator('tr[data-corrected="true"]').waitFor();
  assert.equal(await rows.count(), 2);
  assert.match(await box.locator('tr[data-corrected="true"]').innerText(), /corretta da 4,5/);
  assert.match(await box.locator('[data-field="latest"]').innerText(), /4,5 al 30\/06\/2016/);
  await checkPage(page, PLAN, 'monitoraggio-misura-corretta');
  await page.context().close();
});

test('udp.medioolona measures an indicator from the flows, then removes the binding', async () => {
  const id = await planId();
  const { other } = await firstItems(id);
  const page = await newPage(chrome.browser, server.url);
  await loginUi(page, 'udp.medioolona');
  await page.waitForURL((u) => new URL(u).pathname === '/');
  await openMonitoring(page, id, 'monitoraggio-flussi');

  const box = page.locator(`#indicatore-${other}`);
  await box.locator('summary').first().click();
  await box.getByLabel('Indicatore dei flussi').selectOption({ label: 'Spesa sociale per abitante' });
  await box.getByRole('button', { name: 'Misura dai flussi' }).click();
  await box.locator('[data-field="binding"]').waitFor();
  assert.match(await box.locator('[data-field="binding"]').innerText(), /Misurato dai flussi informativi: Spesa sociale per abitante/);
  const flowRows = box.locator('table[data-table="measurements"] tbody tr', { hasText: 'dai flussi' });
  assert.ok((await flowRows.count()) > 0, 'valori dai flussi nella tabella');
  assert.match(await box.locator('[data-field="latest"]').innerText(), /al 31\/12\/\d{4}/);
  await checkPage(page, PLAN, 'monitoraggio-flussi-collegato');

  await box.getByRole('button', { name: /^Rimuovi il collegamento/ }).click();
  await box.getByRole('button', { name: 'Misura dai flussi' }).waitFor();
  assert.equal(await box.locator('[data-field="binding"]').count(), 0);
  assert.equal(await box.locator('table[data-table="measurements"]').count(), 0, 'nessuna misurazione senza i flussi');
  await page.context().close();
});

test('udp.medioolona adds a link as evidence of an action, sees it listed and in the history, then removes it', async () => {
  const id = await planId();
  const { action } = await firstItems(id);
  const page = await newPage(chrome.browser, server.url);
  await loginUi(page, 'udp.medioolona');
  await page.waitForURL((u) => new URL(u).pathname === '/');
  await openMonitoring(page, id, 'monitoraggio-evidenze');

  const box = page.locator(`[data-evidence-of="${action}"]`);
  await box.locator('summary', { hasText: 'Aggiungi evidenza' }).click();
  const base = `#evid-${action}`;
  await page.locator(`${base}-kind`).selectOption({ label: 'Collegamento' });
  // A bad address: the server's 422 next to the field.
  await page.locator(`${base}-title`).fill('Delibera di avvio del servizio');
  await page.locator(`${base}-url`).fill('ftp://example.org/delibera.pdf');
  await box.getByRole('button', { name: /^Aggiungi evidenza/ }).click();
  await page.locator(`[data-error-for="evid-${action}-url"]`).waitFor();
  assert.match(await page.locator(`[data-error-for="evid-${action}-url"]`).innerText(), /http/);
  assert.equal(await page.locator(`${base}-url`).getAttribute('aria-invalid'), 'true');
  await checkPage(page, PLAN, 'monitoraggio-evidenza-422');

  await page.locator(`${base}-url`).fill('https://www.example.org/delibera.pdf');
  await box.getByRole('button', { name: /^Aggiungi evidenza/ }).click();
  await box.getByRole('status').filter({ hasText: 'aggiunta' }).waitFor();
  const item = box.locator('li[data-kind="link"]');
  await item.waitFor();
  const link = item.getByRole('link', { name: /Delibera di avvio del servizio/ });
  assert.equal(await link.getAttribute('href'), 'https://www.example.org/delibera.pdf');
  assert.match(await item.innerText(), /Collegamento.*udp\.medioolona/s);
  await checkPage(page, PLAN, 'monitoraggio-evidenza-aggiunta');

  // The history says so.
  await page.locator(`#azione-${action}`).locator('summary', { hasText: 'Storico' }).click();
  const history = page.locator(`#azione-${action} .pdz-mon-history table`);
  await history.waitFor();
  assert.match(await history.innerText(), /Aggiunta evidenza: Delibera di avvio del servizio/);

  // Removal asks first; then the evidence is no longer listed.
  page.once('dialog', (d) => d.accept());
  await item.getByRole('button', { name: /^Rimuovi/ }).click();
  await box.getByRole('status').filter({ hasText: 'rimossa' }).waitFor();
  await box.locator('li[data-kind="link"]').waitFor({ state: 'detached' });
  assert.match(await box.innerText(), /Evidenze \(0\)/);
  const r = await new Client(server.url).get(`/api/v1/plans/${id}/monitoring`);
  assert.deepEqual(r.json.objectives[0].specific[0].actions.find((a) => a.id === action).evidence, []);
  await page.context().close();
});
