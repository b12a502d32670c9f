// Browser tests of the public territory: anonymous browsing, comuni search, as_of before a merge, 404, API docs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
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

test('anonymous browses Territorio > Lombardia > ATS > Rhodense and sees its 9 comuni', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/', 'Piani di Zona', 'home-anonima');
  assert.ok(await page.getByRole('link', { name: 'Accedi' }).first().isVisible(), 'link Accedi visibile');

  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Territorio' }).click();
  await checkPage(page, 'Territorio', 'territorio');

  await page.getByRole('link', { name: 'Lombardia' }).click();
  await checkPage(page, 'Regione Lombardia', 'regione-lombardia');

  await page.getByRole('link', { name: /Milano/ }).first().click();
  await checkPage(page, /Milano/, 'ats-milano');
  assert.match(page.url(), /\/territorio\/ats\/ats-milano$/);
  const ambitiTable = page.locator('main table');
  assert.match(await ambitiTable.innerText(), /Garbagnatese/);

  await page.getByRole('link', { name: 'Rhodense' }).click();
  await checkPage(page, 'Ambito Rhodense', 'ambito-rhodense');
  const rows = page.locator('#comuni-ambito tbody tr');
  assert.equal(await rows.count(), 9, 'Rhodense ha 9 comuni');
  const names = await page.locator('#comuni-ambito tbody th').allInnerTexts();
  for (const n of ['Rho', 'Arese', 'Lainate', 'Pero', 'Vanzago']) assert.ok(names.includes(n), `manca ${n} in ${names}`);
  const codes = await page.locator('#comuni-ambito tbody td:first-child').allInnerTexts();
  assert.ok(codes.includes('015182'), 'codice ISTAT di Rho');
  assert.match(await page.locator('[data-field="capofila"]').innerText(), /Sercop – Azienda speciale consortile/);
  assert.equal(await page.getByRole('button', { name: /Modifica/ }).count(), 0, 'anonimo: nessun pulsante Modifica');
  // Membership history lists the same comuni.
  assert.match(await page.getByRole('region', { name: 'Storia delle adesioni' }).innerText(), /Arese/);

  await page.locator('#comuni-ambito').getByRole('link', { name: 'Rho', exact: true }).click();
  await checkPage(page, 'Comune di Rho', 'comune-rho');
  assert.match(await page.locator('main').innerText(), /Milano/);
  assert.ok(await page.getByRole('link', { name: 'Rhodense' }).first().isVisible());
  await page.context().close();
});

test('comuni search finds a comune and paginates', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/territorio/comuni', 'Cerca comuni', 'comuni-ricerca');
  await page.getByLabel('Nome o codice ISTAT del comune').fill('Arese');
  await page.getByRole('button', { name: 'Cerca' }).click();
  await page.waitForURL(/q=Arese/);
  await checkPage(page, 'Cerca comuni', 'comuni-ricerca-arese');
  const arese = page.locator('main table tbody tr', { hasText: '015009' });
  assert.equal(await arese.count(), 1, 'Arese (015009) fra i risultati');
  assert.match(await arese.innerText(), /Arese/);
  assert.match(await arese.innerText(), /Rhodense/);

  // Without a query all comuni are listed, 25 per page.
  await visit(page, '/territorio/comuni', 'Cerca comuni', 'comuni-tutti');
  const total = (await new Client(server.url).get('/api/v1/comuni?limit=1')).json.total;
  if (total > 25) {
    await page.getByRole('button', { name: 'Successiva' }).click();
    await page.waitForURL(/offset=25/);
    await checkPage(page, 'Cerca comuni', 'comuni-pagina-2');
    assert.match(await page.locator('.pagination-wrapper').innerText(), /Pagina 2 di/);
  }
  await page.context().close();
});

test('on a phone the menu opens from the hamburger button and navigates', async () => {
  const page = await newPage(chrome.browser, server.url, { width: 390, height: 844 });
  await visit(page, '/', 'Piani di Zona', 'mobile-home');
  const nav = page.getByRole('navigation', { name: 'Navigazione principale' });
  assert.equal(await nav.getByRole('link', { name: 'Territorio' }).isVisible(), false, 'menu chiuso');
  await page.getByRole('button', { name: 'Mostra o nascondi la navigazione' }).click();
  await nav.getByRole('link', { name: 'Territorio' }).waitFor({ state: 'visible' });
  await checkPage(page, 'Piani di Zona', 'mobile-menu-aperto');
  await nav.getByRole('link', { name: 'Territorio' }).click();
  await checkPage(page, 'Territorio', 'mobile-territorio');
  await page.waitForFunction(() => !document.querySelector('main')?.hasAttribute('inert'));
  await page.getByRole('link', { name: 'Lombardia' }).click();
  await checkPage(page, 'Regione Lombardia', 'mobile-regione');
  await page.context().close();
});

