// Euro amounts as integer cents, exactly: Italian formatting and parsing done on digit strings, never on floats.

const MAX_SAFE = String(Number.MAX_SAFE_INTEGER);

/** Groups the digits of a non-negative integer string by thousands with dots: "1234567" -> "1.234.567". */
function groupThousands(digits: string): string {
  let out = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) out += '.';
    out += digits[i];
  }
  return out;
}

/** Splits cents into [sign, euro digits, two cent digits] without any division on floats. */
function splitCents(cents: number): [string, string, string] {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`importo non intero in centesimi: ${cents}`);
  const neg = cents < 0;
  const digits = String(Math.abs(cents)).padStart(3, '0');
  return [neg ? '-' : '', digits.slice(0, -2), digits.slice(-2)];
}

/** 3000000 -> "30.000,00 €" (non-breaking space before the euro sign); null -> the fallback. */
export function formatEuro(cents: number | null | undefined, fallback = '–'): string {
  if (cents === null || cents === undefined) return fallback;
  const [sign, euro, dec] = splitCents(cents);
  return `${sign}${groupThousands(euro)},${dec}\u00a0€`;
}

/** 3000000 -> "30000,00": the CSV form (decimal comma, no thousands separator, no symbol). */
export function formatEuroPlain(cents: number): string {
  const [sign, euro, dec] = splitCents(cents);
  return `${sign}${euro},${dec}`;
}

/** 3000000 -> "30.000,00": the form the calculator puts back in an input. */
export function formatEuroInput(cents: number): string {
  const [sign, euro, dec] = splitCents(cents);
  return `${sign}${groupThousands(euro)},${dec}`;
}

export type ParsedEuro = { ok: true; cents: number } | { ok: false; reason: string };

/**
 * Parses an amount in euro typed by a person into integer cents, with string arithmetic only.
 * Accepts the Italian form ("1.234,56", "1234,56", "30.000") and the plain form ("1234.56"),
 * an optional "€" and spaces, an optional leading minus (the server decides whether it is allowed).
 * A dot followed by exactly three digits is a thousands separator ("1.234" is 1234 euro).
 * More than two decimals are refused, never rounded.
 */
export function parseEuro(input: string): ParsedEuro {
  let s = input.replace(/[\s\u00a0\u202f€]/g, '');
  if (s === '') return { ok: false, reason: 'importo mancante' };
  let sign = '';
  if (s.startsWith('-') || s.startsWith('−')) {
    sign = '-';
    s = s.slice(1);
  } else if (s.startsWith('+')) {
    s = s.slice(1);
  }
  let intPart: string;
  let decPart = '';
  if (s.includes(',')) {
    const parts = s.split(',');
    if (parts.length !== 2) return { ok: false, reason: 'più di una virgola' };
    [intPart, decPart] = parts;
    if (!/^(\d+|\d{1,3}(\.\d{3})+)$/.test(intPart)) return { ok: false, reason: 'parte intera non valida' };
    intPart = intPart.replace(/\./g, '');
  } else if (/^\d{1,3}(\.\d{3})+$/.test(s)) {
    intPart = s.replace(/\./g, '');
  } else if (/^\d+\.\d{1,2}$/.test(s)) {
    [intPart, decPart] = s.split('.');
  } else if (/^\d+$/.test(s)) {
    intPart = s;
  } else {
    return { ok: false, reason: 'non è un importo in euro' };
  }
  if (!/^\d*$/.test(decPart)) return { ok: false, reason: 'decimali non validi' };
  if (decPart.length > 2) return { ok: false, reason: 'al massimo due decimali (i centesimi)' };
  let digits = (intPart + decPart.padEnd(2, '0')).replace(/^0+(?=\d)/, '');
  if (digits === '') digits = '0';
  if (digits.length > MAX_SAFE.length || (digits.length === MAX_SAFE.length && digits > MAX_SAFE)) {
    return { ok: false, reason: 'importo troppo grande' };
  }
  const cents = Number(digits);
  return { ok: true, cents: sign && cents !== 0 ? -cents : cents };
}
