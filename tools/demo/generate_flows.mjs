#!/usr/bin/env node
// Writes the demo data flows of the knowledge system into data/demo/flows/.
//
// THE DATA IS SYNTHETIC, made for the demo only: amounts, users, units, beneficiaries and
// population bands are invented by a seeded pseudo-random generator. Only the ambiti, their
// comuni, the ISTAT codes, the 2011 population and the names of the capofila bodies are real.
// No person is described: every beneficiary_id is a random 16-hex pseudonym.
//
// Usage:  node tools/demo/generate_flows.mjs      (no dependencies; Node 18+)
//
// Reads data/demo/territory-lombardia.json, data/reference/comuni.csv and
// data/reference/codelists/*.csv. Output is deterministic: two runs give identical bytes.
// After writing, it reads every file back and checks it against the rules of
// docs/knowledge.md (columns, types, code lists, comuni of the ambito, keys, cross-column
// and cross-flow rules); it exits with status 1 and lists the problems if any rule is broken.

import { readFileSync, writeFileSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const outDir = join(root, 'data', 'demo', 'flows');
const SEED = 20261126;

// ---------------------------------------------------------------- PRNG (mulberry32)

function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    uniform: (lo, hi) => lo + (hi - lo) * next(),
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)), // inclusive
    chance: (p) => next() < p,
    pick: (arr) => arr[Math.floor(next() * arr.length)],
    weighted: (pairs) => { // [[value, weight], ...]
      const total = pairs.reduce((s, [, w]) => s + w, 0);
      let r = next() * total;
      for (const [v, w] of pairs) { r -= w; if (r < 0) return v; }
      return pairs[pairs.length - 1][0];
    },
    hex16: () => {
      let s = '';
      for (let i = 0; i < 16; i++) s += Math.floor(next() * 16).toString(16);
      return s;
    },
    // Roughly normal (sum of uniforms), mean 0, sd ~1.
    gauss: () => { let s = 0; for (let i = 0; i < 6; i++) s += next(); return (s - 3) / Math.sqrt(0.5); },
  };
  return rng;
}

// A separate stream per purpose and ambito, so changing one file does not reshuffle the others.
function rngFor(label) {
  let h = SEED >>> 0;
  for (const ch of label) h = Math.imul(h ^ ch.charCodeAt(0), 2654435761) >>> 0;
  return makeRng(h);
}

// ---------------------------------------------------------------- CSV helpers

function parseCsv(text, sep) {
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
    if (c === sep) { row.push(field); field = ''; i++; continue; }
    if (c === '\r') { i++; continue; }
    if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; continue; }
    field += c; i++;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

