// Browser tests of the Piani di Zona: the public plan page and its matrix, editing as the ambito's
// udp_editor (save with a note, revisions and diff, 422 marking the field, 409 conflict), a new plan as a copy.
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
const COLUMNS = [
  'Obiettivo specifico',
  'Interventi/azioni di sistema',
  'Indicatori di esito',
  'Strumenti utilizzati',
  'Risorse impiegate',
  'Tempistica',
];

/** The id of the Medio Olona plan 2015-2017, from the API. */
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

/** Clicks a tab of the plan page and waits for its panel. */
async function openTab(page, name) {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('[role=tab][aria-selected=true]')?.textContent?.trim() === n, name);
}

test('anonymous sees the approved plan 2015-2017 and its objectives matrix, without Modifica', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/territorio/ambiti/medio-olona', 'Ambito Medio Olona', 'piani-ambito-anonimo');
  const row = page.locator('#piani-ambito tbody tr', { hasText: PLAN });
  assert.equal(await row.count(), 1, 'una riga per il piano 2015-2017');
  assert.match(await row.innerText(), /In attuazione/);
  assert.match(await row.innerText(), /01\/05\/2015 – 31\/12\/2017/);
  assert.equal(await page.getByRole('button', { name: 'Nuovo piano' }).count(), 0, 'nessun «Nuovo piano» per l’anonimo');

  await row.getByRole('link', { name: PLAN }).click();
  await checkPage(page, PLAN, 'piano-sezioni-anonimo');
  assert.match(new URL(page.url()).pathname, /^\/piani\/\d+$/);
  assert.equal(await page.locator('[data-field="status"]').innerText(), 'In attuazione');
  assert.match(await page.locator('#missing-sections').innerText(), /Sezioni richieste dalle linee guida ancora vuote/);
  assert.match(await page.locator('#missing-sections').innerText(), /DGR 2941\/2014/);
  assert.equal(await page.getByRole('button', { name: /Modifica/ }).count(), 0, 'nessun Modifica per l’anonimo');
  const id = await planId();
  assert.equal(await page.getByRole('link', { name: 'Scarica PDF' }).getAttribute('href'), `/api/v1/plans/${id}/export?format=pdf`);
  assert.equal(await page.getByRole('link', { name: 'Scarica DOCX' }).getAttribute('href'), `/api/v1/plans/${id}/export?format=docx`);

  await openTab(page, 'Obiettivi');
  await checkPage(page, PLAN, 'piano-obiettivi-anonimo');
  const main = await page.locator('main').innerText();
  assert.match(main, /Rafforzamento dei percorsi di integrazione socio sanitaria/);
  assert.equal(await page.locator('table.pdz-matrix').count(), 9, '9 obiettivi generali');
  for (let i = 1; i <= 9; i++) {
    assert.match(await page.locator(`#obiettivo-${i}`).innerText(), new RegExp(`^${i}\\. `), `obiettivo ${i} numerato`);
  }
  const headers = await page.locator('table.pdz-matrix').first().locator('thead th').allInnerTexts();
  assert.deepEqual(headers.map((h) => h.trim()), COLUMNS);
  const second = page.locator('table.pdz-matrix').nth(1);
  assert.deepEqual(
    (await second.locator('tbody th[scope=row] .pdz-num').allInnerTexts()).map((s) => s.trim()),
    ['2.1', '2.2', '2.3'],
  );
  const res = await page.locator('table.pdz-matrix').first().locator('tbody td').nth(3).innerText();
  assert.match(res, /FINANZIARIE:/);
  assert.match(res, /PROFESSIONALI:/);

  await openTab(page, 'Revisioni');
  await checkPage(page, PLAN, 'piano-revisioni-anonimo');
  // The import, then the demo's monitoring revision (indicator values, data/demo/monitoring-medio-olona.json).
  assert.equal(await page.locator('#plan-revisions tbody tr').count(), 2);
  await page.context().close();
});

