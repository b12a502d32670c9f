// Browser tests of the rules: the rulesets by region, one ruleset with its acts and parameters, the premialità calculator.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, Client } from '../lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { checkPage, visit } from './lib/ui.mjs';

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

/** Text with non-breaking spaces made plain ("30.000,00\u00a0€" -> "30.000,00 €"). */
const plain = (s) => s.replace(/[\u00a0\u202f]/g, ' ');
const textOf = async (locator) => plain(await locator.innerText());

/** Ticks a Bootstrap Italia checkbox (the native input is drawn by its label) and checks it took. */
async function tick(page, label) {
  const box = page.getByLabel(label, { exact: true });
  if (!(await box.isChecked())) await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  assert.equal(await box.isChecked(), true, `casella «${label}» spuntata`);
}

const row = (page, code) => page.locator(`#calc-ambiti tbody tr[data-ambito="${code}"]`);
const resultRow = (page, code) => page.locator(`#calc-results tbody tr[data-ambito="${code}"]`);

async function calculate(page) {
  await page.getByRole('button', { name: 'Calcola', exact: true }).click();
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('main button[type=submit]')].find((x) => /Calcol/.test(x.textContent));
    return b && !b.disabled;
  });
}

test('anonymous sees the rulesets by region and DGR 7631/2017 with its tiers and parameters', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/', 'Piani di Zona', 'regole-home');
  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Regole' }).click();
  await checkPage(page, 'Regole', 'regole');
  assert.equal(new URL(page.url()).pathname, '/regole');

  const lombardia = page.getByRole('region', { name: 'Lombardia' });
  const calabria = page.getByRole('region', { name: 'Calabria' });
  const lombardiaText = await lombardia.innerText();
  for (const c of ['lombardia-2015-2017', 'lombardia-2018-2020', 'lombardia-2021-2023']) {
    assert.match(lombardiaText, new RegExp(c), `${c} sotto Lombardia`);
  }
  assert.match(await calabria.innerText(), /calabria-2020-2022/);
  assert.doesNotMatch(await calabria.innerText(), /lombardia-/);
  assert.equal(await page.locator('main table tbody tr').count(), 4, 'quattro insiemi di regole');

  await lombardia.getByRole('link', { name: /2018-2020/ }).click();
  await checkPage(page, /2018-2020/, 'regole-lombardia-2018-2020');
  assert.match(page.url(), /\/regole\/lombardia-2018-2020$/);
  assert.equal(await page.locator('[data-field="act"]').innerText(), 'DGR 7631/2017');

  const tiers = await textOf(page.locator('#premialita-regole tr[data-rule="livello-1"]'));
  for (const amount of ['30.000,00 €', '20.000,00 €', '10.000,00 €']) assert.ok(tiers.includes(amount), `fascia ${amount} in «${tiers}»`);
  assert.match(tiers, /entro il 30\/06\/2018/);
  assert.match(tiers, /dal 01\/07\/2018 al 31\/12\/2018/);
  assert.match(tiers, /DGR 7631\/2017, livello 1/);
  const quadro = await textOf(page.locator('#premialita-quadro'));
  assert.match(quadro, /Tetto per ambito\s+60\.000,00 €/);
  assert.match(quadro, /Budget regionale complessivo\s+parametro da definire dalla Regione/);
  const params = await page.getByRole('region', { name: 'Parametri lasciati alla Regione' }).innerText();
  assert.match(params, /Budget regionale/i);
  assert.match(params, /premialita\.budget_cents/);
  // Every section is a table with its act column.
  for (const caption of ['Sezioni che ogni Piano deve contenere', 'Obiettivi strategici', 'Aree tematiche di intervento', 'Fondi e fonti di finanziamento', 'Scadenze', 'Requisiti dell’Accordo di Programma']) {
    const table = page.locator('main table', { has: page.locator('caption', { hasText: caption }) });
    assert.equal(await table.count(), 1, `tabella «${caption}»`);
    assert.match(await table.locator('thead').innerText(), /Atto/, `colonna Atto in «${caption}»`);
  }
  const adp = await page.locator('#adp').innerText();
  assert.match(adp, /ATS/);
  assert.match(adp, /Azienda speciale consortile/);
  assert.match(adp, /Unione di comuni/);
  assert.doesNotMatch(adp, /azienda_speciale_consortile/);
  await page.context().close();
});

test('deadlines: a date, "entro N giorni", or a marked parameter', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/regole/calabria-2020-2022', /Calabria/, 'regole-calabria-2020-2022');
  const deadlines = await page.locator('#scadenze').innerText();
  assert.match(deadlines, /entro 30 giorni dalla ricezione del Piano/);
  assert.equal(await page.locator('#scadenze .pdz-param-badge').count(), 1, 'una scadenza senza termine');
  assert.match(await page.locator('#adp').innerText(), /ASP/);
  assert.match(await page.locator('main').innerText(), /non prevedono premialità/);
  assert.equal(await page.getByRole('link', { name: 'Calcola la premialità' }).count(), 0);

  await visit(page, '/regole/lombardia-2015-2017', /2015-2017/, 'regole-lombardia-2015-2017');
  assert.match(await page.locator('#scadenze').innerText(), /30\/04\/2015/);

  await visit(page, '/regole/non-esiste', 'Regole', 'regole-inesistente');
  assert.equal(await page.locator('main .alert-danger').count(), 1, 'errore per un insieme di regole inesistente');
  await page.context().close();
});

