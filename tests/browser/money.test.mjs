// Browser tests of the money pages: the plan's Quadro delle risorse as the ambito's udp_editor (totals, add a
// row with a 422 shown next to its field, correct it with a reason, 409 when the row changed, history, import of
// a bad CSV with its error table) and the Region's riparti as region_admin (preview, save, list, detail, the
// share on the ambito's page).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
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

const PLAN = 'Piano di Zona 2015-2017';
const RUN = 'FNPS 2025 (prova del browser)';
/** Text of an element with non-breaking spaces made plain. */
const text = async (loc) => (await loc.innerText()).replace(/[\u00a0\u202f]/g, ' ').trim();

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

async function openResources(page, id, name) {
  await page.goto(`/piani/${id}`);
  await page.getByRole('tab', { name: 'Quadro delle risorse', exact: true }).click();
  await page.locator('#rf-rows').waitFor();
  await checkPage(page, PLAN, name);
}

test('anonymous sees the resource frame read-only, with totals, charts and downloads', async () => {
  const id = await planId();
  const page = await newPage(chrome.browser, server.url);
  await openResources(page, id, 'risorse-anonimo');
  assert.equal(await text(page.locator('[data-field="total-programmed"]')), '2.615.500,00 €');
  assert.equal(await text(page.locator('[data-field="summary-programmed"]')), '2.615.500,00 €');
  assert.match(await text(page.locator('[data-field="joint-share"]')), /^90,75%/);
  assert.match(await text(page.locator('#rf-checks')), /Impegnato 156\.000,00 € oltre il programmato 150\.000,00 €/);
  assert.equal(await page.locator('#rf-chart-fund svg[role=img]').count(), 1, 'grafico per fondo');
  assert.equal(await page.locator('#rf-chart-area svg[role=img]').count(), 1, 'grafico per area');
  assert.match(await text(page.locator('#rf-chart-fund table')), /Fondo Nazionale Politiche Sociali\s+915\.000,00 €/);
  assert.match(await text(page.locator('#rf-by-year')), /2015\s+891\.500,00 €/);
  assert.match(await text(page.locator('#rf-by-management')), /Gestione associata\s+2\.373\.500,00 €/);
  assert.equal(await page.getByRole('link', { name: 'Scarica il quadro XLSX' }).getAttribute('href'), `/api/v1/plans/${id}/resources?format=xlsx`);
  assert.equal(await page.getByRole('link', { name: 'Scarica il quadro CSV' }).getAttribute('href'), `/api/v1/plans/${id}/resources?format=csv`);
  assert.equal(await page.getByRole('button', { name: 'Aggiungi una riga' }).count(), 0, 'nessuna modifica per l’anonimo');
  assert.equal(await page.locator('#rf-import').count(), 0, 'nessuna importazione per l’anonimo');
  await page.context().close();
});