function csvField(v, sep) {
  const s = v === null || v === undefined ? '' : String(v);
  return (s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r'))
    ? '"' + s.replaceAll('"', '""') + '"' : s;
}

function writeCsv(name, columns, rows, sep) {
  const lines = [columns.join(sep)];
  for (const r of rows) lines.push(columns.map((c) => csvField(r[c], sep)).join(sep));
  const text = lines.join('\n') + '\n';
  writeFileSync(join(outDir, name), text);
  return { name, sep, rows: rows.length, bytes: Buffer.byteLength(text) };
}

// Amount formatting: 'dot' = 1234.56; 'it' = 1.234,56; 'itplain' = 1234,56.
function fmtAmount(x, style) {
  const fixed = x.toFixed(2);
  if (style === 'dot') return fixed;
  const [intPart, dec] = fixed.split('.');
  if (style === 'itplain') return `${intPart},${dec}`;
  return `${intPart.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`;
}

const round2 = (x) => Math.round(x * 100) / 100;
const pad = (n, w) => String(n).padStart(w, '0');
const isoDate = (y, m, d) => `${y}-${pad(m, 2)}-${pad(d, 2)}`;
const itDate = (iso) => { const [y, m, d] = iso.split('-'); return `${d}/${m}/${y}`; };
const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

// ---------------------------------------------------------------- inputs

const territory = JSON.parse(readFileSync(join(root, 'data', 'demo', 'territory-lombardia.json'), 'utf8'));
const comuniRows = parseCsv(readFileSync(join(root, 'data', 'reference', 'comuni.csv'), 'utf8'), ',');
const comuniHeader = comuniRows[0];
const comuni = new Map();
for (const r of comuniRows.slice(1)) {
  const o = Object.fromEntries(comuniHeader.map((h, i) => [h, r[i]]));
  comuni.set(o.istat_code, { code: o.istat_code, name: o.name, population: Number(o.population) });
}

const codelistDir = join(root, 'data', 'reference', 'codelists');
const codelists = {};
for (const f of readdirSync(codelistDir).filter((n) => n.endsWith('.csv')).sort()) {
  const rows = parseCsv(readFileSync(join(codelistDir, f), 'utf8'), ',');
  if (rows[0].join(',') !== 'code,label') throw new Error(`${f}: header must be code,label`);
  const codes = rows.slice(1).map((r) => r[0]);
  if (new Set(codes).size !== codes.length) throw new Error(`${f}: duplicate code`);
  codelists[f.replace(/\.csv$/, '')] = new Set(codes);
}

const AMBITI = territory.ambiti.map((a) => ({
  code: a.code,
  name: a.name,
  capofila: a.capofila.name,
  comuni: a.comuni.map((c) => {
    const info = comuni.get(c);
    if (!info) throw new Error(`comune ${c} of ambito ${a.code} is not in comuni.csv`);
    return info;
  }),
}));
if (AMBITI.reduce((s, a) => s + a.comuni.length, 0) !== 24) throw new Error('expected 24 demo comuni');

const YEARS = [2018, 2019, 2020, 2021, 2022, 2023, 2024];
const RECENT = [2022, 2023, 2024];
const AREAS = ['famiglia_minori', 'disabili', 'dipendenze', 'anziani', 'immigrati', 'poverta', 'multiutenza'];
const AGE_BANDS = ['0-17', '18-34', '35-49', '50-64', '65-79', '80+'];

// Per-ambito choices that make the files look like different offices' exports.
const STYLE = {
  rhodense: { associata: 0.68, amount: 'it', udoSep: ',', udoDates: 'iso' },
  garbagnatese: { associata: 0.45, amount: 'itplain', udoSep: ',', udoDates: 'iso' },
  'medio-olona': { associata: 0.35, amount: 'it', udoSep: ';', udoDates: 'it' },
};

mkdirSync(outDir, { recursive: true });
const written = [];

// ---------------------------------------------------------------- popolazione

// Shares of the six bands around 2018 in a Lombard hinterland comune, and their yearly drift
// (ageing: fewer young, more 65+).
const BAND_SHARE = [0.165, 0.168, 0.225, 0.215, 0.155, 0.072];
const BAND_DRIFT = [-0.0012, -0.0004, -0.0020, 0.0012, 0.0009, 0.0015];

const population = new Map(); // `${istat}|${year}` -> { total, bands: [...] }
{
  const rng = rngFor('popolazione');
  const rows = [];
  for (const a of AMBITI) {
    for (const c of a.comuni) {
      const growth = rng.uniform(-0.004, 0.006);
      const tilt = BAND_SHARE.map(() => rng.uniform(-0.012, 0.012));
      for (const y of YEARS) {
        const t = y - 2018;
        const total = Math.round(c.population * (1 + growth * t + rng.uniform(-0.002, 0.002)));
        const raw = BAND_SHARE.map((s, i) => Math.max(0.03, s + tilt[i] + BAND_DRIFT[i] * t));
        const sum = raw.reduce((p, q) => p + q, 0);
        const bands = raw.map((s) => Math.floor((total * s) / sum));
        bands[2] += total - bands.reduce((p, q) => p + q, 0); // exact total
        population.set(`${c.code}|${y}`, { total, bands });
        AGE_BANDS.forEach((b, i) => rows.push({ istat_code: c.code, year: y, age_band: b, population: bands[i] }));
      }
    }
  }
  written.push(writeCsv('popolazione.csv', ['istat_code', 'year', 'age_band', 'population'], rows, ','));
}

// ---------------------------------------------------------------- spesa

// Plausible interventions per area, with a relative weight of spend.
const AREA_ITEMS = {
  famiglia_minori: [['B5', 5], ['D1', 6], ['E1', 5], ['C3', 3], ['B3', 1.5], ['B4', 1.5], ['D4', 1.5],
    ['D5', 1.2], ['A2', 2], ['F5', 0.8], ['D3', 0.8], ['E2', 1]],
  disabili: [['D6', 5], ['C8', 5], ['C2', 2], ['E5', 3], ['D7', 2], ['C7', 1.5], ['B2', 1.5],
    ['E8', 2], ['F1', 1], ['A5', 0.6]],
  dipendenze: [['B8', 1], ['G6', 1], ['A2', 0.6]],
  anziani: [['C1', 5], ['E8', 3], ['D8', 2], ['C5', 1.5], ['C6', 0.8], ['F1', 1.5], ['C7', 1],
    ['E6', 1.2], ['C9', 0.8], ['F2', 1]],
  immigrati: [['A7', 1], ['B1', 0.6], ['G7', 0.8]],
  poverta: [['F3', 3], ['F4', 2], ['B1', 1.5], ['B9', 1], ['A3', 0.8], ['F9', 0.8], ['G8', 1], ['E9', 0.6]],
  multiutenza: [['A1', 3], ['G5', 2], ['G4', 0.8], ['A8', 1], ['G2', 0.6], ['G1', 1], ['A4', 0.6]],
};
const AREA_SHARE = { famiglia_minori: 0.37, disabili: 0.26, dipendenze: 0.01, anziani: 0.18,
  immigrati: 0.02, poverta: 0.10, multiutenza: 0.06 };
// Typically associated services (the Azienda Speciale runs them for all comuni).
const USUALLY_ASSOCIATA = new Set(['B5', 'C3', 'B2', 'D7', 'B3', 'A5', 'G5', 'G4', 'C2', 'B8', 'A7', 'E9']);
// Cost per user (EUR per year) to derive plausible user counts.
const COST_PER_USER = { A: 250, B: 1800, C: 2600, D: 5200, E: 22000, F: 1300, G: 0 };
// Secondary funding channels, by area.
const SECOND_CHANNEL = { famiglia_minori: ['fnps', 'fsr', 'utenti'], disabili: ['fna', 'fsr', 'fnps'],
  dipendenze: ['fnps'], anziani: ['fna', 'utenti', 'fsr'], immigrati: ['altro', 'fnps'],
  poverta: ['fondo_poverta', 'fnps'], multiutenza: ['fnps', 'altro'] };

const spendPerCapita = new Map(); // `${istat}|${year}` -> EUR per inhabitant (for the self-check)
for (const a of AMBITI) {
  const rng = rngFor(`spesa|${a.code}`);
  const st = STYLE[a.code];
  const rows = [];
  for (const c of a.comuni) {
    const base = rng.uniform(72, 150);
    const trend = rng.uniform(0.006, 0.03);
    // A stable profile per comune: which (area, intervention) it funds, how, and with which channels.
    const profile = [];
    const seen = new Set();
    const areaTilt = Object.fromEntries(AREAS.map((ar) => [ar, rng.uniform(0.75, 1.3)]));
    const target = rng.int(14, 19);
    // Every area at least once, the big ones (minori, disabili, anziani, povertà) more.
    const MIN_ITEMS = { famiglia_minori: 3, disabili: 2, anziani: 2, poverta: 2 };
    for (const ar of AREAS) {
      let guard0 = 0;
      while (profile.filter((p) => p.area === ar).length < (MIN_ITEMS[ar] || 1) && guard0++ < 100) {
        const item = rng.weighted(AREA_ITEMS[ar]);
        if (seen.has(`${ar}|${item}`)) continue;
        profile.push({ area: ar, code: item }); seen.add(`${ar}|${item}`);
      }
    }
    let guard = 0;
    while (profile.length < target && guard++ < 500) {
      const ar = rng.weighted(AREAS.map((x) => [x, AREA_SHARE[x] + 0.03]));
      const item = rng.weighted(AREA_ITEMS[ar]);
      if (seen.has(`${ar}|${item}`)) continue;
      seen.add(`${ar}|${item}`);
      profile.push({ area: ar, code: item });
    }
    for (const p of profile) {
      const assocP = USUALLY_ASSOCIATA.has(p.code) ? Math.min(0.95, st.associata + 0.3) : st.associata;
      p.management = rng.chance(assocP) ? 'associata' : 'singola';
      const w = AREA_ITEMS[p.area].find(([k]) => k === p.code)[1];
      p.weight = w * areaTilt[p.area] * rng.uniform(0.7, 1.3);
      p.channels = ['comune'];
      if (rng.chance(0.3)) p.channels.push(rng.pick(SECOND_CHANNEL[p.area]));
      p.blankUsers = p.code.startsWith('G') || rng.chance(0.08);
      p.blankChannel = rng.chance(0.04);
    }
    // Normalise weights by area so the area shares stay near AREA_SHARE.
    const byArea = {};
    for (const p of profile) byArea[p.area] = (byArea[p.area] || 0) + p.weight;
    for (const p of profile) p.share = (AREA_SHARE[p.area] * areaTilt[p.area] * p.weight) / byArea[p.area];
    const shareSum = profile.reduce((t, p) => t + p.share, 0);

    for (const y of YEARS) {
      const pop = population.get(`${c.code}|${y}`).total;
      const covid = y === 2020 ? 0.96 : 1;
      const perCapita = base * (1 + trend) ** (y - 2018) * covid * rng.uniform(0.97, 1.03);
      const total = pop * perCapita;
      let yearTotal = 0;
      // A few yearly changes: a small item may be missing in a year (not funded that year); the
      // comune's total stays on its trend.
      const present = profile.filter((p) => !(p.share / shareSum < 0.05 && rng.chance(0.08)));
      const presentSum = present.reduce((t, p) => t + p.share, 0);
      for (const p of present) {
        const amount = total * (p.share / presentSum) * rng.uniform(0.9, 1.1);
        const parts = p.channels.length === 1 ? [1] : [0.7, 0.3];
        p.channels.forEach((ch, k) => {
          const amt = round2(amount * parts[k]);
          yearTotal += amt;
          const cpu = COST_PER_USER[p.code[0]];
          const users = p.blankUsers || cpu === 0 ? '' : Math.max(1, Math.round(amt / (cpu * rng.uniform(0.8, 1.25))));
          rows.push({
            istat_code: c.code, year: y, area: p.area, intervention_code: p.code, management: p.management,
            managed_by: p.management === 'associata' ? a.capofila : '',
            amount_eur: fmtAmount(amt, st.amount), users,
            funding_channel: p.blankChannel && k === 0 ? '' : ch,
          });
        });
      }
      spendPerCapita.set(`${c.code}|${y}`, yearTotal / pop);
    }
  }
  written.push(writeCsv(`spesa-${a.code}.csv`, ['istat_code', 'year', 'area', 'intervention_code', 'management',
    'managed_by', 'amount_eur', 'users', 'funding_channel'], rows, ';'));
}

// ---------------------------------------------------------------- pseudonyms

// A codice fiscale has the shape LLLLLL DD L DD L DDD L; a random hex string can match it when
// its letters fall on the letter positions (a-f are letters). Such ids are drawn again.
const CF_LIKE = /^[a-z]{6}[0-9]{2}[a-z][0-9]{2}[a-z][0-9]{3}[a-z]$/i;
const usedIds = new Set();
function newId(rng) {
  for (;;) {
    const id = rng.hex16();
    if (!CF_LIKE.test(id) && !usedIds.has(id)) { usedIds.add(id); return id; }
  }
}

// ---------------------------------------------------------------- beneficiari

function ageBandFor(age) {
  if (age < 18) return '0-17';
  if (age < 35) return '18-34';
  if (age < 50) return '35-49';
  if (age < 65) return '50-64';
  if (age < 80) return '65-79';
  return '80+';
}

function randomPeriod(rng, y) {
  const m1 = rng.weighted([[1, 6], [2, 1], [3, 1], [4, 1], [5, 1], [6, 1], [7, 1], [9, 1], [10, 1]]);
  const d1 = m1 === 1 ? 1 : rng.int(1, 28);
  const m2 = rng.chance(0.6) ? 12 : rng.int(m1, 12);
  const d2 = m2 === 12 && rng.chance(0.8) ? 31 : rng.int(m2 === m1 ? d1 : 1, daysIn(y, m2));
  return [isoDate(y, m1, d1), isoDate(y, m2, d2)];
}

// FNA-like measures: buono caregiver (F1), voucher (F2), SAD (C1) for the elderly;
// F1, F2 and SADH (C2) for people with disabilities.
const MEASURES = {
  anziani: [['F1', 5], ['F2', 2], ['C1', 2]],
  disabili: [['F1', 4], ['F2', 3], ['C2', 2]],
};
const MEASURE_AMOUNT = { F1: [600, 4800], F2: [300, 3600], C1: [150, 2800], C2: [200, 3500] };
// Active beneficiaries per inhabitant per year: about 0.5%, growing 2% a year. (A higher rate
// makes the files bigger than the demo needs; change it here.)
const RATE = 0.005;

for (const a of AMBITI) {
  const rng = rngFor(`beneficiari|${a.code}`);
  const rows = [];
  const people = [];
  const weights = a.comuni.map((c) => [c, c.population]);
  const newPerson = (y, first) => {
    const area = rng.chance(0.62) ? 'anziani' : 'disabili';
    const age = area === 'anziani' ? rng.int(66, 95) : rng.int(3, 64); // age in year y
    const stay = first ? rng.int(1, 6) : rng.int(1, 4);
    return {
      id: newId(rng), comune: rng.weighted(weights), area, ageAt2018: age - (y - 2018),
      isee: rng.chance(0.1) ? '' : rng.weighted([[1, 4], [2, 3], [3, 2], [4, 1], [5, 0.5]]),
      from: first ? 2018 : y, to: Math.min(2024, y + stay - 1),
      measure: rng.weighted(MEASURES[area]),
      second: rng.chance(0.1), // draws on a second measure (10%)
      level: rng.uniform(0.4, 1),
    };
  };
  for (const y of YEARS) {
    const pop = a.comuni.reduce((s, c) => s + population.get(`${c.code}|${y}`).total, 0);
    const target = Math.round(pop * RATE * rng.uniform(0.95, 1.08) * (1 + 0.02 * (y - 2018)));
    let active = people.filter((p) => p.from <= y && p.to >= y);
    // More carried over than the year's budget allows: the last ones stop the year before.
    while (active.length > target * 1.03) {
      const p = active.splice(rng.int(0, active.length - 1), 1)[0];
      p.to = y - 1;
    }
    while (active.length < target) {
      const p = newPerson(y, y === 2018);
      people.push(p); active.push(p);
    }
    for (const p of active) {
      const age = p.ageAt2018 + (y - 2018);
      const band = ageBandFor(Math.min(age, 99));
      const emit = (istat, measure, area, period) => {
        const [lo, hi] = MEASURE_AMOUNT[measure];
        const months = (Number(period[1].slice(5, 7)) - Number(period[0].slice(5, 7)) + 1) / 12;
        const amount = Math.min(6000, Math.max(100, round2((lo + (hi - lo) * p.level) * months * rng.uniform(0.9, 1.1))));
        rows.push({ beneficiary_id: p.id, istat_code: istat, year: y, intervention_code: measure, area,
          amount_eur: amount.toFixed(2), isee_band: p.isee, age_band: band,
          start_date: period[0], end_date: period[1] });
      };
      // ~3% move to another comune of the ambito during the year: two rows, one per comune.
      let moved = 0;
      if (a.comuni.length > 1 && rng.chance(0.03)) {
        const other = rng.pick(a.comuni.filter((c) => c.code !== p.comune.code));
        moved = rng.int(3, 10);
        emit(p.comune.code, p.measure, p.area, [isoDate(y, 1, 1), isoDate(y, moved, daysIn(y, moved))]);
        p.comune = other;
        emit(p.comune.code, p.measure, p.area, [isoDate(y, moved + 1, 1), isoDate(y, 12, 31)]);
      } else {
        emit(p.comune.code, p.measure, p.area, randomPeriod(rng, y));
      }
      if (p.second) {
        const area2 = p.area === 'anziani' && rng.chance(0.3) ? 'disabili' : p.area;
        const alt = MEASURES[area2].map(([m]) => m).filter((m) => m !== p.measure);
        const period = moved ? [isoDate(y, moved + 1, 1), isoDate(y, 12, 31)] : randomPeriod(rng, y);
        emit(p.comune.code, rng.pick(alt), area2, period);
      }
    }
  }
  written.push(writeCsv(`beneficiari-${a.code}.csv`, ['beneficiary_id', 'istat_code', 'year', 'intervention_code',
    'area', 'amount_eur', 'isee_band', 'age_band', 'start_date', 'end_date'], rows, ','));
}

// ---------------------------------------------------------------- unita_offerta and fsr

// [unit_type, places range, name prefix, annual cost per place range, share of cost from users]
const UDO_TYPES = [
  ['nido', [24, 60], 'Asilo nido', [9000, 12500], 0.35],
  ['micronido', [6, 10], 'Micronido', [9500, 13000], 0.40],
  ['centro_prima_infanzia', [15, 30], 'Centro prima infanzia', [3000, 5000], 0.45],
  ['nido_famiglia', [3, 5], 'Nido famiglia', [6000, 8000], 0.70],
  ['cag', [25, 60], 'Centro di aggregazione giovanile', [900, 1800], 0.05],
  ['sed', [15, 30], 'Servizio educativo diurno', [6000, 9000], 0.05],
  ['comunita_educativa_minori', [6, 10], 'Comunità educativa', [38000, 52000], 0.0],
  ['cse', [20, 30], 'Centro socio educativo', [11000, 15000], 0.12],
  ['sfa', [20, 35], 'Servizio formazione autonomia', [7000, 10000], 0.08],
  ['comunita_alloggio_disabili', [5, 10], 'Comunità alloggio disabili', [30000, 40000], 0.20],
  ['centro_diurno_anziani', [20, 40], 'Centro diurno anziani', [3500, 6000], 0.40],
  ['alloggio_protetto_anziani', [6, 16], 'Alloggio protetto anziani', [7000, 11000], 0.55],
  ['comunita_alloggio_sociale_anziani', [8, 16], 'Comunità alloggio sociale anziani', [14000, 20000], 0.60],
  ['centro_ricreativo_diurno', [40, 120], 'Centro ricreativo diurno estivo', [250, 500], 0.45],
  ['comunita_familiare', [4, 6], 'Comunità familiare', [22000, 30000], 0.0],
];
const UDO_NAMES = ['Arcobaleno', 'Girasole', 'Aquilone', 'Il Melograno', 'La Quercia', 'Il Faro', 'Il Ponte',
  'La Bussola', 'Primavera', 'Il Glicine', 'La Sorgente', 'Il Tiglio', 'Il Gabbiano', 'Le Rondini', 'Il Cortile',
  'La Corte', 'Il Sentiero', 'Piccoli Passi', "L'Orto", 'Il Mosaico'];
// Fictitious managing bodies (besides the comuni and the capofila of the ambito).
const COOPS = ['Cooperativa sociale Demo Aurora', 'Cooperativa sociale Demo Orizzonte', 'Fondazione Demo San Martino',
  'Associazione Demo Insieme', 'Cooperativa sociale Demo Il Seme'];

const registry = new Map(); // `${structure}|${year}` -> row (for the self-check and fsr)
for (const a of AMBITI) {
  const rng = rngFor(`udo|${a.code}`);
  const st = STYLE[a.code];
  const udoRows = [];
  const fsrRows = [];
  const seq = new Map();
  const n = 12;
  const types = [...UDO_TYPES];
  const units = [];
  for (let i = 0; i < n; i++) {
    const t = i < 4 ? types[[0, 1, 7, 10][i]] : rng.pick(types); // each ambito has nido, micronido, CSE, CDA
    const c = i < a.comuni.length ? a.comuni[i] : rng.weighted(a.comuni.map((x) => [x, x.population]));
    const k = (seq.get(c.code) || 0) + 1; seq.set(c.code, k);
    const places = rng.int(t[1][0], t[1][1]);
    const publicBody = rng.chance(0.4);
    units.push({
      code: `UDO-${c.code}-${pad(k, 3)}`, type: t, comune: c,
      name: `${t[2]} ${rng.pick(UDO_NAMES)} – ${c.name}`,
      body: publicBody ? (rng.chance(0.5) ? `Comune di ${c.name}` : a.capofila) : rng.pick(COOPS),
      places,
      opened: isoDate(rng.int(1995, 2021), rng.int(1, 12), rng.int(1, 28)),
      history: null,
    });
  }
  // Life events: one unit opens in 2023, one is suspended in 2023, one closes in 2024.
  units[n - 1].opened = isoDate(2023, 9, 1);
  units[n - 2].history = { suspended: 2023 };
  units[n - 3].history = { closed: 2024, on: isoDate(2024, 6, 30) };
  for (const u of units) {
    for (const y of RECENT) {
      if (Number(u.opened.slice(0, 4)) > y) continue;
      let status = 'attiva', closed = '';
      if (u.history?.suspended === y) status = 'sospesa';
      if (u.history?.closed === y) { status = 'cessata'; closed = u.history.on; }
      const places = y === 2024 && u.type[0] === 'nido' && rng.chance(0.3) ? u.places + 6 : u.places;
      const row = { structure_code: u.code, year: y, name: u.name, unit_type: u.type[0], istat_code: u.comune.code,
        managing_body: u.body, places, status,
        opened_on: st.udoDates === 'it' ? itDate(u.opened) : u.opened,
        closed_on: closed && st.udoDates === 'it' ? itDate(closed) : closed };
      udoRows.push(row);
      registry.set(`${u.code}|${y}`, { ...row, opened_on: u.opened, closed_on: closed });

      // FSR: a unit reports for every year it is in the registry, also when suspended or closed
      // during the year (fewer months of activity).
      const months = status === 'sospesa' ? rng.int(3, 7) : status === 'cessata' ? 6
        : Number(u.opened.slice(0, 4)) === y ? 13 - Number(u.opened.slice(5, 7)) : 12;
      const fill = rng.uniform(0.75, 1.0);
      const turnover = u.type[0] === 'centro_ricreativo_diurno' ? rng.uniform(1.8, 3) : rng.uniform(1.0, 1.25);
      const attendees = Math.max(1, Math.round(places * fill * turnover * (months / 12)));
      const total = round2(places * rng.uniform(u.type[3][0], u.type[3][1]) * fill * (months / 12));
      const staff = round2(total * rng.uniform(0.55, 0.75));
      const revUsers = round2(total * u.type[4] * rng.uniform(0.8, 1.1));
      const revOther = round2(Math.max(0, Math.min(total * rng.uniform(0.1, 0.3), total * 0.97 - revUsers)));
      fsrRows.push({ structure_code: u.code, year: y, places, attendees,
        staff_cost_eur: staff.toFixed(2), total_cost_eur: total.toFixed(2),
        revenue_users_eur: revUsers.toFixed(2), revenue_other_eur: revOther.toFixed(2) });
    }
  }
  udoRows.sort((p, q) => p.year - q.year || p.structure_code.localeCompare(q.structure_code));
  fsrRows.sort((p, q) => p.year - q.year || p.structure_code.localeCompare(q.structure_code));
  written.push(writeCsv(`unita_offerta-${a.code}.csv`, ['structure_code', 'year', 'name', 'unit_type', 'istat_code',
    'managing_body', 'places', 'status', 'opened_on', 'closed_on'], udoRows, st.udoSep));
  written.push(writeCsv(`fsr-${a.code}.csv`, ['structure_code', 'year', 'places', 'attendees', 'staff_cost_eur',
    'total_cost_eur', 'revenue_users_eur', 'revenue_other_eur'], fsrRows, ','));
}

// ---------------------------------------------------------------- domiciliare

// [service, users per inhabitant, hours per year range, hourly cost range, fee share range]
const HOME = [
  ['SAD', 0.0028, [20, 260], [21, 25], [0, 0.3]],
  ['SADH', 0.0005, [40, 320], [22, 26], [0, 0.15]],
  ['ADM', 0.0009, [40, 200], [23, 27], [0, 0]],
];
for (const a of AMBITI) {
  const rng = rngFor(`domiciliare|${a.code}`);
  const rows = [];
  for (const [service, rate, hoursR, costR, feeR] of HOME) {
    const users = [];
    for (const y of RECENT) {
      const pop = a.comuni.reduce((s, c) => s + population.get(`${c.code}|${y}`).total, 0);
      const target = Math.round(pop * rate * rng.uniform(0.95, 1.1));
      // Users carry over between years (about 60% stay), new ones join.
      const kept = users.filter((u) => u.until >= y);
      while (kept.length < target) {
        const u = { id: newId(rng), comune: rng.weighted(a.comuni.map((c) => [c, c.population])),
          until: y + rng.int(0, 2), intensity: rng.uniform(0, 1) };
        users.push(u); kept.push(u);
      }
      for (const u of kept.slice(0, Math.max(target, 1))) {
        const hours = round2((hoursR[0] + (hoursR[1] - hoursR[0]) * u.intensity) * rng.uniform(0.85, 1.15));
        const hourly = rng.uniform(costR[0], costR[1]) * (1 + 0.02 * (y - 2022));
        const cost = round2(hours * hourly);
        const fee = round2(cost * rng.uniform(feeR[0], feeR[1]));
        rows.push({ beneficiary_id: u.id, istat_code: u.comune.code, year: y, service,
          hours: hours.toFixed(2), cost_eur: cost.toFixed(2), user_fee_eur: fee.toFixed(2) });
      }
    }
  }
  rows.sort((p, q) => p.year - q.year || p.istat_code.localeCompare(q.istat_code)
    || p.service.localeCompare(q.service) || p.beneficiary_id.localeCompare(q.beneficiary_id));
  written.push(writeCsv(`domiciliare-${a.code}.csv`, ['beneficiary_id', 'istat_code', 'year', 'service', 'hours',
    'cost_eur', 'user_fee_eur'], rows, ','));
}

// ================================================================ self-check

// Reads every written file back and applies the rules of docs/knowledge.md.
const problems = [];
const fail = (file, row, col, value, reason) => {
  if (problems.length < 50) problems.push(`${file}: riga ${row}, colonna ${col}: «${value}» ${reason}`);
  else problems.length === 50 && problems.push('…');
};

const FLOWS = {
  spesa: { cols: { istat_code: 'istat*', year: 'year*', area: 'code:aree*', intervention_code: 'code:interventi*',
    management: 'choice:singola|associata*', managed_by: 'text', amount_eur: 'amount*', users: 'integer',
    funding_channel: 'code:canali_finanziamento' },
  key: ['istat_code', 'year', 'area', 'intervention_code', 'management', 'managed_by', 'funding_channel'] },
  unita_offerta: { cols: { structure_code: 'text*', year: 'year*', name: 'text*', unit_type: 'code:tipi_unita*',
    istat_code: 'istat*', managing_body: 'text*', places: 'integer*', status: 'choice:attiva|sospesa|cessata*',
    opened_on: 'date*', closed_on: 'date' }, key: ['structure_code', 'year'] },
  fsr: { cols: { structure_code: 'text*', year: 'year*', places: 'integer*', attendees: 'integer*',
    staff_cost_eur: 'amount*', total_cost_eur: 'amount*', revenue_users_eur: 'amount*', revenue_other_eur: 'amount*' },
  key: ['structure_code', 'year'] },
  domiciliare: { cols: { beneficiary_id: 'pseudonym*', istat_code: 'istat*', year: 'year*',
    service: 'code:servizi_domiciliari*', hours: 'amount*', cost_eur: 'amount*', user_fee_eur: 'amount*' },
  key: ['beneficiary_id', 'istat_code', 'year', 'service'] },
  beneficiari: { cols: { beneficiary_id: 'pseudonym*', istat_code: 'istat*', year: 'year*',
    intervention_code: 'code:interventi*', area: 'code:aree*', amount_eur: 'amount*', isee_band: 'choice:1|2|3|4|5',
    age_band: 'code:fasce_eta*', start_date: 'date', end_date: 'date' }, key: null },
  popolazione: { cols: { istat_code: 'istat*', year: 'year*', age_band: 'code:fasce_eta*', population: 'integer*' },
    key: ['istat_code', 'year', 'age_band'] },
};

// Parses an amount in any accepted form; returns null if invalid.
function parseAmount(s) {
  let t = s;
  if (/^\d{1,3}(\.\d{3})+,\d{1,2}$/.test(t) || /^\d+,\d{1,2}$/.test(t)) t = t.replaceAll('.', '').replace(',', '.');
  else if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  return Number(t);
}
function parseDate(s) {
  let m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  let y, mo, d;
  if (m) [y, mo, d] = [m[1], m[2], m[3]].map(Number);
  else if ((m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s))) [d, mo, y] = [m[1], m[2], m[3]].map(Number);
  else return null;
  if (mo < 1 || mo > 12 || d < 1 || d > daysIn(y, mo)) return null;
  return isoDate(y, mo, d);
}

