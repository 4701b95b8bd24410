/**
 * A uniform number in [0, 1) from a seed and a key: the same inputs give the same number on
 * every machine and in every request order, which is what makes the simulated model's accuracy
 * exact and its faults replayable.
 */
export function uniform(seed: number, key: string): number {
  let h1 = 0x9e3779b9 ^ seed;
  let h2 = 0x85ebca6b ^ Math.imul(seed, 0x27d4eb2d);
  for (let index = 0; index < key.length; index++) {
    const code = key.charCodeAt(index);
    h1 = Math.imul(h1 ^ code, 0x01000193);
    h2 = Math.imul(h2 ^ code, 0x5bd1e995);
  }
  h1 ^= h2 >>> 13;
  h1 = Math.imul(h1, 0xc2b2ae35);
  h1 ^= h1 >>> 16;
  return (h1 >>> 0) / 0x1_0000_0000;
}

export function pick<T>(items: readonly T[], value: number): T {
  return items[Math.min(items.length - 1, Math.floor(value * items.length))]!;
}
