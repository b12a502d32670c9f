#!/usr/bin/env node
// Builds data/demo/territory-lombardia.json (format "pdz-territory/1"): Regione
// Lombardia, two ATS with one ASST each, and three real Lombard ambiti used as demo
// data. The comuni of each ambito are given here BY NAME and resolved to ISTAT codes
// through data/reference/comuni.csv, so no code is ever typed by hand.
//
// Usage:  cd tools/reference && node build_demo_territory.mjs
//         (needs data/reference/comuni.csv: run build_comuni.mjs first if missing)
//
// Fails loudly if a name is not found, is ambiguous, or is not in Lombardia.
// Ufficio di Piano contacts are DEMO values (example.org / example.it domains, no
// real addresses, phones or PEC). Deterministic output.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..', '..');
const csvPath = join(repoRoot, 'data', 'reference', 'comuni.csv');
const outputPath = join(repoRoot, 'data', 'demo', 'territory-lombardia.json');

const REGION = { code: '03', name: 'Lombardia' };
const CAPOFILA_TYPES = new Set([
  'comune', 'azienda_speciale_consortile', 'comunita_montana', 'consorzio', 'unione_di_comuni', 'altro',
]);

const AGENCIES = [
  {
    code: 'ats-milano', name: 'ATS della Città Metropolitana di Milano', kind: 'ATS', region: REGION.code,
    districts: [{ code: 'asst-rhodense', name: 'ASST Rhodense' }],
  },
  {
    code: 'ats-insubria', name: "ATS dell'Insubria", kind: 'ATS', region: REGION.code,
    districts: [{ code: 'asst-valle-olona', name: 'ASST Valle Olona' }],
  },
];

// Demo contacts: clearly fictitious (reserved example domains, placeholder phones).
function demoUfficio(slug, hostBody, town, province) {
  return {
    host_body: hostBody,
    address: `Via Dimostrativa 1, ${town} (${province}) – indirizzo demo`,
    email: `udp.${slug}@example.org`,
    phone: '+39 000 000 0000',
    pec: `udp.${slug}@pec.example.it`,
    head: "Responsabile dell'Ufficio di Piano (demo)",
  };
}

// The three ambiti of shared/REFERENCE.md. `province` is the province abbreviation
// every comune must have (guards against homonyms in other provinces).
const AMBITI = [
  {
    code: 'rhodense', name: 'Rhodense', agency: 'ats-milano', district: 'asst-rhodense',
    valid_from: '2015-01-01',
    capofila: { name: 'Sercop', type: 'azienda_speciale_consortile' },
    ufficio_di_piano: demoUfficio('rhodense', 'Sercop – Azienda speciale consortile', 'Rho', 'MI'),
    province: 'MI',
    comuni: ['Arese', 'Cornaredo', 'Lainate', 'Pero', 'Pogliano Milanese', 'Pregnana Milanese',
      'Rho', 'Settimo Milanese', 'Vanzago'],
  },
  {
    code: 'garbagnatese', name: 'Garbagnatese', agency: 'ats-milano', district: 'asst-rhodense',
    valid_from: '2015-01-01',
    capofila: { name: 'Comuninsieme', type: 'azienda_speciale_consortile' },
    ufficio_di_piano: demoUfficio('garbagnatese', 'Comuninsieme – Azienda speciale consortile', 'Bollate', 'MI'),
    province: 'MI',
    comuni: ['Baranzate', 'Bollate', 'Cesate', 'Garbagnate Milanese', 'Novate Milanese',
      'Paderno Dugnano', 'Senago', 'Solaro'],
  },
  {
    code: 'medio-olona', name: 'Medio Olona', agency: 'ats-insubria', district: 'asst-valle-olona',
    valid_from: '2015-01-01',
    capofila: { name: 'Azienda Speciale Consortile Medio Olona', type: 'azienda_speciale_consortile' },
    ufficio_di_piano: demoUfficio('medio-olona', 'Azienda Speciale Consortile Medio Olona', 'Castellanza', 'VA'),
    province: 'VA',
    comuni: ['Castellanza', 'Fagnano Olona', 'Gorla Maggiore', 'Gorla Minore', 'Marnate',
      'Olgiate Olona', 'Solbiate Olona'],
  },
];