function checkFile(file, flow, sep, allowed) {
  const spec = FLOWS[flow];
  const text = readFileSync(join(outDir, file), 'utf8');
  const rows = parseCsv(text, sep);
  const header = rows[0];
  for (const h of header) if (!(h in spec.cols)) fail(file, 1, h, h, 'colonna sconosciuta');
  for (const [c, t] of Object.entries(spec.cols)) {
    if (t.endsWith('*') && !header.includes(c)) fail(file, 1, c, '', 'colonna obbligatoria mancante');
  }
  const keys = new Set();
  const parsed = [];
  rows.slice(1).forEach((r, i) => {
    const rowNo = i + 2; // the header is row 1, as in a spreadsheet
    if (r.length !== header.length) { fail(file, rowNo, '*', r.join(sep), `attese ${header.length} colonne`); return; }
    const o = Object.fromEntries(header.map((h, j) => [h, r[j]]));
    const v = {};
    for (const [c, t0] of Object.entries(spec.cols)) {
      const s = o[c] ?? '';
      const req = t0.endsWith('*');
      const t = req ? t0.slice(0, -1) : t0;
      if (s === '') { if (req) fail(file, rowNo, c, s, 'valore obbligatorio mancante'); v[c] = null; continue; }
      if (s !== s.trim()) fail(file, rowNo, c, s, 'spazi iniziali o finali');
      if (t === 'istat') {
        if (!/^\d{6}$/.test(s)) fail(file, rowNo, c, s, 'non è un codice ISTAT di sei cifre');
        else if (!allowed.has(s)) fail(file, rowNo, c, s, 'non è un comune dell\'ente che invia');
        v[c] = s;
      } else if (t === 'year') {
        const n = Number(s);
        if (!/^\d{4}$/.test(s) || n < 2000 || n > 2100) fail(file, rowNo, c, s, 'anno non valido');
        v[c] = n;
      } else if (t.startsWith('code:')) {
        if (!codelists[t.slice(5)].has(s)) fail(file, rowNo, c, s, `non è nella lista ${t.slice(5)}`);
        v[c] = s;
      } else if (t.startsWith('choice:')) {
        if (!t.slice(7).split('|').includes(s)) fail(file, rowNo, c, s, `atteso uno di: ${t.slice(7)}`);
        v[c] = s;
      } else if (t === 'integer') {
        if (!/^\d+$/.test(s)) fail(file, rowNo, c, s, 'atteso un numero intero >= 0');
        v[c] = Number(s);
      } else if (t === 'amount') {
        const n = parseAmount(s);
        if (n === null) fail(file, rowNo, c, s, 'atteso un importo >= 0 con al più due decimali');
        v[c] = n;
      } else if (t === 'date') {
        const d = parseDate(s);
        if (d === null) fail(file, rowNo, c, s, 'data non valida (AAAA-MM-GG o GG/MM/AAAA)');
        v[c] = d;
      } else if (t === 'pseudonym') {
        if (!/^[0-9a-f]{16}$/.test(s)) fail(file, rowNo, c, s, 'lo pseudonimo deve avere 16 caratteri esadecimali');
        if (CF_LIKE.test(s)) fail(file, rowNo, c, s, 'sembra un codice fiscale');
        v[c] = s;
      } else {
        if (s.length > 200) fail(file, rowNo, c, s.slice(0, 40), 'testo troppo lungo (al massimo 200 caratteri)');
        v[c] = s;
      }
    }
    const key = spec.key ? spec.key.map((k) => o[k] ?? '').join('\u0001') : r.join('\u0001');
    if (keys.has(key)) fail(file, rowNo, spec.key ? spec.key.join('+') : '*', key.replaceAll('\u0001', '|'), 'riga duplicata');
    keys.add(key);
    parsed.push({ rowNo, v });
  });
  return parsed;
}

