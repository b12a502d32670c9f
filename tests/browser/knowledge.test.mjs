// Browser test of the knowledge system as Medio Olona's Ufficio di Piano: a spending file with an unknown area is
// refused with its error report (row, column, reason; nothing stored), the corrected file is imported as a job,
// the ambito's dashboard shows «Spesa sociale per abitante» changed with a judgement badge, the indicator's detail
// drills down to a comune; axe on the flows page, the dashboards and the debito informativo.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, Client, sourceDir } from '../lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { checkPage, loginUi } from './lib/ui.mjs';

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

const AMBITO = 'medio-olona';
const INDICATOR = 'Spesa sociale per abitante';
const JUDGEMENTS = ['Migliore', 'Simile', 'Peggiore', 'Più alto', 'Più basso', 'Non confrontato'];
/** Text of an element with non-breaking spaces made plain. */
const text = async (loc) => (await loc.innerText()).replace(/[\u00a0\u202f]/g, ' ').trim();

async function loggedIn(username) {
  const page = await newPage(chrome.browser, server.url);
  await loginUi(page, username);
  await page.waitForURL((u) => new URL(u).pathname === '/');
  return page;
}

/** The ambito's demo spending file (data/demo/flows), the rows of its latest year: what an officer would correct. */
function demoSpending() {
  const lines = readFileSync(join(sourceDir, 'data/demo/flows/spesa-medio-olona.csv'), 'utf8').trim().split(/\r?\n/);
  const header = lines[0];
  const rows = lines.slice(1).map((l) => l.split(';'));
  const year = Math.max(...rows.map((r) => Number(r[1])));
  return { header, year, rows: rows.filter((r) => Number(r[1]) === year) };
}

const AREA = 2;
const AMOUNT = 6;
const csv = (header, rows) => Buffer.from([header, ...rows.map((r) => r.join(';'))].join('\n') + '\n', 'utf8');

/** What the test needs from the API: the indicator of the catalogue and the comune the file changes. */
async function facts() {
  const c = new Client(server.url);
  const amb = await c.get(`/api/v1/ambiti/${AMBITO}`);
  assert.equal(amb.status, 200, amb.text);
  const defs = await c.get('/api/v1/indicators');
  assert.equal(defs.status, 200, defs.text);
  const def = defs.json.indicators.find((d) => d.name === INDICATOR);
  assert.ok(def, `indicatore «${INDICATOR}» nel catalogo`);
  const file = demoSpending();
  const comune = amb.json.comuni.find((x) => x.istat_code === file.rows[0][0]);
  assert.ok(comune, 'il comune del file è dell’ambito');
  return { def, comune, ...file };
}

async function dashboardValue(year, id) {
  const r = await new Client(server.url).get(`/api/v1/indicators/dashboard?level=ambito&code=${AMBITO}&year=${year}`);
  if (r.status !== 200) return null;
  return r.json.rows.find((x) => x.indicator === id && !x.category)?.value ?? null;
}

