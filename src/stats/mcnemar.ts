/** ln Γ(x) by the Lanczos approximation (g = 7), accurate to ~1e-13 for x > 0. */
function logGamma(x: number): number {
  const coefficients = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
    -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = coefficients[0]!;
  for (let index = 1; index < 9; index++) sum += coefficients[index]! / (z + index);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

function logBinomialProbability(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) - n * Math.LN2;
}

export interface McNemarResult {
  /** Items right in A and wrong in B. */
  onlyA: number;
  /** Items wrong in A and right in B. */
  onlyB: number;
  /** Two-sided exact p-value (binomial on the discordant pairs). */
  pValue: number;
}

/**
 * McNemar's exact test for paired right/wrong outcomes: under "no difference", each discordant
 * item is equally likely to favour either run, so min(b, c) ~ Binomial(b + c, 1/2). Exact at
 * every size (summed in log space), so no continuity-correction caveats at small counts.
 */
export function mcnemar(onlyA: number, onlyB: number): McNemarResult {
  const n = onlyA + onlyB;
  if (n === 0) return { onlyA, onlyB, pValue: 1 };
  const low = Math.min(onlyA, onlyB);
  let tail = 0;
  for (let k = 0; k <= low; k++) tail += Math.exp(logBinomialProbability(n, k));
  return { onlyA, onlyB, pValue: Math.min(1, 2 * tail) };
}