function fail(msg) {
  console.error(`build_demo_territory: ERROR: ${msg}`);
  process.exit(1);
}

// Minimal RFC 4180 parser (quoted fields, doubled quotes, CRLF or LF).
function parseCsv(text) {
  const rows = [];
  let row = [], field = '', i = 0, quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') i++;
    if (c === '\n' || c === '\r') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

let text;
try {
  text = readFileSync(csvPath, 'utf8');
} catch (e) {
  fail(`cannot read ${csvPath} (run build_comuni.mjs first): ${e.message}`);
}
const [header, ...body] = parseCsv(text);
const col = Object.fromEntries(header.map((h, i) => [h, i]));
for (const h of ['istat_code', 'name', 'province_abbr', 'region_code', 'population']) {
  if (!(h in col)) fail(`comuni.csv has no column ${h}`);
}
const comuni = body.map((r) => ({
  istat_code: r[col.istat_code], name: r[col.name], province_abbr: r[col.province_abbr],
  region_code: r[col.region_code], population: Number(r[col.population]),
}));

const byName = new Map();
for (const c of comuni) {
  const key = c.name.toLowerCase();
  if (!byName.has(key)) byName.set(key, []);
  byName.get(key).push(c);
}

const agencyCodes = new Map(AGENCIES.map((a) => [a.code, new Set(a.districts.map((d) => d.code))]));
const seen = new Map(); // istat_code -> ambito code
const resolved = [];
for (const a of AMBITI) {
  if (!CAPOFILA_TYPES.has(a.capofila.type)) fail(`ambito ${a.code}: bad capofila type ${a.capofila.type}`);
  if (!agencyCodes.has(a.agency)) fail(`ambito ${a.code}: unknown agency ${a.agency}`);
  if (!agencyCodes.get(a.agency).has(a.district)) fail(`ambito ${a.code}: district ${a.district} not in ${a.agency}`);
  const members = a.comuni.map((name) => {
    const all = byName.get(name.toLowerCase()) ?? [];
    if (all.length === 0) fail(`ambito ${a.code}: comune "${name}" not found in comuni.csv`);
    const lombard = all.filter((c) => c.region_code === REGION.code);
    if (lombard.length === 0) {
      fail(`ambito ${a.code}: comune "${name}" is not in Lombardia (found: ${all.map((c) => `${c.istat_code} ${c.province_abbr}`).join(', ')})`);
    }
    const inProv = lombard.filter((c) => c.province_abbr === a.province);
    if (inProv.length !== 1) {
      fail(`ambito ${a.code}: comune "${name}" matches ${inProv.length} Lombard comuni in province ${a.province}`);
    }
    const c = inProv[0];
    if (seen.has(c.istat_code)) fail(`comune ${c.istat_code} ${c.name} in both ${seen.get(c.istat_code)} and ${a.code}`);
    seen.set(c.istat_code, a.code);
    return c;
  });
  members.sort((x, y) => (x.istat_code < y.istat_code ? -1 : 1));
  resolved.push({ ambito: a, members });
}

const out = {
  format: 'pdz-territory/1',
  regions: [REGION],
  agencies: AGENCIES,
  ambiti: resolved.map(({ ambito: a, members }) => ({
    code: a.code,
    name: a.name,
    region: REGION.code,
    agency: a.agency,
    district: a.district,
    valid_from: a.valid_from,
    capofila: a.capofila,
    ufficio_di_piano: a.ufficio_di_piano,
    comuni: members.map((c) => c.istat_code),
  })),
};

mkdirSync(dirname(outputPath), { recursive: true });
writeFileSync(outputPath, JSON.stringify(out, null, 2) + '\n', 'utf8');

const fmt = (n) => n.toLocaleString('en-US');
console.log(`wrote ${relative(process.cwd(), outputPath) || outputPath}`);
for (const { ambito: a, members } of resolved) {
  const pop = members.reduce((s, c) => s + c.population, 0);
  console.log(`\n${a.code}: ${members.length} comuni, population 2011 ${fmt(pop)}`);
  for (const c of members) console.log(`  ${c.istat_code}  ${c.name.padEnd(20)} ${c.province_abbr}  ${fmt(c.population).padStart(7)}`);
}
