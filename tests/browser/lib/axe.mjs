// Accessibility check: injects axe-core into the page and fails on any serious or critical violation.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const axePath = join(dirname(require.resolve('axe-core/package.json')), 'axe.min.js');

/** Runs axe on the current page; `label` names the page in the failure message. */
export async function checkA11y(page, label) {
  const hasAxe = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!hasAxe) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => ({ target: n.target.join(' '), summary: n.failureSummary })),
    }));
  });
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad
    .map((v) => `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${v.targets.map((t) => `    ${t.target}\n      ${(t.summary ?? '').replace(/\n/g, '\n      ')}`).join('\n')}`)
    .join('\n');
  assert.equal(bad.length, 0, `violazioni di accessibilità gravi su «${label}» (${page.url()}):\n${report}`);
}
