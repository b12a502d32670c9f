#!/usr/bin/env node
// Writes the knowledge-system benchmark data (the WORKLOAD.md format) for a scale:
// comuni.csv, ambiti.csv, spesa.csv, beneficiari.csv, territory.json (for pdz) and manifest.json.
// Deterministic for a seed; skips the work when DIR already holds the files for that scale and seed.
//
//   node bench/generate.mjs --scale 1 --out var/bench/scale-1 [--seed 20240601] [--force]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { csvField, readCsvFile } from './lib/csv.mjs';
import { cumulate, mix32, mulberry32, pickWeighted, streamSeed } from './lib/prng.mjs';
import { buildTerritory, referenceNames } from './lib/territory.mjs';

const kRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const kReferenceCsv = path.join(kRoot, 'data/reference/comuni.csv');
export const kDefaultSeed = 20240601;
// Bumped whenever the generator's output changes, so old folders are regenerated.
const kGeneratorVersion = 3;
const kFiles = ['comuni.csv', 'ambiti.csv', 'spesa.csv', 'beneficiari.csv', 'territory.json'];

const kYears = Array.from({ length: 10 }, (_, i) => 2015 + i);
const kAreas = ['famiglia_minori', 'disabili', 'dipendenze', 'anziani', 'immigrati', 'poverta', 'multiutenza'];
const kCodes = [...'ABCDEFG'].flatMap((l) => [1, 2, 3, 4, 5, 6, 7, 8, 9].map((d) => `${l}${d}`));
const kAgeBands = ['0-17', '18-34', '35-49', '50-64', '65-79', '80+'];
// Age profile of each area's beneficiaries (weights over kAgeBands).
const kAgeByArea = [
  [70, 15, 15, 0, 0, 0], // famiglia_minori
  [15, 20, 20, 20, 15, 10], // disabili
  [0, 40, 40, 20, 0, 0], // dipendenze
  [0, 0, 0, 0, 45, 55], // anziani
  [20, 40, 30, 10, 0, 0], // immigrati
  [10, 25, 30, 25, 8, 2], // poverta
  [10, 20, 20, 20, 15, 15], // multiutenza
].map(cumulate);
// Typical yearly amount per beneficiary (EUR) by area.
const kAmountByArea = [1500, 3500, 1200, 2500, 900, 1800, 700];
const kIseeBands = cumulate([35, 25, 18, 12, 10]);

// Scale 1 sizes (WORKLOAD.md): ~3.0 M spesa rows, ~4.6 M people giving ~20 M beneficiari rows.
const kSpesaRowsPerComuneYear = 3.0e6 / (7904 * kYears.length);
const kPeople = 4.6e6;
const kWriteChunk = 1 << 22; // characters buffered before each write

function parseArgs(argv) {
  const args = { scale: 1, out: null, seed: kDefaultSeed, force: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--scale') args.scale = Number(argv[++i]);
    else if (a === '--out') args.out = argv[++i];
    else if (a === '--seed') args.seed = Number(argv[++i]);
    else if (a === '--force') args.force = true;
    else throw new Error(`unknown argument ${a}; usage: generate.mjs --scale S --out DIR [--seed N] [--force]`);
  }
  if (!(args.scale > 0) || !Number.isFinite(args.scale)) throw new Error('--scale must be a positive number');
  if (!Number.isInteger(args.seed)) throw new Error('--seed must be an integer');
  args.out ??= path.join(kRoot, 'var/bench', `scale-${args.scale}`);
  return args;
}

/** Buffered writer: joins rows into large strings so that 20 M rows cost few system calls. */
class ChunkWriter {
  constructor(file) {
    this.fd = fs.openSync(file, 'w');
    this.buf = '';
    this.rows = 0;
  }
  row(line) {
    this.buf += line;
    this.rows++;
    if (this.buf.length >= kWriteChunk) this.flush();
  }
  flush() {
    if (this.buf) fs.writeSync(this.fd, this.buf);
    this.buf = '';
  }
  close() {
    this.flush();
    fs.closeSync(this.fd);
  }
}

function cents(c) {
  const r = c % 100;
  return `${(c - r) / 100}.${r < 10 ? '0' : ''}${r}`;
}

function loadComuni() {
  return readCsvFile(kReferenceCsv)
    .map((c) => ({
      istat_code: c.istat_code,
      name: c.name,
      province_code: c.province_code,
      region_code: c.region_code,
      population: Number(c.population),
    }))
    .sort((a, b) => (a.istat_code < b.istat_code ? -1 : 1));
}

