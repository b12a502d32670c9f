// Browser tests of the stored premialità esiti: the Region computes the premialità of Lombardia 2018-2020,
// saves the esito (title required), opens it (ambiti, totals, trace), finds it on the Rhodense ambito's page and
// weighs an allocation's reward pot with it; anonymous sees the esiti but cannot save one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { checkPage, loginUi, visit } from './lib/ui.mjs';

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

const ESITO = 'Premialità 2018-2020 (prova del browser)';
const CALC = '/regole/lombardia-2018-2020/premialita';
/** Text of an element with non-breaking spaces made plain. */
const text = async (loc) => (await loc.innerText()).replace(/[\u00a0\u202f]/g, ' ').trim();

/** Ticks a Bootstrap Italia checkbox (the native input is drawn by its label) and checks it took. */
async function tick(page, label) {
  const box = page.getByLabel(label, { exact: true });
  if (!(await box.isChecked())) await page.locator(`label[for="${await box.getAttribute('id')}"]`).click();
  assert.equal(await box.isChecked(), true, `casella «${label}» spuntata`);
}

async function loggedIn(username) {
  const page = await newPage(chrome.browser, server.url);
  await loginUi(page, username);
  await page.waitForURL((u) => new URL(u).pathname === '/');
  return page;
}

test('the Region saves the premialità esito, opens it, the ambito sees it, a riparto weighs its reward pot by it', async () => {
  const page = await loggedIn('regione');
  await visit(page, CALC, 'Calcolo della premialità', 'premialita-regione');
  await page.locator('#premialita-runs, #esiti-salvati + p').first().waitFor();
  assert.match(await text(page.getByRole('region', { name: 'Esiti salvati' })), /non ha ancora salvato esiti/);
  assert.equal(await page.getByRole('button', { name: 'Salva l’esito' }).count(), 0, 'nulla da salvare prima del calcolo');

  await tick(page, 'Sì, Rhodense è ambito distrettuale');
  await page.getByLabel('Data di firma dell’AdP di Rhodense').fill('2018-06-30');
  await tick(page, 'Obiettivo 1 raggiunto da Rhodense');
  await tick(page, 'Obiettivo 3 raggiunto da Rhodense');
  await page.getByRole('button', { name: 'Calcola', exact: true }).click();
  await page.locator('#calc-results').waitFor();
  assert.equal(await text(page.locator('#calc-results tr[data-ambito="rhodense"] [data-field="ambito-total"]')), '50.000,00 €');
  assert.equal(await text(page.locator('[data-field="overall-total"]')), '50.000,00 €');

  // The title is required: refused before sending, the field marked.
  const save = page.locator('#save-run');
  await save.getByRole('button', { name: 'Salva l’esito' }).click();
  const titleInput = page.getByLabel('Titolo dell’esito (obbligatorio)');
  await page.locator('#save-run-name-error').waitFor();
  assert.equal(await titleInput.getAttribute('aria-invalid'), 'true');
  assert.match(await text(page.locator('#save-run-outcome')), /Indica il titolo/);
  await checkPage(page, 'Calcolo della premialità', 'premialita-salva-senza-titolo');

  await titleInput.fill(ESITO);
  await save.getByRole('button', { name: 'Salva l’esito' }).click();
  const link = save.getByRole('link', { name: 'Apri l’esito salvato' });
  await link.waitFor();
  assert.match(await text(page.locator('#save-run-outcome')), new RegExp(`Esito «${ESITO.replace(/[()]/g, '\\$&')}» salvato`));
  const href = await link.getAttribute('href');
  const id = Number(/^\/premialita\/(\d+)$/.exec(href)?.[1]);
  assert.ok(id > 0, `link all’esito: ${href}`);

  const listed = page.locator('#premialita-runs tbody tr', { hasText: ESITO });
  await listed.waitFor();
  const l = await text(listed);
  assert.match(l, /lombardia-2018-2020, versione 1/);
  assert.match(l, /50\.000,00 €/);
  assert.match(l, /regione/);
  await checkPage(page, 'Calcolo della premialità', 'premialita-esito-salvato');

  // The esito: ambiti with total and trace, the totals against the budget.
  await link.click();
  await checkPage(page, `Esito di premialità: ${ESITO}`, 'premialita-esito');
  assert.equal(new URL(page.url()).pathname, `/premialita/${id}`);
  assert.match(await text(page.locator('#run-head')), /DGR 7631\/2017/);
  assert.match(await text(page.locator('[data-field="run-saved"]')), /regione/);
  assert.equal(await text(page.locator('[data-field="total"]')), '50.000,00 €');
  assert.match(await text(page.locator('[data-field="budget"]')), /non indicato/);
  const rh = page.locator('#run-results tr[data-ambito="rhodense"]');
  assert.match(await text(rh), /Rhodense rhodense\s+50\.000,00 €/);
  assert.equal(await text(page.locator('#run-results tr[data-ambito="medio-olona"] [data-field="ambito-total"]')), '0,00 €');
  assert.equal(await page.locator('#run-trace-rhodense').isVisible(), false);
  const toggle = rh.getByRole('button', { name: /il dettaglio di Rhodense/ });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
  const trace = await text(page.locator('#run-trace-rhodense'));
  assert.match(trace, /DGR 7631\/2017, livello 1\s+30\.000,00 €/);
  assert.match(trace, /obiettivo 3 raggiunto: 5\.000,00 €/);
  assert.match(trace, /non spetta: obiettivo 2 non raggiunto/);
  await checkPage(page, `Esito di premialità: ${ESITO}`, 'premialita-esito-dettaglio');

  // The ambito's page: the reward in the esito, its lines on demand.
  await visit(page, '/territorio/ambiti/rhodense', 'Ambito Rhodense', 'ambito-premialita');
  const reward = page.locator('#ambito-premialita tbody tr[data-run]', { hasText: ESITO });
  await reward.waitFor();
  assert.match(await text(reward), /50\.000,00 €/);
  const lines = page.locator(`#ambito-premialita-lines-${id}`);
  assert.equal(await lines.isVisible(), false);
  const show = reward.getByRole('button', { name: `Mostra il calcolo dell’esito ${ESITO}` });
  await show.click();
  assert.equal(await reward.getByRole('button', { name: /il calcolo dell’esito/ }).getAttribute('aria-expanded'), 'true');
  assert.match(await text(lines), /DGR 7631\/2017, livello 1\s+30\.000,00 €/);
  await checkPage(page, 'Ambito Rhodense', 'ambito-premialita-calcolo');
  await reward.getByRole('link', { name: ESITO }).click();
  await checkPage(page, `Esito di premialità: ${ESITO}`, 'premialita-esito-da-ambito');

  // A riparto whose reward pot is weighed by the esito: the per-ambito premialità inputs go away.
  await visit(page, '/regioni/03/riparti', 'Riparti della Regione Lombardia', 'riparti-premialita');
  assert.equal(await page.getByLabel('Premialità di Rhodense in euro').count(), 1);
  const select = page.getByLabel('Premialità da un esito salvato');
  await select.selectOption({ label: `${ESITO} – 50.000,00\u00a0€ (lombardia-2018-2020)` });
  assert.equal(await select.inputValue(), String(id));
  assert.equal(await page.getByLabel('Premialità di Rhodense in euro').count(), 0, 'premialità per ambito nascosta');
  await page.getByLabel('Totale da ripartire (€)').fill('100.000,00');
  await page.getByLabel('Fondo premiale (€)').fill('10.000,00');
  await page.getByRole('button', { name: 'Calcola anteprima' }).click();
  const preview = page.locator('#al-preview');
  await preview.waitFor();
  assert.equal(await text(preview.locator('[data-field="allocation-total"]')), '100.000,00 €');
  assert.match(await text(page.locator('#al-preview-premialita')), new RegExp(ESITO.replace(/[()]/g, '\\$&')));
  await preview.locator('tr[data-ambito="rhodense"]').getByRole('button', { name: 'Mostra le voci di Rhodense' }).click();
  assert.match(await text(page.locator('#al-preview-lines-rhodense')), /Premialità\s+10\.000,00 €/);
  await preview.locator('tr[data-ambito="medio-olona"]').getByRole('button', { name: 'Mostra le voci di Medio Olona' }).click();
  assert.doesNotMatch(await text(page.locator('#al-preview-lines-medio-olona')), /Premialità\s+[1-9]/);
  await checkPage(page, 'Riparti della Regione Lombardia', 'riparti-anteprima-premialita');
  await page.context().close();
});

