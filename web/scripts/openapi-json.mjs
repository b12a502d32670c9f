// Converts ../docs/openapi.yaml into dist/openapi.json (served by pdz at /api/v1/openapi.json); fails loudly if missing.
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const here = dirname(fileURLToPath(import.meta.url));
const src = resolve(here, '../../docs/openapi.yaml');
const out = resolve(here, '../dist/openapi.json');

if (!existsSync(src)) {
  console.error(`openapi-json: ${src} non esiste: impossibile generare dist/openapi.json`);
  process.exit(1);
}
let doc;
try {
  doc = YAML.parse(readFileSync(src, 'utf8'), { prettyErrors: true });
} catch (e) {
  console.error(`openapi-json: ${src} non è YAML valido: ${e.message}`);
  process.exit(1);
}
if (!doc || typeof doc !== 'object' || !doc.openapi || !doc.paths) {
  console.error(`openapi-json: ${src} non è un documento OpenAPI (mancano "openapi" o "paths")`);
  process.exit(1);
}
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
console.log(`openapi-json: scritto ${out} (${Object.keys(doc.paths).length} percorsi)`);