function writeComuni(dir, comuni) {
  const w = new ChunkWriter(path.join(dir, 'comuni.csv'));
  w.row('istat_code,name,province_code,region_code,population\n');
  for (const c of comuni) {
    w.row(`${c.istat_code},${csvField(c.name)},${c.province_code},${c.region_code},${c.population}\n`);
  }
  w.close();
}

/**
 * Groups consecutive comuni of each province into ambiti of 40-150 k inhabitants (a city larger
 * than that is an ambito by itself), as real ambiti are contiguous groups inside one province.
 */
function makeAmbiti(comuni, rand) {
  const ambiti = []; // arrays of comuni
  let province = null;
  let current = [];
  let pop = 0;
  let target = 0;
  const close = () => {
    if (current.length === 0) return;
    const last = ambiti[ambiti.length - 1];
    // A small remainder joins the previous ambito of the same province.
    if (pop < 40000 && last && last[0].province_code === current[0].province_code) last.push(...current);
    else ambiti.push(current);
    current = [];
    pop = 0;
  };
  for (const c of comuni) {
    if (c.province_code !== province) {
      close();
      province = c.province_code;
    }
    if (current.length > 0 && pop >= 40000 && (pop + c.population > 150000 || pop >= target)) close();
    if (current.length === 0) target = 40000 + 62000 * rand();
    current.push(c);
    pop += c.population;
  }
  close();
  return ambiti.map((list, i) => ({ code: `A${String(i + 1).padStart(3, '0')}`, comuni: list }));
}

function writeAmbiti(dir, ambiti) {
  const w = new ChunkWriter(path.join(dir, 'ambiti.csv'));
  w.row('ambito_code,istat_code\n');
  for (const a of ambiti) for (const c of a.comuni) w.row(`${a.code},${c.istat_code}\n`);
  w.close();
}

/** The 882 (area, intervention, management) combinations a spesa row may have, as CSV text. */
function spesaCombos() {
  const combos = [];
  for (const area of kAreas) {
    for (const code of kCodes) {
      for (const management of ['singola', 'associata']) combos.push({ text: `${area},${code},${management},`, management });
    }
  }
  return combos;
}

/**
 * spesa.csv: per comune and year a total (per-capita spend 20-200 EUR, skewed, mean near 120)
 * split over distinct (area, intervention, management) rows, so the pdz key stays unique.
 */
function writeSpesa(dir, comuni, scale, seed) {
  const rand = mulberry32(streamSeed(seed, 'spesa'));
  // Per comune: per-capita level, share managed associata, and how many spending lines it has
  // (larger comuni report more lines), normalised so the mean is the scale's rows per comune-year.
  // Level in [0, 0.93]: with the year's trend and noise it stays inside 20-200 EUR without
  // clipping, since clipped values would tie and make the regional ranks engine-dependent.
  const level = comuni.map(() => 0.93 * Math.pow(rand(), 0.65));
  const assoc = comuni.map((c) => Math.min(0.9, 0.1 + 0.6 * rand() * (c.population < 5000 ? 1.3 : 0.7)));
  const weight = comuni.map((c) => Math.pow(Math.max(c.population, 1), 0.25));
  const meanWeight = weight.reduce((s, x) => s + x, 0) / weight.length;
  const lines = weight.map((x) => (kSpesaRowsPerComuneYear * scale * x) / meanWeight);

  const combos = spesaCombos();
  const order = Int16Array.from(combos, (_, i) => i);
  const w = new ChunkWriter(path.join(dir, 'spesa.csv'));
  w.row('istat_code,year,area,intervention_code,management,amount_eur\n');
  const picked = new Float64Array(combos.length);
  for (const year of kYears) {
    const trend = 0.95 + 0.01 * (year - 2015);
    for (let i = 0; i < comuni.length; i++) {
      const c = comuni[i];
      const perCapita = 20 + 180 * level[i] * trend * (0.97 + 0.06 * rand());
      const totalCents = Math.round(perCapita * c.population * 100);
      const n = Math.min(combos.length, Math.max(1, Math.floor(lines[i] + rand())));
      // Partial Fisher-Yates on a permutation kept across calls: n distinct combinations.
      let sum = 0;
      for (let k = 0; k < n; k++) {
        const j = k + Math.floor(rand() * (combos.length - k));
        const t = order[k];
        order[k] = order[j];
        order[j] = t;
        const share = combos[order[k]].management === 'associata' ? assoc[i] : 1 - assoc[i];
        picked[k] = -Math.log(1 - rand()) * share + 1e-9;
        sum += picked[k];
      }
      const prefix = `${c.istat_code},${year},`;
      let left = totalCents;
      for (let k = 0; k < n; k++) {
        const amount = k === n - 1 ? left : Math.min(left, Math.round((totalCents * picked[k]) / sum));
        left -= amount;
        w.row(`${prefix}${combos[order[k]].text}${cents(amount)}\n`);
      }
    }
  }
  w.close();
  return w.rows;
}