test('a second version of a ruleset (Lombardia 2015-2017, not used by the calculator tests): the selector shows the one chosen', async () => {
  const admin = new Client(server.url);
  assert.equal((await admin.login('regione')).status, 200);
  const current = (await admin.get('/api/v1/rulesets/lombardia-2015-2017')).json;
  const body = structuredClone(current.body);
  body.premialita.budget_cents = 123456789;
  const loaded = await admin.post('/api/v1/rulesets', body);
  assert.equal(loaded.status, 201, loaded.text);

  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/regole/lombardia-2015-2017', /2015-2017/, 'regole-versione-ultima');
  const selector = page.getByLabel('Versione da consultare');
  assert.equal(await selector.inputValue(), String(loaded.json.version));
  assert.match(await textOf(page.locator('#premialita-quadro')), /Budget regionale complessivo\s+1\.234\.567,89 €/);
  await selector.selectOption(String(current.version));
  await page.waitForURL(/version=1$/);
  await checkPage(page, /2015-2017/, 'regole-versione-1');
  assert.match(await page.locator('main').innerText(), /Stai consultando la versione 1/);
  assert.match(await textOf(page.locator('#premialita-quadro')), /parametro da definire dalla Regione/);
  await page.context().close();
});

test('premialità calculator: Rhodense 50.000, Garbagnatese 10.000, Medio Olona 0; CSV; Italian errors', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/regole/lombardia-2018-2020', /2018-2020/, 'premialita-da-regole');
  await page.getByRole('link', { name: 'Calcola la premialità' }).click();
  await checkPage(page, 'Calcolo della premialità', 'premialita-vuoto');
  assert.match(page.url(), /\/regole\/lombardia-2018-2020\/premialita$/);

  // One row per active ambito of Lombardia, district prefilled.
  const active = (await new Client(server.url).get('/api/v1/ambiti?region=03&limit=500')).json.items.filter((a) => !a.valid_to);
  assert.ok(active.length >= 3, 'almeno Rhodense, Garbagnatese e Medio Olona');
  assert.equal(await page.locator('#calc-ambiti tbody tr').count(), active.length);
  assert.equal(await page.getByLabel('Distretto di Rhodense').inputValue(), 'asst-rhodense');
  assert.equal(await page.getByLabel('Distretto di Medio Olona').inputValue(), 'asst-valle-olona');
  assert.equal(await row(page, 'rhodense').getByRole('checkbox').count(), 4, 'distrettuale + 3 obiettivi');

  await tick(page, 'Sì, Rhodense è ambito distrettuale');
  await page.getByLabel('Data di firma dell’AdP di Rhodense').fill('2018-06-30');
  await tick(page, 'Obiettivo 1 raggiunto da Rhodense');
  await tick(page, 'Obiettivo 3 raggiunto da Rhodense');
  await tick(page, 'Sì, Garbagnatese è ambito distrettuale');
  await page.getByLabel('Data di firma dell’AdP di Garbagnatese').fill('2019-01-01');
  await page.getByLabel('Data di firma dell’AdP di Medio Olona').fill('2018-01-15');
  await tick(page, 'Obiettivo 2 raggiunto da Medio Olona');

  await calculate(page);
  await page.locator('#calc-results').waitFor();
  assert.equal(await textOf(resultRow(page, 'rhodense').locator('[data-field="ambito-total"]')), '50.000,00 €');
  assert.equal(await textOf(resultRow(page, 'garbagnatese').locator('[data-field="ambito-total"]')), '10.000,00 €');
  assert.equal(await textOf(resultRow(page, 'medio-olona').locator('[data-field="ambito-total"]')), '0,00 €');
  assert.equal(await textOf(page.locator('[data-field="overall-total"]')), '60.000,00 €');
  assert.equal(await textOf(page.locator('[data-field="claimed"]')), '60.000,00 €');
  assert.match(await page.locator('[data-field="budget"]').innerText(), /non indicato/);
  await checkPage(page, 'Calcolo della premialità', 'premialita-risultato');

  // The trace per ambito opens on demand.
  const trace = page.locator('#trace-rhodense');
  assert.equal(await trace.isVisible(), false);
  const toggle = resultRow(page, 'rhodense').getByRole('button', { name: /dettaglio di Rhodense/ });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const traceText = await textOf(trace);
  assert.match(traceText, /DGR 7631\/2017, livello 1\s+30\.000,00 €/);
  assert.match(traceText, /obiettivo 3 raggiunto: 5\.000,00 €/);
  assert.match(traceText, /non spetta: obiettivo 2 non raggiunto/);
  await resultRow(page, 'medio-olona').getByRole('button', { name: /dettaglio di Medio Olona/ }).click();
  assert.match(await page.locator('#trace-medio-olona').innerText(), /ambito distrettuale/);
  await checkPage(page, 'Calcolo della premialità', 'premialita-dettaglio');

  // CSV of the trace, generated in the page.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Scarica CSV' }).click(),
  ]);
  assert.match(download.suggestedFilename(), /^premialita-lombardia-2018-2020.*\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').replace(/^\ufeff/, '');
  const lines = csv.trim().split(/\r?\n/);
  assert.equal(lines[0], 'ambito;regola;atto;importo;motivo');
  assert.equal(lines.length, 1 + active.length * 4, 'una riga per ambito e regola');
  assert.ok(lines.includes('rhodense;livello-1;DGR 7631/2017, livello 1;30000,00;Accordo di Programma sottoscritto il 30/06/2018: fascia entro il 30/06/2018, 30.000,00 €'), csv);
  assert.ok(lines.some((l) => l.startsWith('garbagnatese;livello-1;') && l.includes(';10000,00;')), csv);
  assert.ok(lines.some((l) => l.startsWith('medio-olona;livello-2-obiettivo-2;') && l.includes(';0,00;')), csv);

  // A budget that is not an amount: refused before sending, the field named and marked.
  const budget = page.getByLabel('Budget regionale della premialità (€)');
  await budget.fill('cinquantamila');
  await calculate(page);
  const errors = page.locator('#calc-errors');
  await errors.locator('.alert-danger').waitFor();
  assert.match(await errors.innerText(), /Alcuni dati non sono validi/);
  assert.match(await errors.innerText(), /Campo: Budget regionale della premialità/);
  assert.match(await errors.innerText(), /cinquantamila/);
  assert.equal(await budget.getAttribute('aria-invalid'), 'true');
  assert.equal(await page.locator('#calc-results').count(), 0, 'nessun risultato con dati non validi');
  await checkPage(page, 'Calcolo della premialità', 'premialita-budget-non-valido');

  // A negative budget reaches the server: its 422 in Italian, the field named and marked.
  await budget.fill('-1.000,00');
  await calculate(page);
  await errors.locator('.alert-danger').waitFor();
  assert.match(await errors.innerText(), /non può essere negativo/);
  assert.match(await errors.innerText(), /«-1\.000,00»/, 'il valore come scritto, non in centesimi');
  assert.match(await errors.innerText(), /Campo: Budget regionale della premialità/);
  assert.equal(await budget.getAttribute('aria-invalid'), 'true');
  await checkPage(page, 'Calcolo della premialità', 'premialita-budget-negativo');

  // A budget below the claims scales the rewards down; the error marks go away.
  await budget.fill('50.000,00');
  await calculate(page);
  await page.locator('#calc-results').waitFor();
  assert.equal(await budget.getAttribute('aria-invalid'), null);
  assert.equal(await textOf(page.locator('[data-field="overall-total"]')), '50.000,00 €');
  assert.equal(await textOf(page.locator('[data-field="claimed"]')), '60.000,00 €');
  assert.equal(await textOf(page.locator('[data-field="budget"]')), '50.000,00 €');
  assert.match(await page.locator('#calc-result').innerText(), /superano il budget/);
  await checkPage(page, 'Calcolo della premialità', 'premialita-budget');
  await page.context().close();
});

