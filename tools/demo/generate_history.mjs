// Back-casts Medio Olona's 2015-2017 history from its 2018 demo flows, for the monitoring demo of the
// Piano di Zona 2015-2017 (docs/monitoring.md §7): the social spending of the seven comuni
// (spesa-medio-olona-2015-2017.csv) and their population (popolazione-medio-olona-2015-2017.csv).
// No randomness: each 2018 row scaled by a fixed factor per year, associated management growing
// faster than single management (the plan's objective "mantenimento della gestione associata"),
// so the same bytes come out on every run. Run after generate_flows.mjs:
//   node tools/demo/generate_history.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'data', 'demo', 'flows');
const YEARS = [2015, 2016, 2017];
// Share of the 2018 amount, by year and management.
const AMOUNT = { singola: [0.95, 0.97, 0.985], associata: [0.78, 0.85, 0.92] };
const USERS = [0.9, 0.94, 0.97];
const POPULATION = [0.994, 0.996, 0.998];

const itToNumber = (s) => Number(s.replace(/\./g, '').replace(',', '.'));
const numberToIt = (n) => {
  const [int, dec] = n.toFixed(2).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, '.')},${dec}`;
};

function spesa() {
  const [header, ...lines] = readFileSync(join(dir, 'spesa-medio-olona.csv'), 'utf8').trimEnd().split('\n');
  const base = lines.map((l) => l.split(';')).filter((f) => f[1] === '2018');
  const out = [header];
  YEARS.forEach((year, i) => {
    for (const f of base) {
      const row = [...f];
      row[1] = String(year);
      row[6] = numberToIt(itToNumber(f[6]) * AMOUNT[f[4]][i]);
      if (f[7] !== '') row[7] = String(Math.max(1, Math.round(Number(f[7]) * USERS[i])));
      out.push(row.join(';'));
    }
  });
  return out.join('\n') + '\n';
}

function popolazione() {
  const territory = JSON.parse(readFileSync(join(dir, '..', 'territory-lombardia.json'), 'utf8'));
  const comuni = new Set(territory.ambiti.find((a) => a.code === 'medio-olona').comuni);
  const [header, ...lines] = readFileSync(join(dir, 'popolazione.csv'), 'utf8').trimEnd().split('\n');
  const base = lines.map((l) => l.split(',')).filter((f) => f[1] === '2018' && comuni.has(f[0]));
  const out = [header];
  YEARS.forEach((year, i) => {
    for (const f of base) out.push([f[0], String(year), f[2], String(Math.round(Number(f[3]) * POPULATION[i]))].join(','));
  });
  return out.join('\n') + '\n';
}

writeFileSync(join(dir, 'spesa-medio-olona-2015-2017.csv'), spesa());
writeFileSync(join(dir, 'popolazione-medio-olona-2015-2017.csv'), popolazione());
console.log('scritti spesa-medio-olona-2015-2017.csv e popolazione-medio-olona-2015-2017.csv');