/**
 * The people of beneficiari.csv, held in typed arrays so that the file can be written year by
 * year (year-major) while each person keeps one history: home comune, years active, one or two
 * areas, and at most one move to a nearby comune.
 */
function makePeople(comuni, scale, seed) {
  const rand = mulberry32(streamSeed(seed, 'people'));
  const totalPop = comuni.reduce((s, c) => s + c.population, 0);
  const propensity = comuni.map(() => 0.5 + rand());
  const meanPropensity = propensity.reduce((s, x) => s + x, 0) / propensity.length;
  const perComune = comuni.map((c, i) =>
    Math.floor((kPeople * scale * c.population * propensity[i]) / (totalPop * meanPropensity) + rand()),
  );
  const n = perComune.reduce((s, x) => s + x, 0);
  const p = {
    n,
    home: new Uint16Array(n),
    dest: new Uint16Array(n),
    first: new Uint8Array(n), // year index of the first year active
    last: new Uint8Array(n),
    move: new Uint8Array(n), // year index of the move, 255 = none
    moveShare: new Float32Array(n), // part of the move year's amount paid by the old comune
    area1: new Uint8Array(n),
    area2: new Uint8Array(n), // 255 = a single area
    code1: new Uint8Array(n),
    code2: new Uint8Array(n),
    age1: new Uint8Array(n),
    age2: new Uint8Array(n),
    isee: new Uint8Array(n),
    base1: new Float32Array(n), // yearly amount in EUR
    base2: new Float32Array(n),
    idHi: new Uint32Array(n),
    idLo: new Uint32Array(n),
  };
  const idSeed = streamSeed(seed, 'ids');
  let k = 0;
  for (let i = 0; i < comuni.length; i++) {
    for (let j = 0; j < perComune[i]; j++, k++) {
      p.home[k] = i;
      // Short spells are the most frequent: 1-10 years, mean about 3.9.
      const r = rand();
      const years = Math.min(10, 1 + Math.floor(10 * r * r));
      p.first[k] = Math.floor(rand() * (kYears.length - years + 1));
      p.last[k] = p.first[k] + years - 1;
      p.move[k] = 255;
      // ~3% of the people active in a year move that year to a comune close by in the ISTAT order.
      if (rand() < 0.03 * years) {
        p.move[k] = p.first[k] + Math.floor(rand() * years);
        const step = 1 + Math.floor(rand() * 5);
        const to = rand() < 0.5 && i >= step ? i - step : (i + step) % comuni.length;
        p.dest[k] = to;
        p.moveShare[k] = 0.1 + 0.8 * rand();
      }
      p.area1[k] = Math.floor(rand() * kAreas.length);
      p.area2[k] = 255;
      // ~10% draw on two areas.
      if (rand() < 0.1) p.area2[k] = (p.area1[k] + 1 + Math.floor(rand() * (kAreas.length - 1))) % kAreas.length;
      p.code1[k] = Math.floor(rand() * kCodes.length);
      p.code2[k] = Math.floor(rand() * kCodes.length);
      p.age1[k] = pickWeighted(kAgeByArea[p.area1[k]], rand());
      p.age2[k] = p.area2[k] === 255 ? p.age1[k] : pickWeighted(kAgeByArea[p.area2[k]], rand());
      p.isee[k] = pickWeighted(kIseeBands, rand());
      p.base1[k] = kAmountByArea[p.area1[k]] * skewed(rand);
      p.base2[k] = p.area2[k] === 255 ? 0 : kAmountByArea[p.area2[k]] * skewed(rand);
      // Pseudonyms: the low half is a bijection of the person's index, so ids never collide.
      p.idLo[k] = mix32(k ^ idSeed);
      p.idHi[k] = mix32(p.idLo[k] + idSeed);
    }
  }
  return p;
}

/** A right-skewed multiplier with mean near 1 (a product of uniforms, like a log-normal). */
function skewed(rand) {
  return 0.2 + 6.4 * rand() * rand() * rand();
}

const kHex = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
function hex32(x) {
  return kHex[x >>> 24] + kHex[(x >>> 16) & 255] + kHex[(x >>> 8) & 255] + kHex[x & 255];
}

