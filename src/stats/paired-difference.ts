import { quantile } from "./quantile.js";
import { seededRandom } from "./seeded-random.js";

export interface PairedDifference {
  /** Shared items compared. */
  n: number;
  accuracyA: number;
  accuracyB: number;
  /** accuracyB − accuracyA, as a fraction. */
  difference: number;
  /** Percentile interval of the difference (at `level`, 0.95 by default) from a paired bootstrap over items. */
  interval: [number, number];
}

/**
 * Paired bootstrap of the accuracy difference: resample items (not runs), keeping each item's
 * pair of outcomes together, so the shared difficulty of an item cancels out. `a[i]` and `b[i]`
 * are 1 when run A / run B got item i right.
 */
export function pairedDifference(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  options: { replicates?: number; seed?: number; level?: number } = {},
): PairedDifference {
  const n = a.length;
  if (b.length !== n) throw new Error("paired outcomes must have the same length");
  const replicates = options.replicates ?? 2000;
  let sumA = 0;
  let sumB = 0;
  // Graded credit (a judge's 0.55) differs by fractions: an integer array would truncate them to 0.
  const delta = new Float64Array(n);
  for (let index = 0; index < n; index++) {
    sumA += a[index]!;
    sumB += b[index]!;
    delta[index] = b[index]! - a[index]!;
  }
  if (n === 0) return { n, accuracyA: 0, accuracyB: 0, difference: 0, interval: [0, 0] };
  const random = seededRandom(options.seed ?? 0);
  const differences = new Float64Array(replicates);
  for (let replicate = 0; replicate < replicates; replicate++) {
    let total = 0;
    for (let draw = 0; draw < n; draw++) total += delta[Math.floor(random() * n)]!;
    differences[replicate] = total / n;
  }
  const sorted = Array.from(differences).sort((x, y) => x - y);
  const tail = (1 - (options.level ?? 0.95)) / 2;
  return {
    n,
    accuracyA: sumA / n,
    accuracyB: sumB / n,
    difference: (sumB - sumA) / n,
    interval: [quantile(sorted, tail), quantile(sorted, 1 - tail)],
  };
}