test('udp.medioolona edits the plan: adds a tool, moves a specific objective, saves with a note; revisions and diff', async () => {
  const id = await planId();
  const page = await loggedIn('udp.medioolona');
  page.on('dialog', (d) => d.accept());
  await visit(page, `/piani/${id}`, PLAN, 'piano-udp');
  await page.getByRole('button', { name: /Modifica/ }).click();
  await page.locator('#editor-title').waitFor();
  await checkPage(page, PLAN, 'piano-editor');

  const nTools = await page.locator('textarea[id^="spec-0-0-tools-"]').count();
  assert.equal(nTools, 7, 'sette strumenti nell’obiettivo 1.1');
  await page.locator('#spec-0-0-tools-0-add').click();
  const newTool = page.locator(`#spec-0-0-tools-${nTools}`);
  await newTool.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), `spec-0-0-tools-${nTools}`, 'il fuoco va sulla nuova voce');
  await page.keyboard.type('Cabina di regia distrettuale');
  // Tags: kind of intervention and thematic area, from the plan's ruleset.
  await page.locator('#spec-0-0-kind').selectOption('potenziamento');
  await page.locator('#spec-0-0-areas-anziani').focus();
  await page.keyboard.press('Space');
  assert.ok(await page.locator('#spec-0-0-areas-anziani').isChecked(), 'area spuntata da tastiera');

  const t21 = await page.locator('#spec-1-0-title').inputValue();
  const t22 = await page.locator('#spec-1-1-title').inputValue();
  await page.getByRole('button', { name: 'Sposta giù obiettivo specifico 2.1' }).click();
  assert.equal(await page.locator('#spec-1-0-title').inputValue(), t22);
  assert.equal(await page.locator('#spec-1-1-title').inputValue(), t21);
  assert.match(await page.locator('#editor-title').innerText(), /Modifiche non salvate/);

  // Leaving with unsaved changes asks first; refusing keeps the page and the edits.
  page.removeAllListeners('dialog');
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    d.dismiss();
  });
  await page.locator('.breadcrumb').getByRole('link', { name: 'Territorio' }).click();
  assert.match(asked, /modifiche non salvate/);
  assert.match(new URL(page.url()).pathname, new RegExp(`^/piani/${id}$`));
  assert.equal(await newTool.inputValue(), 'Cabina di regia distrettuale');
  page.on('dialog', (d) => d.accept());

  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.getByLabel('Nota della revisione (facoltativa)').fill('Aggiunta la cabina di regia, riordinato l’obiettivo 2');
  await checkPage(page, PLAN, 'piano-editor-nota');
  await page.getByRole('button', { name: 'Conferma e salva' }).click();
  await page.locator('#plan-saved').waitFor();
  assert.match(await page.locator('#plan-saved').innerText(), /revisione 3/);
  await checkPage(page, PLAN, 'piano-salvato');

  await page.reload();
  await checkPage(page, PLAN, 'piano-ricaricato');
  assert.match(await page.locator('[data-field="revision"]').innerText(), /^3 – .*udp\.medioolona/s);
  await openTab(page, 'Obiettivi');
  await checkPage(page, PLAN, 'piano-obiettivi-dopo');
  assert.match(await page.locator('table.pdz-matrix').first().locator('tbody td').nth(2).innerText(), /Cabina di regia distrettuale/);
  assert.match(await page.locator('table.pdz-matrix').first().locator('tbody th[scope=row]').first().innerText(),
    /Tipo: Potenziamento · Aree: Anziani/);
  const rows2 = page.locator('table.pdz-matrix').nth(1).locator('tbody th[scope=row]');
  assert.match(await rows2.nth(0).innerText(), new RegExp(`^2\\.1 ${t22.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  assert.match(await rows2.nth(1).innerText(), new RegExp(`^2\\.2 ${t21.slice(0, 30).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

  await openTab(page, 'Revisioni');
  await checkPage(page, PLAN, 'piano-revisioni');
  const revRows = page.locator('#plan-revisions tbody tr');
  assert.equal(await revRows.count(), 3);
  assert.match(await revRows.nth(0).innerText(), /udp\.medioolona.*Aggiunta la cabina di regia/s);
  assert.match(await revRows.nth(1).innerText(), /udp\.medioolona.*Monitoraggio/s);
  assert.match(await revRows.nth(2).innerText(), /sistema/);
  assert.equal(await page.getByLabel('Dalla revisione', { exact: true }).inputValue(), '2');
  assert.equal(await page.getByLabel('Alla revisione', { exact: true }).inputValue(), '3');
  await page.getByRole('button', { name: 'Confronta' }).click();
  await page.locator('#plan-diff li').first().waitFor();
  await checkPage(page, PLAN, 'piano-diff');
  const diff = await page.locator('#plan-diff').innerText();
  assert.match(diff, /Modificato\s*obiettivo specifico 1\.1/);
  assert.match(diff, /Campi modificati: tipo, aree, strumenti/);
  assert.match(diff, /Spostato\s*obiettivo specifico/);
  assert.ok(diff.includes(t21.slice(0, 40)), 'il diff nomina l’obiettivo spostato');
  await page.context().close();
});

test('an invalid indicator shows the Italian reason and marks the field; a concurrent save shows the conflict', async () => {
  const id = await planId();
  const before = (await new Client(server.url).get(`/api/v1/plans/${id}`)).json;
  const page = await loggedIn('udp.medioolona');
  page.on('dialog', (d) => d.accept());
  await visit(page, `/piani/${id}`, PLAN, 'piano-udp-2');
  await page.getByRole('button', { name: /Modifica/ }).click();
  await page.locator('#editor-title').waitFor();

  await page.locator('#spec-0-0-ind-0-base-value').fill('3');
  await page.locator('#spec-0-0-ind-0-base-date').fill('2017-01-01');
  await page.locator('#spec-0-0-ind-0-target-value').fill('7');
  await page.locator('#spec-0-0-ind-0-target-date').fill('2016-01-01');
  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.getByRole('button', { name: 'Conferma e salva' }).click();
  await page.locator('#plan-errors').waitFor();
  const errors = await page.locator('#plan-errors').innerText();
  assert.match(errors, /nulla è stato salvato/);
  assert.match(errors, /Obiettivo specifico 1\.1: indicatore 1, valore atteso, data/);
  assert.match(errors, /la data del valore atteso precede quella del valore di partenza/);
  const target = page.locator('#spec-0-0-ind-0-target-date');
  assert.equal(await target.getAttribute('aria-invalid'), 'true');
  assert.match(await page.locator('#spec-0-0-ind-0-target-date-err').innerText(), /precede/);
  assert.equal(await target.inputValue(), '2016-01-01', 'le modifiche restano');
  await checkPage(page, PLAN, 'piano-editor-422');
  // The error list leads to the field.
  await page.locator('#plan-errors').getByRole('button', { name: /indicatore 1, valore atteso, data/ }).click();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'spec-0-0-ind-0-target-date');
  const unchanged = (await new Client(server.url).get(`/api/v1/plans/${id}`)).json;
  assert.equal(unchanged.version, before.version, 'nulla salvato');

  // Correct the date; meanwhile the same user saves from elsewhere.
  await target.fill('2017-06-30');
  const other = new Client(server.url);
  assert.equal((await other.login('udp.medioolona')).status, 200);
  const cur = (await other.get(`/api/v1/plans/${id}`)).json;
  const r = await other.put(`/api/v1/plans/${id}`, {
    version: cur.version,
    note: 'da un’altra finestra',
    plan: { ...cur.plan, subtitle: 'Sottotitolo cambiato altrove' },
  });
  assert.equal(r.status, 200, `PUT concorrente: ${r.text}`);

  await page.getByRole('button', { name: 'Salva', exact: true }).click();
  await page.getByRole('button', { name: 'Conferma e salva' }).click();
  await page.locator('#plan-conflict').waitFor();
  const conflict = await page.locator('#plan-conflict').innerText();
  assert.match(conflict, /modificato da qualcun altro/);
  assert.match(conflict, /Modificato\s*dati del piano/);
  assert.match(conflict, /sottotitolo/);
  assert.equal(await target.inputValue(), '2017-06-30', 'le modifiche locali restano visibili');
  await checkPage(page, PLAN, 'piano-editor-409');
  const after409 = (await other.get(`/api/v1/plans/${id}`)).json;
  assert.equal(after409.version, r.json.version, 'nessuna sovrascrittura');
  assert.equal(after409.plan.objectives[0].specific[0].indicators[0].target, null);

  // Reload (confirmed) discards the local edits and shows the other save.
  let asked = '';
  page.removeAllListeners('dialog');
  page.once('dialog', (d) => {
    asked = d.message();
    d.accept();
  });
  await page.getByRole('button', { name: 'Ricarica il piano' }).click();
  assert.match(asked, /andranno perse/);
  await page.waitForFunction(() => !document.querySelector('#plan-conflict'));
  assert.equal(await page.locator('#spec-0-0-ind-0-target-date').inputValue(), '');
  assert.equal(await page.locator('#plan-subtitle').inputValue(), 'Sottotitolo cambiato altrove');
  await page.getByRole('button', { name: 'Annulla', exact: true }).click();
  await page.getByRole('button', { name: /Modifica/ }).waitFor();
  await page.context().close();
});