/** An ambito closed by a merge: from the demo data if it has one, else made by a merge through the API. */
async function mergedAmbito(t) {
  const anon = new Client(server.url);
  const list = await anon.get('/api/v1/ambiti?include_closed=true&limit=500');
  assert.equal(list.status, 200);
  const closed = list.json.items.find((a) => a.merged_into && a.valid_to);
  if (closed) return { url: server.url, closed, stop: async () => {} };
  const own = await startServer();
  const admin = new Client(own.url);
  assert.equal((await admin.login('regione')).status, 200);
  const r = await admin.post('/api/v1/ambiti/merge', {
    code: 'rhodense-garbagnatese', name: 'Rhodense e Garbagnatese', agency: 'ats-milano', valid_from: '2019-01-01',
    sources: ['rhodense', 'garbagnatese'], capofila: { name: 'Sercop', type: 'azienda_speciale_consortile' },
  });
  if (r.status !== 201) {
    await own.stop();
    t.skip(`i dati demo non contengono fusioni e POST /api/v1/ambiti/merge risponde ${r.status}`);
    return null;
  }
  const rho = (await admin.get('/api/v1/ambiti/rhodense?as_of=2018-12-31')).json;
  return { url: own.url, closed: rho, stop: () => own.stop() };
}

test('as_of before a merge shows the old composition', async (t) => {
  const m = await mergedAmbito(t);
  if (!m) return;
  const { closed } = m;
  try {
    const client = new Client(m.url);
    const history = (await client.get(`/api/v1/ambiti/${closed.code}/history`)).json.items;
    const day = closed.valid_to;
    assert.ok(day, `${closed.code} è chiuso`);
    const expected = history.filter((h) => h.valid_from <= day && (!h.valid_to || h.valid_to >= day)).map((h) => h.name).sort();
    assert.ok(expected.length > 0, 'l’ambito chiuso aveva comuni');

    const page = await newPage(chrome.browser, m.url);
    await visit(page, `/territorio/ambiti/${closed.code}`, new RegExp(closed.name), 'ambito-chiuso-oggi');
    assert.match(await page.locator('main').innerText(), /chiuso dal/);
    assert.equal(await page.locator('#comuni-ambito tbody th').count(), 0, 'oggi nessun comune');
    await page.getByLabel('Composizione alla data').fill(day);
    await page.waitForURL(new RegExp(`as_of=${day}`));
    await checkPage(page, new RegExp(closed.name), 'ambito-chiuso-alla-data');
    await page.waitForFunction((n) => document.querySelectorAll('#comuni-ambito tbody th').length === n, expected.length);
    const names = (await page.locator('#comuni-ambito tbody th').allInnerTexts()).sort();
    assert.deepEqual(names, expected);

    // The closed ambito links to the one it merged into, which lists it among its sources.
    await page.getByRole('link', { name: closed.merged_into }).first().click();
    await checkPage(page, /Ambito/, 'ambito-risultato-fusione');
    assert.match(await page.locator('main').innerText(), /Nato dalla fusione/);
    assert.ok(await page.getByRole('link', { name: closed.code }).first().isVisible());
    assert.ok((await page.locator('#comuni-ambito tbody tr').count()) >= expected.length, 'i comuni sono passati al nuovo ambito');
    await page.context().close();
  } finally {
    await m.stop();
  }
});

test('unknown pages show the Italian 404 and the API docs page lists the operations', async () => {
  const page = await newPage(chrome.browser, server.url);
  await visit(page, '/pagina-che-non-esiste', 'Pagina non trovata', 'pagina-404');

  await page.goto('/api/docs');
  await page.locator('#indice-t').waitFor();
  await checkPage(page, 'Documentazione delle API', 'api-docs');
  const text = await page.locator('main').innerText();
  assert.match(text, /\/api\/v1\/ambiti\/\{code\}/);
  assert.match(text, /PATCH/);
  assert.match(text, /Parametri/);
  assert.match(text, /Risposte/);
  await page.context().close();
});
