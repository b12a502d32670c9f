// Builds the pdz territory file (format pdz-territory/1) for the benchmark's ambiti: pdz already
// holds every comune after `pdz db init`, so the file adds regions' names, one ASL per province
// with one district, and the ambiti with their comuni.
import fs from 'node:fs';
import path from 'node:path';
import { readCsvFile } from './csv.mjs';

export const kValidFrom = '2015-01-01'; // the first year of the workload's data

/** Province and region names from the repo's reference file, for readable agency names. */
export function referenceNames(referenceCsv) {
  const provinces = new Map();
  const regions = new Map();
  if (fs.existsSync(referenceCsv)) {
    for (const c of readCsvFile(referenceCsv)) {
      provinces.set(c.province_code, c.province_name);
      regions.set(c.region_code, c.region_name);
    }
  }
  return { provinces, regions };
}

/** pdz codes are lower-case letters, digits, '-' and '_'; other ambito codes are mapped onto that. */
export function toStableCode(code) {
  const s = code
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '');
  return (s || 'ambito').slice(0, 64);
}

/**
 * comuni: [{istat_code, name, province_code, region_code, population}]
 * ambiti: [{ambito_code, istat_code}]
 * Returns {territory, codes} where codes maps each ambiti.csv code to its pdz code.
 */
export function buildTerritory(comuni, ambiti, names) {
  const byIstat = new Map(comuni.map((c) => [c.istat_code, c]));
  const members = new Map();
  for (const a of ambiti) {
    if (!members.has(a.ambito_code)) members.set(a.ambito_code, []);
    members.get(a.ambito_code).push(byIstat.get(a.istat_code) ?? missingComune(a));
  }

  const regionCodes = [...new Set(comuni.map((c) => c.region_code))].sort();
  const regions = regionCodes.map((code) => ({ code, name: names.regions.get(code) ?? `Regione ${code}` }));

  const provinceRegion = new Map(comuni.map((c) => [c.province_code, c.region_code]));
  const agencies = [...provinceRegion.keys()].sort().map((p) => {
    const name = names.provinces.get(p) ?? p;
    return {
      code: `asl-${p}`,
      name: `ASL della provincia di ${name}`,
      kind: 'ASL',
      region: provinceRegion.get(p),
      districts: [{ code: `distretto-${p}`, name: `Distretto sociosanitario di ${name}` }],
    };
  });

  const codes = new Map();
  const used = new Set();
  const out = [];
  for (const [code, list] of members) {
    let stable = toStableCode(code);
    while (used.has(stable)) stable = `${stable}-x`;
    used.add(stable);
    codes.set(code, stable);
    // The ambito takes the agency of its first comune; generated ambiti never cross a province.
    const province = list[0].province_code;
    const capofila = list.reduce((best, c) => (Number(c.population) > Number(best.population) ? c : best));
    out.push({
      code: stable,
      name: `Ambito ${code} – ${capofila.name}`,
      region: list[0].region_code,
      agency: `asl-${province}`,
      district: `distretto-${province}`,
      valid_from: kValidFrom,
      capofila: { name: `Comune di ${capofila.name}`, type: 'comune' },
      ufficio_di_piano: {
        host_body: `Comune di ${capofila.name}`,
        email: `udp.${stable}@example.org`,
      },
      comuni: list.map((c) => c.istat_code),
    });
  }
  return { territory: { format: 'pdz-territory/1', regions, agencies, ambiti: out }, codes };
}

function missingComune(a) {
  throw new Error(`ambiti.csv: comune ${a.istat_code} of ambito ${a.ambito_code} is not in comuni.csv`);
}

/** Writes `file` (a territory.json) from DIR/comuni.csv and DIR/ambiti.csv (files made elsewhere). */
export function writeTerritoryFromDir(dir, referenceCsv, file = path.join(dir, 'territory.json')) {
  const comuni = readCsvFile(path.join(dir, 'comuni.csv'));
  const ambiti = readCsvFile(path.join(dir, 'ambiti.csv'));
  const { territory } = buildTerritory(comuni, ambiti, referenceNames(referenceCsv));
  fs.writeFileSync(file, JSON.stringify(territory, null, 1) + '\n');
  return territory;
}
