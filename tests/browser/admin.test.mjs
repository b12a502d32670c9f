// Browser tests of users and roles administration by the region_admin.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, Client } from '../lib/server.mjs';
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

test('regione creates a user, grants and revokes a role, deactivates the user', async () => {
  const page = await newPage(chrome.browser, server.url);
  page.on('dialog', (d) => d.accept());
  await loginUi(page, 'regione');
  await page.waitForURL((u) => new URL(u).pathname === '/');
  await checkPage(page, 'Piani di Zona', 'home-regione');

  await page.getByRole('navigation', { name: 'Navigazione principale' }).getByRole('link', { name: 'Utenti e ruoli' }).click();
  await page.locator('#tabella-utenti').waitFor();
  await checkPage(page, 'Utenti e ruoli', 'utenti');
  assert.match(await page.locator('#tabella-utenti').innerText(), /udp\.rhodense/);

  await page.getByLabel('Nome utente').fill('mario.rossi');
  await page.getByLabel('Nome e cognome').fill('Mario Rossi');
  await page.getByLabel('Password iniziale').fill('Una-password-lunga-2024');
  await page.getByRole('button', { name: 'Crea utente' }).click();
  await page.getByText('Utente «mario.rossi» creato.').waitFor();
  const row = page.locator('#tabella-utenti tr[data-username="mario.rossi"]');
  await row.waitFor();
  assert.match(await row.innerText(), /Mario Rossi/);
  assert.match(await row.innerText(), /Attivo/);
  await checkPage(page, 'Utenti e ruoli', 'utenti-creato');

  await page.getByLabel('Utente', { exact: true }).selectOption('mario.rossi');
  await page.getByLabel('Ruolo', { exact: true }).selectOption('udp_editor');
  await page.getByLabel('Valido per').selectOption('ambito');
  await page.getByLabel('Ambito', { exact: true }).selectOption('garbagnatese');
  await page.getByRole('button', { name: 'Assegna ruolo' }).click();
  await page.getByText(/assegnato a «mario\.rossi»/).waitFor();
  assert.match(await row.innerText(), /Garbagnatese/);
  await checkPage(page, 'Utenti e ruoli', 'utenti-ruolo-assegnato');

  const admin = new Client(server.url);
  assert.equal((await admin.login('regione')).status, 200);
  const u = (await admin.get('/api/v1/users/mario.rossi')).json;
  assert.deepEqual(u.roles.map((r) => [r.role, r.scope.kind, r.scope.code]), [['udp_editor', 'ambito', 'garbagnatese']]);

  // The new user can log in and sees their ambito.
  const page2 = await newPage(chrome.browser, server.url);
  await loginUi(page2, 'mario.rossi', 'Una-password-lunga-2024');
  await page2.waitForURL((x) => new URL(x).pathname === '/');
  // The cards by role appear once the session (with its roles) has loaded.
  await page2.getByText('Il tuo ambito: Garbagnatese').first().waitFor({ timeout: 10000 });
  await checkPage(page2, 'Piani di Zona', 'home-nuovo-utente');
  assert.match(await page2.locator('main').innerText(), /Il tuo ambito: Garbagnatese/);
  await page2.context().close();

  await row.getByRole('button', { name: /Revoca il ruolo/ }).click();
  await page.getByText(/revocato a «mario\.rossi»/).waitFor();
  assert.match(await row.innerText(), /nessun ruolo/);

  await row.getByRole('button', { name: 'Disattiva l’utente mario.rossi' }).click();
  await page.getByText('Utente «mario.rossi» disattivato.').waitFor();
  assert.match(await row.innerText(), /Disattivato/);
  await checkPage(page, 'Utenti e ruoli', 'utenti-disattivato');

  const after = (await admin.get('/api/v1/users/mario.rossi')).json;
  assert.equal(after.active, false);
  assert.deepEqual(after.roles, []);
  await page.context().close();
});

test('anonymous visitors get the Italian "non autorizzato" page for user administration', async () => {
  const page = await newPage(chrome.browser, server.url);
  await page.goto('/amministrazione/utenti');
  await checkPage(page, 'Non autorizzato', 'utenti-anonimo');
  assert.ok(await page.getByRole('link', { name: 'Accedi' }).last().isVisible());
  await page.context().close();
});