test('shared policies (Lombardia 2021-2023): the missing amount is named, then each ambito of the policy is paid', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/regole/lombardia-2021-2023/premialita', 'Calcolo della premialità', 'premialita-policy-vuoto');
  await page.getByRole('button', { name: 'Aggiungi una policy' }).click();
  await page.getByLabel('Codice della policy 1').fill('dimissioni-protette');
  await tick(page, 'Rhodense partecipa alla policy 1');
  await tick(page, 'Garbagnatese partecipa alla policy 1');
  await checkPage(page, 'Calcolo della premialità', 'premialita-policy');

  await calculate(page);
  const errors = page.locator('#calc-errors');
  await errors.locator('.alert-danger').waitFor();
  const amount = page.getByLabel(/^Importo: Policy condivisa/);
  assert.match(await errors.innerText(), /Campo: Importo: Policy condivisa/);
  assert.equal(await amount.getAttribute('aria-invalid'), 'true');
  await checkPage(page, 'Calcolo della premialità', 'premialita-policy-importo-mancante');

  await amount.fill('7.500');
  await calculate(page);
  await page.locator('#calc-results').waitFor();
  assert.equal(await textOf(resultRow(page, 'rhodense').locator('[data-field="ambito-total"]')), '7.500,00 €');
  assert.equal(await textOf(resultRow(page, 'garbagnatese').locator('[data-field="ambito-total"]')), '7.500,00 €');
  assert.equal(await textOf(resultRow(page, 'medio-olona').locator('[data-field="ambito-total"]')), '0,00 €');
  assert.equal(await textOf(page.locator('[data-field="overall-total"]')), '15.000,00 €');
  await checkPage(page, 'Calcolo della premialità', 'premialita-policy-risultato');
  await page.context().close();
});