test('anonymous sees the saved esiti and opens one, but has no form to save', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, CALC, 'Calcolo della premialità', 'premialita-anonimo');
  await page.getByRole('button', { name: 'Calcola', exact: true }).click();
  await page.locator('#calc-results').waitFor();
  assert.equal(await page.locator('#save-run').count(), 0, 'nessun salvataggio per l’anonimo');
  const listed = page.locator('#premialita-runs tbody tr', { hasText: ESITO });
  await listed.waitFor();
  await listed.getByRole('link', { name: ESITO }).click();
  await checkPage(page, `Esito di premialità: ${ESITO}`, 'premialita-esito-anonimo');
  assert.equal(await page.getByRole('link', { name: 'Usa l’esito in un riparto' }).count(), 0);
  await page.context().close();
});

test('the calculator takes the AdP signature dates from the governance data, and says so', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/regole/lombardia-2021-2023/premialita', 'Calcolo della premialità', 'premialita-precompila');
  const rho = page.getByLabel('Data di firma dell’AdP di Rhodense');
  await rho.waitFor();
  assert.equal(await rho.inputValue(), '');
  await page.getByRole('button', { name: 'Precompila le date di firma dall’Accordo di Programma' }).click();
  await page.locator('#prefill-note').waitFor();
  assert.match(await rho.inputValue(), /^\d{4}-\d{2}-\d{2}$/);
  assert.match(await text(page.locator('#prefill-note')), /rhodense: Accordo di Programma del piano \d+/);
  assert.equal(await page.getByLabel('Data di firma dell’AdP di Garbagnatese').inputValue(), '');
  await checkPage(page, 'Calcolo della premialità', 'premialita-precompila-fatto');
});
