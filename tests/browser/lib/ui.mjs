// UI helpers shared by the browser tests: wait for a page to settle, check it, log in through the form.
import assert from 'node:assert/strict';
import { checkA11y } from './axe.mjs';
import { screenshot } from './browser.mjs';

/** Waits until the SPA rendered its <h1> and no loading indicator is left. */
export async function ready(page) {
  await page.locator('main h1').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('main .progress-spinner'));
}

/**
 * Waits for the page, checks its heading (string or RegExp), runs axe and saves a screenshot when asked.
 * Every page a test looks at goes through here.
 */
export async function checkPage(page, heading, name) {
  await ready(page);
  if (heading) {
    const h1 = page.locator('main h1').first();
    if (heading instanceof RegExp) assert.match(await h1.innerText(), heading);
    else assert.equal((await h1.innerText()).trim(), heading);
  }
  await checkA11y(page, name);
  await screenshot(page, name);
  assert.deepEqual(page.problems, [], `problemi su «${name}»`);
}

export async function visit(page, path, heading, name) {
  await page.goto(path);
  await checkPage(page, heading, name);
}

/** Logs in through /accedi and waits for the home page. */
export async function loginUi(page, username, password = 'demo') {
  await page.goto('/accedi');
  await ready(page);
  await page.getByLabel('Nome utente').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Accedi', exact: true }).click();
}
