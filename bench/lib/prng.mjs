// Deterministic pseudo-random numbers for the data generator: the same seed gives the same files
// on every machine and Node version (Math.random cannot be seeded).

/** mulberry32: a 32-bit state generator, fast and good enough for synthetic data. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A bijective 32-bit mix (the murmur3 finaliser): distinct inputs give distinct outputs. */
export function mix32(x) {
  x >>>= 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b) >>> 0;
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35) >>> 0;
  return (x ^ (x >>> 16)) >>> 0;
}

/** Derives an independent stream seed for one part of the data from the run seed. */
export function streamSeed(seed, name) {
  let h = mix32(seed);
  for (const ch of name) h = mix32(h ^ ch.charCodeAt(0));
  return h;
}

/** Picks an index from cumulative weights (ascending, last = total). */
export function pickWeighted(cumulative, u) {
  const x = u * cumulative[cumulative.length - 1];
  let i = 0;
  while (i < cumulative.length - 1 && x >= cumulative[i]) i++;
  return i;
}

export function cumulate(weights) {
  let s = 0;
  return weights.map((w) => (s += w));
}
