// Browser test of governance: Medio Olona's draft 2021-2023 taken through the lifecycle by the Ufficio di
// Piano (concertazione, Assemblea with an act, signatures, AdP sottoscritto, transmission), the package
// downloaded (a ZIP), the Region approving it and seeing its governance table of the three ambiti.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launchBrowser, newPage } from './lib/browser.mjs';
import { checkPage, loginUi, visit } from './lib/ui.mjs';

let server;
let chrome;
let planId;

before(async () => {
  server = await startServer();
  chrome = await launchBrowser();
});
after(async () => {
  await chrome?.close();
  await server?.stop();
});

async function loggedIn(username) {
  const page = await newPage(chrome.browser, server.url);
  await loginUi(page, username);
  await page.waitForURL((u) => new URL(u).pathname === '/');
  return page;
}

async function openTab(page, name) {
  await page.getByRole('tab', { name, exact: true }).click();
  await page.waitForFunction((n) => document.querySelector('[role=tab][aria-selected=true]')?.textContent?.trim() === n, name);
}

async function state(page) {
  return page.locator('[data-field="lifecycle-state"]').getAttribute('data-state');
}

/** Opens the step's form, fills it and confirms; waits for the new state. */
async function step(page, label, to, { on, act, note } = {}) {
  await page.locator('#next-steps').getByRole('button', { name: label, exact: true }).click();
  const form = page.getByRole('form', { name: label });
  if (on) await form.getByLabel('Data').fill(on);
  if (act) await form.getByLabel(/^Atto/).fill(act);
  if (note) await form.getByLabel(/^Nota/).fill(note);
  await form.getByRole('button', { name: /^Conferma/ }).click();
  await page.waitForFunction((s) => document.querySelector('[data-field="lifecycle-state"]')?.getAttribute('data-state') === s, to);
}

test('the Ufficio di Piano takes the draft 2021-2023 to transmission and downloads the package', async () => {
  const page = await loggedIn('udp.medioolona');
  const list = await page.evaluate(async () => (await fetch('/api/v1/ambiti/medio-olona/plans')).json());
  planId = list.items.find((p) => p.period.from === '2021-01-01').id;
  await page.goto(`/piani/${planId}?scheda=iter`);
  await checkPage(page, /2021/, 'governance-iter-bozza');
  assert.equal(await state(page), 'bozza');
  assert.match(await page.locator('#lifecycle-history').innerText(), /Nessun passaggio/);

  const stepButtons = await page.locator('#next-steps button').allInnerTexts();
  assert.equal(stepButtons.length, 1, stepButtons.join('|'));
  await step(page, stepButtons[0].trim(), 'in_concertazione', { on: '2021-03-01', note: 'Avvio dei tavoli' });

  // Assemblea approval: the act is required.
  const labels = (await page.locator('#next-steps button:not([disabled])').allInnerTexts()).map((s) => s.trim());
  const assemblea = labels.find((l) => /Assemblea|approva/i.test(l)) ?? labels[0];
  await step(page, assemblea, 'approvato_assemblea', { on: '2021-12-10', act: 'Verbale Assemblea n. 3/2021' });
  const hist = await page.locator('#lifecycle-history').innerText();
  assert.match(hist, /Verbale Assemblea n\. 3\/2021/);
  assert.match(hist, /udp\.medioolona/);
  await checkPage(page, /2021/, 'governance-iter-assemblea');

  // The AdP: add required signatories (idempotent if present), then sign every unsigned party.
  await page.getByRole('button', { name: 'Aggiungi i sottoscrittori richiesti' }).click();
  await page.waitForFunction(() => !document.querySelector('main .progress-spinner'));
  for (let guard = 0; guard < 50; guard++) {
    const forms = page.locator('#adp-parties form');
    if ((await forms.count()) === 0) break;
    const f = forms.first();
    const before = await forms.count();
    await f.locator('input[type=date]').fill('2021-12-15');
    await f.getByRole('button', { name: /Registra firma/ }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#adp-parties form').length < n || document.querySelector('#adp-parties .alert-danger'), before);
    assert.equal(await page.locator('#adp-parties .alert-danger').count(), 0, 'firma registrata');
  }
  assert.equal(await page.locator('#adp-missing').count(), 0, 'nessuna firma mancante');
  assert.match(await page.locator('[data-field="adp-signed"]').innerText(), /15\/12\/2021/);
  await checkPage(page, /2021/, 'governance-adp-firmato');

  let enabled = (await page.locator('#next-steps button:not([disabled])').allInnerTexts()).map((s) => s.trim());
  await step(page, enabled.find((l) => /sottoscri|Accordo|AdP/i.test(l)) ?? enabled[0], 'adp_sottoscritto', { on: '2021-12-20' });
  enabled = (await page.locator('#next-steps button:not([disabled])').allInnerTexts()).map((s) => s.trim());
  await step(page, enabled.find((l) => /trasm/i.test(l)) ?? enabled[0], 'trasmesso', { on: '2021-12-22', note: 'Inviato via PEC' });

  const link = page.locator('#package-link');
  await link.waitFor();
  const href = await link.getAttribute('href');
  const zip = await page.evaluate(async (h) => {
    const r = await fetch(h);
    const b = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), head: String.fromCharCode(b[0], b[1]) };
  }, href);
  assert.equal(zip.status, 200);
  assert.equal(zip.head, 'PK');
  await checkPage(page, /2021/, 'governance-trasmesso');
  // Now only the Region can act: every step is disabled with its reason.
  assert.equal(await page.locator('#next-steps button:not([disabled])').count(), 0);

  await openTab(page, 'Conformità');
  await page.locator('#compliance-items').waitFor();
  await checkPage(page, /2021/, 'governance-conformita');
  assert.match(await page.locator('#compliance-summary').innerText(), /\d+ conformi/);
  assert.match(await page.locator('#compliance-items tr[data-code="firme.comuni"]').innerText(), /Conforme/);
  await page.close();
});

