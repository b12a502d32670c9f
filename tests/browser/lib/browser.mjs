// Browser helpers for the browser tests: headless Chromium via playwright-core, a fresh profile per run.
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Launches Chromium; returns { browser, close }. chromium.launch gives every launch a fresh
 * temporary user-data-dir (it refuses a --user-data-dir argument) and deletes it on close;
 * TMPDIR points it at a directory of ours so nothing is left behind even on a crash.
 */
export async function launchBrowser() {
  const tmp = mkdtempSync(join(tmpdir(), 'pdz-chromium-'));
  const browser = await chromium.launch({
    executablePath: process.env.PDZ_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: chromiumArgs,
    env: { ...process.env, TMPDIR: tmp },
  });
  return {
    browser,
    async close() {
      await browser.close();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/**
 * A new page in a fresh context (own cookies) on baseURL. Page errors and failed same-origin
 * requests other than expected API errors are collected in page.problems for the test to check.
 */
export async function newPage(browser, baseURL, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ baseURL, viewport: { width, height }, locale: 'it-IT' });
  const page = await context.newPage();
  page.setDefaultTimeout(15000);
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`errore JavaScript: ${e.message}`));
  page.on('requestfailed', (r) => {
    // ERR_ABORTED is a request cut short by a navigation, not a failure.
    if (r.url().startsWith(baseURL) && r.failure()?.errorText !== 'net::ERR_ABORTED') page.problems.push(`richiesta fallita: ${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('response', (r) => {
    // Static assets must all be served; API errors are checked by the tests themselves.
    if (r.status() >= 400 && r.url().startsWith(baseURL) && !r.url().includes('/api/')) {
      page.problems.push(`HTTP ${r.status()} per ${r.url()}`);
    }
  });
  return page;
}

/** Saves a screenshot under tests/browser/artifacts (git-ignored) when PDZ_SCREENSHOTS is set. */
export async function screenshot(page, name) {
  const dir = process.env.PDZ_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}
