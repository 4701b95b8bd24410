/** Standard error of a proportion p measured over n items: sqrt(p(1 − p)/n). */
export function binomialStandardError(p: number, n: number): number {
  if (!(n > 0)) throw new RangeError(`item count must be positive, got ${n}`);
  const clamped = Math.min(1, Math.max(0, p));
  return Math.sqrt((clamped * (1 - clamped)) / n);
}

/** A standard normal draw (Box–Muller) from a uniform source. */
export function standardNormal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}