test('the Region approves with an act and sees the table of all three ambiti with their compliance', async () => {
  assert.ok(planId, 'plan id from the previous test');
  const page = await loggedIn('regione');
  await visit(page, `/piani/${planId}?scheda=iter`, /2021/, 'governance-iter-regione');
  assert.equal(await state(page), 'trasmesso');
  const enabled = (await page.locator('#next-steps button:not([disabled])').allInnerTexts()).map((s) => s.trim());
  assert.equal(enabled.length, 2, enabled.join('|'));
  await step(page, enabled.find((l) => /approv/i.test(l)) ?? enabled[0], 'approvato_regione', { on: '2022-02-01', act: 'Decreto n. 123/2022' });
  assert.match(await page.locator('#lifecycle-history').innerText(), /Decreto n\. 123\/2022/);
  await checkPage(page, /2021/, 'governance-approvato-regione');

  await visit(page, '/territorio/regioni/03', /Regione/, 'governance-regione');
  await page.locator('#region-governance').waitFor();
  const rows = page.locator('#region-governance tbody tr');
  assert.equal(await rows.count(), 3);
  const codes = (await rows.evaluateAll((rs) => rs.map((r) => r.getAttribute('data-ambito')))).sort();
  assert.deepEqual(codes, ['garbagnatese', 'medio-olona', 'rhodense']);
  const mo = await page.locator('#region-governance tr[data-ambito="medio-olona"]').innerText();
  assert.match(mo, /15\/12\/2021/);
  assert.match(mo, /\d+ conformi/);
  for (const c of codes) assert.match(await page.locator(`#region-governance tr[data-ambito="${c}"]`).innerText(), /\d+ non conformi/);
  assert.ok((await page.locator('#calendar tbody tr').count()) > 0, 'calendario della regione');
  await page.close();
});

test('the ambito page shows its calendar, its bodies with members and its meetings', async () => {
  const page = await loggedIn('udp.medioolona');
  await visit(page, '/territorio/ambiti/medio-olona', 'Ambito Medio Olona', 'governance-ambito');
  await page.locator('#calendar').waitFor();
  await page.locator('#meetings').waitFor();
  await checkPage(page, 'Ambito Medio Olona', 'governance-ambito-organi');
  for (const k of ['assemblea', 'ufficio_di_piano', 'cabina_di_regia', 'tavolo_tematico']) {
    assert.ok((await page.locator(`details[data-body="${k}"]`).count()) >= 1, k);
  }
  const assemblea = page.locator('details[data-body="assemblea"]').first();
  await assemblea.locator('summary').click();
  assert.match(await assemblea.innerText(), /Sindaco di /);
  assert.match(await page.locator('#calendar').innerText(), /Piano di Zona/);
  await page.close();
});
