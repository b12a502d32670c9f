// Splits the workload's SQL files into statements, for engines whose API runs one at a time.
import fs from 'node:fs';

/** Statements of a SQL text: '--' comments dropped, split on ';' (the bench SQL has no ';' in strings). */
export function statements(text) {
  return text
    .split('\n')
    .map((line) => line.replace(/--.*$/, ''))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export function readSql(file, replacements = {}) {
  let text = fs.readFileSync(file, 'utf8');
  for (const [key, value] of Object.entries(replacements)) text = text.replaceAll(key, value);
  return text;
}