function writeBeneficiari(dir, comuni, scale, seed) {
  const p = makePeople(comuni, scale, seed);
  const rand = mulberry32(streamSeed(seed, 'beneficiari'));
  const w = new ChunkWriter(path.join(dir, 'beneficiari.csv'));
  w.row('beneficiary_id,istat_code,year,intervention_code,area,amount_eur,isee_band,age_band\n');
  for (let y = 0; y < kYears.length; y++) {
    const year = kYears[y];
    for (let k = 0; k < p.n; k++) {
      if (y < p.first[k] || y > p.last[k]) continue;
      const id = hex32(p.idHi[k]) + hex32(p.idLo[k]);
      const moved = p.move[k] !== 255 && y > p.move[k];
      const where = moved ? p.dest[k] : p.home[k];
      const split = p.move[k] === y ? p.moveShare[k] : 1;
      for (let a = 0; a < 2; a++) {
        const area = a === 0 ? p.area1[k] : p.area2[k];
        if (area === 255) continue;
        const code = a === 0 ? p.code1[k] : p.code2[k];
        const age = a === 0 ? p.age1[k] : p.age2[k];
        const base = (a === 0 ? p.base1[k] : p.base2[k]) * (0.9 + 0.2 * rand());
        const tail = `,${year},${kCodes[code]},${kAreas[area]},`;
        const rest = `,${p.isee[k] + 1},${kAgeBands[age]}\n`;
        const amount = Math.max(1, Math.round(base * split * 100));
        w.row(`${id},${comuni[where].istat_code}${tail}${cents(amount)}${rest}`);
        // The move year: the rest of the year is paid by the new comune.
        if (split < 1) {
          const after = Math.max(1, Math.round(base * (1 - split) * 100));
          w.row(`${id},${comuni[p.dest[k]].istat_code}${tail}${cents(after)}${rest}`);
        }
      }
    }
  }
  w.close();
  // Every person is active at least one year, so all of them appear.
  return { rows: w.rows - 1, people: p.n };
}

function manifestMatches(dir, scale, seed) {
  const file = path.join(dir, 'manifest.json');
  if (!fs.existsSync(file)) return null;
  try {
    const m = JSON.parse(fs.readFileSync(file, 'utf8'));
    const complete = kFiles.every((f) => fs.existsSync(path.join(dir, f)));
    return complete && m.scale === scale && m.seed === seed && m.generator === kGeneratorVersion ? m : null;
  } catch {
    return null;
  }
}

/** Generates the data for `scale` into `out` unless it is already there; returns the manifest. */
export function generate({ scale, out, seed = kDefaultSeed, force = false, log = console.error }) {
  const existing = force ? null : manifestMatches(out, scale, seed);
  if (existing) {
    log(`generate: ${out} already holds scale ${scale} (seed ${seed}), kept`);
    return existing;
  }
  fs.mkdirSync(out, { recursive: true });
  fs.rmSync(path.join(out, 'manifest.json'), { force: true });
  const started = performance.now();
  const comuni = loadComuni();
  writeComuni(out, comuni);
  const ambiti = makeAmbiti(comuni, mulberry32(streamSeed(seed, 'ambiti')));
  writeAmbiti(out, ambiti);
  const { territory } = buildTerritory(
    comuni,
    ambiti.flatMap((a) => a.comuni.map((c) => ({ ambito_code: a.code, istat_code: c.istat_code }))),
    referenceNames(kReferenceCsv),
  );
  fs.writeFileSync(path.join(out, 'territory.json'), JSON.stringify(territory, null, 1) + '\n');
  log(`generate: ${comuni.length} comuni in ${ambiti.length} ambiti`);
  const spesa = writeSpesa(out, comuni, scale, seed) - 1;
  log(`generate: spesa.csv ${spesa} rows`);
  const benef = writeBeneficiari(out, comuni, scale, seed);
  log(`generate: beneficiari.csv ${benef.rows} rows, ${benef.people} people`);
  const manifest = {
    format: 'pdz-bench-data/1',
    generator: kGeneratorVersion,
    scale,
    seed,
    rows: { comuni: comuni.length, ambiti: ambiti.length, spesa, beneficiari: benef.rows },
    people: benef.people,
    seconds: Number(((performance.now() - started) / 1000).toFixed(1)),
  };
  fs.writeFileSync(path.join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  log(`generate: done in ${manifest.seconds} s`);
  return manifest;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    generate(parseArgs(process.argv.slice(2)));
  } catch (e) {
    console.error(`generate: ${e.message}`);
    process.exit(2);
  }
}
