#!/usr/bin/env node
// Checks a pdz-plan/1 JSON file: parses it, prints per-objective counts and,
// when a source text is given, verifies that every transcribed string occurs in it
// (modulo whitespace/line wraps; strings split across interleaved columns are
// matched as an ordered sequence of fragments and reported).
//
// Usage: node tools/reference/check_plan.mjs <plan.json> [source.txt]
import fs from 'node:fs';

const [planPath, srcPath] = process.argv.slice(2);
if (!planPath) {
  console.error('usage: check_plan.mjs <plan.json> [source.txt]');
  process.exit(2);
}
const plan = JSON.parse(fs.readFileSync(planPath, 'utf8'));
let problems = 0;
const fail = (msg) => { problems++; console.log('  !! ' + msg); };

if (plan.format !== 'pdz-plan/1') fail(`format is ${plan.format}`);
console.log(`${plan.title} — ${plan.ambito} (${plan.period?.from} → ${plan.period?.to})`);
console.log(`sections: ${plan.sections?.length ?? 0}, objectives: ${plan.objectives?.length ?? 0}`);

const tot = { rows: 0, actions: 0, indicators: 0, tools: 0, financial: 0, professional: 0 };
plan.objectives.forEach((o, i) => {
  const c = { rows: o.specific.length, actions: 0, indicators: 0, tools: 0, financial: 0, professional: 0 };
  for (const s of o.specific) {
    c.actions += s.actions.length;
    c.indicators += s.indicators.length;
    c.tools += s.tools.length;
    c.financial += s.resources.financial.length;
    c.professional += s.resources.professional.length;
    const t = s.timing;
    if (!['date', 'recurrence', 'condition'].includes(t?.kind)) fail(`obj ${i + 1}: bad timing kind ${t?.kind}`);
    if (t.kind === 'date' && !/^\d{4}-\d{2}-\d{2}$/.test(t.date ?? '')) fail(`obj ${i + 1}: date timing without date`);
    if (t.kind !== 'date' && 'date' in t) fail(`obj ${i + 1}: date on non-date timing`);
  }
  for (const k of Object.keys(tot)) tot[k] += c[k];
  console.log(`${i + 1}. ${o.title}`);
  console.log(`   rows ${c.rows}, actions ${c.actions}, indicators ${c.indicators}, tools ${c.tools}, financial ${c.financial}, professional ${c.professional}`);
});
console.log(`TOTAL rows ${tot.rows}, actions ${tot.actions}, indicators ${tot.indicators}, tools ${tot.tools}, financial ${tot.financial}, professional ${tot.professional}`);

if (srcPath) {
  const squash = (s) => s.replace(/\\([<>*_])/g, '$1').replace(/\s+/g, '');
  const src = squash(fs.readFileSync(srcPath, 'utf8'));
  // Greedy on whitespace-free text: match the longest prefix contiguously after the
  // previous match, then continue with the rest (columns interleave in the extraction).
  const locate = (text) => {
    const t = squash(text);
    const pieces = [];
    let pos = 0, i = 0;
    while (i < t.length) {
      let lo = 0, hi = t.length - i, at = -1;
      // longest n such that t.slice(i, i + n) occurs at or after pos (monotone in n)
      while (lo < hi) {
        const mid = Math.ceil((lo + hi) / 2);
        if (src.indexOf(t.slice(i, i + mid), pos) >= 0) lo = mid; else hi = mid - 1;
      }
      if (lo === 0) return { ok: false, missing: t.slice(i, i + 20), pieces };
      at = src.indexOf(t.slice(i, i + lo), pos);
      pieces.push(t.slice(i, i + lo));
      pos = at + lo;
      i += lo;
    }
    return { ok: true, pieces };
  };
  const strings = [];
  const add = (where, s) => { if (s) strings.push([where, s]); };
  for (const sec of plan.sections) add(`section ${sec.code}`, sec.body);
  plan.objectives.forEach((o, i) => {
    add(`obj ${i + 1} title`, o.title);
    o.specific.forEach((s, r) => {
      const w = `obj ${i + 1} row ${r + 1}`;
      add(`${w} title`, s.title);
      s.actions.forEach((a) => add(`${w} action`, a));
      s.indicators.forEach((x) => add(`${w} indicator`, x.name));
      s.tools.forEach((a) => add(`${w} tool`, a));
      s.resources.financial.forEach((f) => add(`${w} financial`, f.description));
      s.resources.professional.forEach((a) => add(`${w} professional`, a));
      add(`${w} timing`, s.timing.text);
    });
  });
  let split = 0;
  for (const [where, s] of strings) {
    const r = locate(s);
    if (!r.ok) fail(`${where}: "${r.missing}" not found in source (${s})`);
    else if (r.pieces.length > 1) {
      split++;
      console.log(`  ~ ${where}: matched in ${r.pieces.length} fragments: ${r.pieces.map((p) => `[${p}]`).join(' ')}`);
    }
  }
  console.log(`source check: ${strings.length} strings, ${split} matched as fragments, ${problems} problems`);
}
process.exit(problems ? 1 : 0);