test('udp.medioolona creates the plan 2018-2020 as a copy (Bozza); anonymous does not see it', async () => {
  const page = await loggedIn('udp.medioolona');
  await visit(page, '/territorio/ambiti/medio-olona', 'Ambito Medio Olona', 'piani-ambito-udp');
  await page.getByRole('button', { name: 'Nuovo piano' }).click();
  await page.getByLabel('Periodo: dal').waitFor();
  assert.ok(await page.getByLabel(/Copia di un piano esistente/).isChecked(), 'la copia è la scelta predefinita');
  // The demo also has the draft 2021-2023 (governance): copy the plan in force.
  await page.getByLabel('Piano da copiare').selectOption({ label: 'Piano di Zona 2015-2017 (In attuazione)' });
  await page.getByLabel('Periodo: dal').fill('2018-01-01');
  await page.getByLabel('Periodo: al').fill('2020-12-31');
  await checkPage(page, 'Ambito Medio Olona', 'piani-nuovo-form');
  await page.getByRole('button', { name: 'Crea il piano' }).click();
  await page.waitForURL((u) => /^\/piani\/\d+$/.test(new URL(u).pathname));
  await checkPage(page, 'Piano di Zona 2018-2020', 'piano-nuovo');
  assert.equal(await page.locator('[data-field="status"]').innerText(), 'Bozza');
  assert.match(await page.locator('[data-field="period"]').innerText(), /01\/01\/2018 al 31\/12\/2020/);
  await openTab(page, 'Obiettivi');
  assert.equal(await page.locator('table.pdz-matrix').count(), 9, 'la copia ha gli obiettivi del piano precedente');

  await visit(page, '/territorio/ambiti/medio-olona', 'Ambito Medio Olona', 'piani-ambito-udp-dopo');
  const udpRow = page.locator('#piani-ambito tbody tr', { hasText: 'Piano di Zona 2018-2020' });
  assert.match(await udpRow.innerText(), /Bozza/);

  // A second plan starting the same day is refused, with the server's Italian message.
  await page.getByRole('button', { name: 'Nuovo piano' }).click();
  await page.getByLabel('Periodo: dal').fill('2018-01-01');
  await page.getByLabel('Periodo: al').fill('2020-12-31');
  await page.getByRole('button', { name: 'Crea il piano' }).click();
  await page.getByText('Il piano non è stato creato.').waitFor();
  assert.equal(await page.getByLabel('Periodo: dal').getAttribute('aria-invalid'), 'true');
  await checkPage(page, 'Ambito Medio Olona', 'piani-nuovo-conflitto');
  await page.context().close();

  const anon = await newPage(chrome.browser, server.url);
  await visit(anon, '/territorio/ambiti/medio-olona', 'Ambito Medio Olona', 'piani-ambito-anonimo-dopo');
  const text = await anon.locator('#piani-ambito').innerText();
  assert.match(text, /Piano di Zona 2015-2017/);
  assert.doesNotMatch(text, /2018-2020/, 'la bozza non è pubblica');
  await anon.context().close();
});