test('the Ufficio di Piano adds a row, corrects it with a reason, sees the history and a bad import', async () => {
  const id = await planId();
  const page = await loggedIn('udp.medioolona');
  await openResources(page, id, 'risorse-udp');
  assert.equal(await text(page.locator('[data-field="total-programmed"]')), '2.615.500,00 €');

  // A new row: committed over programmed without date nor justification -> 422 next to the fields.
  await page.getByRole('button', { name: 'Aggiungi una riga' }).click();
  const form = page.locator('#rf-new-form');
  await form.waitFor();
  await form.getByLabel('Fondo').selectOption('FNPS');
  await form.getByLabel('Tipologia').selectOption('statale');
  await form.getByLabel('Anno').fill('2016');
  await form.getByLabel('Area').selectOption('anziani');
  await form.getByLabel('Programmato (€)').fill('1.234,56');
  await form.getByLabel('Impegnato (€)', { exact: true }).fill('2.000,00');
  await form.getByRole('button', { name: 'Aggiungi la riga' }).click();
  await page.locator('#rf-new-committed_on-error').waitFor();
  assert.match(await text(page.locator('#rf-new-committed-error')), /supera il programmato/);
  assert.equal(await form.getByLabel('Impegnato (€)', { exact: true }).getAttribute('aria-invalid'), 'true');
  assert.match(await text(form.getByRole('alert').first()), /Riga non salvata/);
  await checkPage(page, PLAN, 'risorse-udp-422');

  await form.getByLabel('Impegnato (€)', { exact: true }).fill('0');
  await form.getByRole('button', { name: 'Aggiungi la riga' }).click();
  const notice = page.locator('#rf-notice');
  await notice.filter({ hasText: 'aggiunta al quadro' }).waitFor();
  const rowId = Number(/Riga (\d+) aggiunta/.exec(await notice.innerText())[1]);
  assert.ok(rowId > 0);
  await page.locator('[data-field="total-programmed"]').filter({ hasText: '2.616.734,56' }).waitFor();
  assert.match(await text(page.locator(`#rf-row-${rowId}`)), /Fondo Nazionale Politiche Sociali.*1\.234,56 €/s);

  // Correct it: the reason is mandatory.
  await page.getByRole('button', { name: `Correggi la riga ${rowId}`, exact: true }).click();
  const edit = page.locator(`#rf-edit-${rowId}-form`);
  await edit.waitFor();
  await edit.getByLabel('Programmato (€)').fill('1.500,00');
  await edit.getByRole('button', { name: 'Salva la correzione' }).click();
  await page.locator(`#rf-edit-${rowId}-reason-error`).waitFor();
  await edit.getByLabel('Motivo della correzione (obbligatorio)').fill('Importo aggiornato dalla determina 12/2016');
  await edit.getByRole('button', { name: 'Salva la correzione' }).click();
  await notice.filter({ hasText: `Riga ${rowId} corretta.` }).waitFor();
  await page.locator('[data-field="total-programmed"]').filter({ hasText: '2.617.000,00' }).waitFor();
  const hist = page.locator('#rf-history tbody tr', { hasText: 'Importo aggiornato dalla determina 12/2016' });
  await hist.waitFor();
  const h = await text(hist);
  assert.match(h, /udp\.medioolona/);
  assert.match(h, /Correzione/);
  assert.match(h, /programmato: 1\.234,56 € → 1\.500,00 €/);

  // Someone else corrects the row meanwhile: 409, the frame is reloaded.
  await page.getByRole('button', { name: `Correggi la riga ${rowId}`, exact: true }).click();
  await edit.waitFor();
  const other = new Client(server.url);
  assert.equal((await other.login('udp.medioolona')).status, 200);
  const cur = (await other.get(`/api/v1/plans/${id}/resources`)).json.rows.find((r) => r.id === rowId);
  const r409 = await other.patch(`/api/v1/plans/${id}/resources/${rowId}`, { version: cur.version, reason: 'altra scheda', note: 'corretta altrove' });
  assert.equal(r409.status, 200, r409.text);
  await edit.getByLabel('Programmato (€)').fill('1.600,00');
  await edit.getByLabel('Motivo della correzione (obbligatorio)').fill('Tentativo su dati vecchi');
  await edit.getByRole('button', { name: 'Salva la correzione' }).click();
  await notice.filter({ hasText: 'ricaricato' }).waitFor();
  await page.locator(`#rf-row-${rowId}`, { hasText: 'corretta altrove' }).waitFor();
  assert.match(await text(page.locator(`#rf-row-${rowId}`)), /1\.500,00 €/);

  // A bad CSV: nothing imported, the error report names row and column.
  const header = 'fondo;tipologia;anno;area;obiettivo;gestione;comune;programmato;impegnato;data_impegnato;liquidato;data_liquidato;motivazione;note';
  const csv = `${header}\nNOPE;statale;2016;anziani;;associata;;100,00;0;;0;;;\n`;
  await page.locator('#rf-import-file').setInputFiles({ name: 'errato.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
  await page.getByRole('button', { name: 'Importa il file' }).click();
  const report = page.locator('#rf-import-errors');
  await report.waitFor();
  assert.match(await text(report.locator('caption')), /^1 problema/);
  const cells = (await report.locator('tbody tr').first().locator('td').allInnerTexts()).map((s) => s.trim());
  assert.deepEqual(cells.slice(0, 3), ['2', 'fondo', 'NOPE']);
  assert.match(cells[3], /fondo non previsto/);
  assert.match(await text(page.locator('#rf-import-outcome')), /errato\.csv/);
  await page.locator('[data-field="total-programmed"]').filter({ hasText: '2.617.000,00' }).waitFor();
  await checkPage(page, PLAN, 'risorse-import-errato');
  await page.context().close();
});

test('the Region runs, previews and saves an allocation; the ambito sees its share', async () => {
  const page = await loggedIn('regione');
  await page.getByRole('link', { name: 'Riparti della Regione Lombardia' }).click();
  await checkPage(page, 'Riparti della Regione Lombardia', 'riparti-regione');
  assert.equal(new URL(page.url()).pathname, '/regioni/03/riparti');

  // With a ruleset only the parameters it leaves open are asked, and the fund comes from its catalogue.
  await page.getByLabel('Linee guida (facoltativo)').selectOption('lombardia-2018-2020');
  await page.getByLabel('Fondo premiale (€)').waitFor();
  assert.equal(await page.getByLabel('Quota fissa per ambito (€)').count(), 0, 'quota fissa non prevista dalla DGR 7631/2017');
  assert.equal(await page.getByLabel('Fondo', { exact: true }).evaluate((e) => e.tagName), 'SELECT');
  await checkPage(page, 'Riparti della Regione Lombardia', 'riparti-con-linee-guida');
  await page.getByLabel('Linee guida (facoltativo)').selectOption('');
  await page.getByLabel('Quota fissa per ambito (€)').waitFor();

  await page.getByLabel('Titolo (obbligatorio per salvare)').fill(RUN);
  await page.getByLabel('Fondo', { exact: true }).fill('FNPS');
  await page.getByLabel('Anno', { exact: true }).fill('2025');
  await page.getByLabel('Totale da ripartire (€)').fill('100.000,00');
  await page.getByRole('button', { name: 'Calcola anteprima' }).click();
  const preview = page.locator('#al-preview');
  await preview.waitFor();
  assert.equal(await text(preview.locator('[data-field="allocation-total"]')), '100.000,00 €');
  assert.match(await text(preview.locator('tr[data-ambito="medio-olona"]')), /64\.957\s+15\.449,66 €/);
  await checkPage(page, 'Riparti della Regione Lombardia', 'riparti-anteprima');

  await page.getByRole('button', { name: 'Salva il riparto' }).click();
  await page.locator('#al-saved').waitFor();
  const listed = page.locator('#al-runs tbody tr', { hasText: RUN });
  await listed.waitFor();
  const l = await text(listed);
  assert.match(l, /FNPS/);
  assert.match(l, /2025/);
  assert.match(l, /100\.000,00 €/);
  assert.match(l, /regione/);

  await listed.getByRole('link', { name: RUN }).click();
  await checkPage(page, `Riparto: ${RUN}`, 'riparto-dettaglio');
  const id = Number(/\/riparti\/(\d+)$/.exec(new URL(page.url()).pathname)[1]);
  assert.equal(await text(page.locator('[data-field="run-total"]')), '100.000,00 €');
  const mo = page.locator('#allocation-ambiti tr[data-ambito="medio-olona"]');
  assert.match(await text(mo), /Medio Olona\s+64\.957\s+15\.449,66 €/);
  const toggle = mo.getByRole('button', { name: 'Mostra le voci di Medio Olona' });
  await toggle.click();
  assert.equal(await mo.getByRole('button', { name: /le voci di Medio Olona/ }).getAttribute('aria-expanded'), 'true');
  const lines = page.locator('#allocation-ambiti-lines-medio-olona');
  await lines.waitFor();
  assert.match(await text(lines), /Quota capitaria\s+15\.449,66 €\s+quota capitaria: 64957 abitanti/);
  assert.equal(await page.getByRole('link', { name: 'Scarica CSV' }).getAttribute('href'), `/api/v1/allocations/${id}?format=csv`);
  assert.equal(await page.getByRole('link', { name: 'Scarica XLSX' }).getAttribute('href'), `/api/v1/allocations/${id}?format=xlsx`);
  await checkPage(page, `Riparto: ${RUN}`, 'riparto-voci');

  await visit(page, '/territorio/ambiti/medio-olona', 'Ambito Medio Olona', 'ambito-risorse-assegnate');
  const share = page.locator('#ambito-allocations tbody tr', { hasText: RUN });
  await share.waitFor();
  assert.match(await text(share), /15\.449,66 €\s+100\.000,00 €/);
  await share.getByRole('link', { name: RUN }).click();
  await checkPage(page, `Riparto: ${RUN}`, 'riparto-da-ambito');
  await page.context().close();
});

test('the riparti page has no form for those who are not region_admin', async () => {
  const page = await loggedIn('udp.medioolona');
  await visit(page, '/regioni/03/riparti', 'Riparti della Regione Lombardia', 'riparti-udp');
  assert.equal(await page.getByRole('button', { name: 'Salva il riparto' }).count(), 0);
  await page.context().close();
});
