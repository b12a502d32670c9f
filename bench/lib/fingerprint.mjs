// The result fingerprint of check.sql: five rows of integers, the same from every engine.
// Values are kept as decimal strings so that 64-bit sums compare exactly.

export const kTables = ['ind_comune', 'ind_ambito', 'ind_regione', 'cv_ambito', 'rank_comune'];
export const kColumns = {
  ind_comune: ['count', 'spend', 'n_benef', 'coverage', 'share_assoc', 'mean_amount'],
  ind_ambito: ['count', 'spend', 'n_benef', 'coverage', 'share_assoc', 'mean_amount'],
  ind_regione: ['count', 'spend', 'n_benef', 'coverage', 'share_assoc', 'mean_amount'],
  cv_ambito: ['count', 'count_cv', 'sum_cv_x1000', 'sum_mean'],
  rank_comune: ['count', 'sum_rank', 'sum_year_rank1', 'sum_spend_pc'],
};

/** Normalises rows like [["ind_comune", 123, "456", null], ...] to {table: [string|null]}. */
export function normalise(rows) {
  const out = {};
  for (const row of rows) {
    const [name, ...values] = row;
    out[String(name)] = values.map((v) => (v === null || v === undefined || v === '' ? null : String(v)));
  }
  return out;
}

/** Parses the sqlite3 CLI's CSV output of check.sql (one line per SELECT). */
export function parseCsvLines(text) {
  // The shell ends CSV lines with CRLF (RFC 4180).
  return text
    .trim()
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => l.replace(/\r$/, '').split(',').map((f) => f.replace(/^"|"$/g, '')));
}

/** Differences between an engine's fingerprint and the reference: [{table, column, expected, actual}]. */
export function compare(reference, actual) {
  const diffs = [];
  for (const table of kTables) {
    const want = reference[table] ?? [];
    const got = actual[table] ?? [];
    kColumns[table].forEach((column, i) => {
      if ((want[i] ?? null) !== (got[i] ?? null)) {
        diffs.push({ table, column, expected: want[i] ?? 'missing', actual: got[i] ?? 'missing' });
      }
    });
  }
  return diffs;
}