const checked = [];
for (const a of AMBITI) {
  const allowed = new Set(a.comuni.map((c) => c.code));
  const udoFile = `unita_offerta-${a.code}.csv`;
  const spesa = checkFile(`spesa-${a.code}.csv`, 'spesa', ';', allowed);
  const ben = checkFile(`beneficiari-${a.code}.csv`, 'beneficiari', ',', allowed);
  const udo = checkFile(udoFile, 'unita_offerta', STYLE[a.code].udoSep, allowed);
  const fsr = checkFile(`fsr-${a.code}.csv`, 'fsr', ',', allowed);
  const dom = checkFile(`domiciliare-${a.code}.csv`, 'domiciliare', ',', allowed);
  checked.push(spesa, ben, udo, fsr, dom);

  const perComune = new Map();
  for (const { rowNo, v } of spesa) {
    if (v.management === 'associata' && !v.managed_by) fail(`spesa-${a.code}.csv`, rowNo, 'managed_by', '', 'ente gestore mancante per gestione associata');
    if (v.management === 'singola' && v.managed_by) fail(`spesa-${a.code}.csv`, rowNo, 'managed_by', v.managed_by, 'ente gestore indicato per gestione singola');
    const k = `${v.istat_code}|${v.year}`;
    perComune.set(k, (perComune.get(k) || 0) + v.amount_eur);
    perComune.set(`n|${k}`, (perComune.get(`n|${k}`) || 0) + 1);
  }
  for (const c of a.comuni) {
    for (const y of YEARS) {
      const k = `${c.code}|${y}`;
      const pc = perComune.get(k) / population.get(k).total;
      if (!(pc >= 60 && pc <= 200)) fail(`spesa-${a.code}.csv`, '-', 'amount_eur', pc.toFixed(2), `spesa pro capite di ${c.name} ${y} fuori da 60-200 EUR`);
      const n = perComune.get(`n|${k}`);
      if (!(n >= 12 && n <= 28)) fail(`spesa-${a.code}.csv`, '-', '*', n, `righe per ${c.name} ${y} fuori da 12-28`);
    }
  }
  for (const { rowNo, v } of ben) {
    if (v.start_date && v.end_date && v.end_date < v.start_date) fail(`beneficiari-${a.code}.csv`, rowNo, 'end_date', v.end_date, 'precede start_date');
    if (v.amount_eur < 100 || v.amount_eur > 6000) fail(`beneficiari-${a.code}.csv`, rowNo, 'amount_eur', v.amount_eur, 'fuori da 100-6.000 EUR');
    for (const d of [v.start_date, v.end_date]) if (d && Number(d.slice(0, 4)) !== v.year) fail(`beneficiari-${a.code}.csv`, rowNo, 'start_date', d, 'fuori dall\'anno');
  }
  for (const { rowNo, v } of udo) {
    if (v.closed_on && v.closed_on < v.opened_on) fail(udoFile, rowNo, 'closed_on', v.closed_on, 'precede opened_on');
    if (v.status === 'cessata' && !v.closed_on) fail(udoFile, rowNo, 'closed_on', '', 'obbligatoria per una unità cessata');
    if (v.status !== 'cessata' && v.closed_on) fail(udoFile, rowNo, 'closed_on', v.closed_on, 'una data di chiusura richiede lo stato «cessata»');
    if (!v.structure_code.startsWith(`UDO-${v.istat_code}-`)) fail(udoFile, rowNo, 'structure_code', v.structure_code, 'non corrisponde al comune');
  }
  const udoKeys = new Map(udo.map(({ v }) => [`${v.structure_code}|${v.year}`, v]));
  for (const { rowNo, v } of fsr) {
    const f = `fsr-${a.code}.csv`;
    const reg = udoKeys.get(`${v.structure_code}|${v.year}`);
    if (!reg) fail(f, rowNo, 'structure_code', v.structure_code, 'non è nell\'anagrafe delle unità d\'offerta per lo stesso anno');
    else if (reg.places !== v.places) fail(f, rowNo, 'places', v.places, `diverso dall'anagrafe (${reg.places})`);
    if (v.total_cost_eur < v.staff_cost_eur) fail(f, rowNo, 'total_cost_eur', v.total_cost_eur, 'minore di staff_cost_eur');
  }
  for (const { rowNo, v } of dom) {
    if (v.user_fee_eur > v.cost_eur) fail(`domiciliare-${a.code}.csv`, rowNo, 'user_fee_eur', v.user_fee_eur, 'maggiore di cost_eur');
  }
}
{
  const all = new Set(AMBITI.flatMap((a) => a.comuni.map((c) => c.code)));
  const pop = checkFile('popolazione.csv', 'popolazione', ',', all);
  checked.push(pop);
  const sums = new Map();
  for (const { v } of pop) sums.set(v.istat_code, (sums.get(v.istat_code) || 0) + v.population);
  for (const c of all) {
    const avg = sums.get(c) / YEARS.length;
    const ref = comuni.get(c).population;
    if (Math.abs(avg / ref - 1) > 0.05) fail('popolazione.csv', '-', 'population', avg, `lontana dalla popolazione 2011 di ${c} (${ref})`);
  }
}
for (const w of written) if (w.bytes > 700 * 1024) fail(w.name, '-', '*', w.bytes, 'file troppo grande (> 700 KiB)');

for (const w of written) console.log(`${w.name.padEnd(34)} ${String(w.rows).padStart(6)} rows ${String(w.bytes).padStart(8)} bytes  sep '${w.sep}'`);
if (problems.length) {
  console.error(`\nSELF-CHECK FAILED (${problems.length} problems):`);
  for (const p of problems) console.error('  ' + p);
  process.exit(1);
}
console.log(`self-check passed: ${checked.reduce((s, p) => s + p.length, 0)} rows in ${written.length} files obey docs/knowledge.md`);