test('the Ufficio di Piano imports spending data and sees the indicator on the dashboard, down to a comune', async () => {
  const f = await facts();
  const before = await dashboardValue(f.year, f.def.id);
  const page = await loggedIn('udp.medioolona');

  // From the ambito page: its debito informativo and the way to the flows.
  await page.goto(`/territorio/ambiti/${AMBITO}`);
  await page.locator('#debito-title').waitFor();
  await checkPage(page, 'Ambito Medio Olona', 'conoscenza-ambito');
  await page.locator('main').getByRole('link', { name: 'Flussi informativi', exact: true }).click();
  await checkPage(page, 'Flussi informativi', 'flussi');
  assert.equal(await page.getByLabel('Ente che trasmette').inputValue(), `ambito:${AMBITO}`);
  await page.getByLabel('Flusso', { exact: true }).selectOption('spesa');

  // A file with an unknown area: refused, every error listed, nothing stored.
  const badRows = f.rows.map((r, i) => (i === 1 ? r.map((v, j) => (j === AREA ? 'area_inesistente' : v)) : r));
  const bad = csv(f.header, badRows);
  await page.locator('#import-file').setInputFiles({ name: 'spesa-errata.csv', mimeType: 'text/csv', buffer: bad });
  await page.getByRole('button', { name: 'Importa il file' }).click();
  const failed = page.locator('#import-failed');
  await failed.waitFor();
  assert.match(await text(failed), /nessun dato è stato salvato/);
  assert.match(await text(failed), /spesa-errata\.csv/);
  const groups = page.locator('#import-error-groups tbody tr');
  assert.equal(await groups.count(), 1);
  assert.equal((await groups.first().locator('td').first().innerText()).trim(), 'area');
  const cells = (await page.locator('#import-errors tbody tr').first().locator('td').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(cells.slice(0, 3), ['3', 'area', 'area_inesistente']);
  assert.ok(cells[3].length > 0, 'il problema è spiegato');
  await checkPage(page, 'Flussi informativi', 'flussi-errori');
  assert.equal(await dashboardValue(f.year, f.def.id), before, 'nulla è cambiato');

  // The corrected file: imported, one submission for the year.
  // The first row's amount corrected (a clearly different figure, so the indicator moves).
  const goodRows = f.rows.map((r, i) => (i === 0 ? r.map((v, j) => (j === AMOUNT ? '999.999,99' : v)) : r));
  const good = csv(f.header, goodRows);
  await page.locator('#import-file').setInputFiles({ name: 'spesa-corretta.csv', mimeType: 'text/csv', buffer: good });
  await page.getByRole('button', { name: 'Importa il file' }).click();
  const done = page.locator('#import-done');
  await done.waitFor();
  assert.match(await text(done), /spesa-corretta\.csv/);
  const sub = page.locator('#import-submissions tbody tr');
  assert.equal(await sub.count(), 1);
  const subCells = (await sub.first().locator('th, td').allInnerTexts()).map((s) => s.trim());
  assert.equal(subCells[0], String(f.year));
  assert.equal(subCells[2], String(f.rows.length));
  const hist = page.locator('#submissions tbody tr', { hasText: 'spesa-corretta.csv' });
  await hist.waitFor();
  assert.match(await text(hist), new RegExp(`${f.year}`));
  assert.match(await text(hist), /In vigore/);
  assert.match(await text(hist), /udp\.medioolona/);
  await checkPage(page, 'Flussi informativi', 'flussi-importato');

  // The same file again changes nothing.
  await page.locator('#import-file').setInputFiles({ name: 'spesa-corretta.csv', mimeType: 'text/csv', buffer: good });
  await page.getByRole('button', { name: 'Importa il file' }).click();
  await page.locator('#import-done', { hasText: 'nessuna modifica' }).waitFor();
  assert.match(await text(page.locator('#import-submissions tbody tr').first()), /nessuna modifica/);

  // The ambito's dashboard: the value changed, with a judgement in words.
  await page.getByRole('link', { name: /Vedi il cruscotto degli indicatori di Ambito Medio Olona/ }).click();
  await checkPage(page, 'Cruscotto degli indicatori: Ambito Medio Olona', 'cruscotto-ambito');
  assert.equal(await page.getByLabel('Anno dei dati').inputValue(), String(f.year));
  const row = page.locator(`#dashboard-table tr[data-indicator="${f.def.id}"][data-category=""]`);
  await row.waitFor();
  const shown = await text(row.locator('[data-field="value"]'));
  assert.match(shown, /^\d{1,3}(\.\d{3})*(,\d+)?( .+)?$/, `valore numerico: «${shown}»`);
  const after = await dashboardValue(f.year, f.def.id);
  assert.notEqual(after, null);
  assert.notEqual(after, before, 'il valore è cambiato con l’importazione');
  const badge = (await text(row.locator('[data-field="judgement"] .pdz-judge'))).replace(/^[▲▼=↑↓–]\s*/, '');
  assert.ok(JUDGEMENTS.includes(badge), `giudizio «${badge}»`);
  assert.equal(
    await page.getByRole('link', { name: 'Scarica CSV' }).getAttribute('href'),
    `/api/v1/indicators/dashboard?level=ambito&code=${AMBITO}&year=${f.year}&format=csv`,
  );
  const export_ = await page.request.get(`/api/v1/indicators/dashboard?level=ambito&code=${AMBITO}&year=${f.year}&format=csv`);
  assert.equal(export_.status(), 200);
  assert.match(export_.headers()['content-type'] ?? '', /text\/csv/);

  // The indicator's detail: trend and the comuni of the ambito; drill down to the comune.
  await row.getByRole('button', { name: INDICATOR }).click();
  await page.locator('#indicator-detail').waitFor();
  await page.locator('#chart-trend canvas').waitFor();
  await page.locator('#breakdown-table').waitFor();
  assert.ok((await page.locator('#breakdown-table tbody tr').count()) >= 2, 'i comuni dell’ambito');
  await checkPage(page, 'Cruscotto degli indicatori: Ambito Medio Olona', 'cruscotto-ambito-dettaglio');
  const child = page.locator(`#breakdown-table tr[data-entity="${f.comune.istat_code}"]`);
  assert.match(await text(child), /\d/);
  await child.getByRole('link').click();
  await checkPage(page, `Cruscotto degli indicatori: Comune di ${f.comune.name}`, 'cruscotto-comune');
  const url = new URL(page.url());
  assert.equal(url.pathname, `/conoscenza/comune/${f.comune.istat_code}`);
  assert.equal(url.searchParams.get('indicatore'), f.def.id);
  const crow = page.locator(`#dashboard-table tr[data-indicator="${f.def.id}"][data-category=""]`);
  assert.match(await text(crow.locator('[data-field="value"]')), /^\d/);
  await page.locator('#indicator-detail').waitFor();
  await page.getByRole('navigation', { name: 'Percorso di navigazione' }).getByRole('link', { name: 'Medio Olona', exact: true }).click();
  await checkPage(page, 'Cruscotto degli indicatori: Ambito Medio Olona', 'cruscotto-ritorno');
  await page.context().close();
});

test('anyone reads the flows documentation and the Region dashboard', async () => {
  const page = await newPage(chrome.browser, server.url);
  await page.goto('/flussi?scheda=documentazione');
  await page.locator('#flusso-spesa').waitFor();
  const spesa = page.locator('#flusso-spesa');
  const toggle = spesa.getByRole('button', { name: /Mostra le colonne/ });
  assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
  await toggle.click();
  await page.locator('#flusso-spesa-colonne table').waitFor();
  assert.equal(await spesa.getByRole('button', { name: /Nascondi le colonne/ }).getAttribute('aria-expanded'), 'true');
  for (const col of ['istat_code', 'year', 'area', 'intervention_code', 'amount_eur']) {
    await page.locator('#flusso-spesa-colonne tbody th', { hasText: col }).first().waitFor();
  }
  await checkPage(page, 'Flussi informativi', 'flussi-documentazione');
  await page.goto('/conoscenza/region/03');
  await checkPage(page, /^Cruscotto degli indicatori: Regione /, 'cruscotto-regione');
  await page.context().close();
});
