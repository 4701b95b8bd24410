import { seededRandom } from "./seeded-random.js";

/** One benchmark's inputs to the ratio bootstrap. Scores are fractions (0–1). */
export interface RatioInput {
  /** The team's item outcomes (1 right, 0 wrong), or a fixed self-reported score without items. */
  team: { outcomes: Uint8Array } | { fixed: number };
  /**
   * The reference: a published score with its item count (binomial sampling error), one without
   * (treated as exact), or the reference model's outcomes on the same items (paired with the team's).
   */
  reference: { score: number; items?: number } | { pairedOutcomes: Uint8Array };
}

export interface Interval {
  estimate: number;
  low: number;
  high: number;
}

export interface RatioBootstrapResult {
  team: Interval[];
  reference: Interval[];
  ratio: Interval[];
  /** Σ team / Σ reference over the benchmarks. */
  ratioOfAverages: Interval;
  /** Mean over the benchmarks of team / reference. */
  meanOfRatios: Interval;
}

function mean(values: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += values[index]!;
  return values.length === 0 ? 0 : sum / values.length;
}

function percentileInterval(estimate: number, draws: Float64Array, level: number): Interval {
  const sorted = Array.from(draws).sort((a, b) => a - b);
  const pick = (fraction: number) => {
    const position = (sorted.length - 1) * fraction;
    const low = Math.floor(position);
    return sorted[low]! + (sorted[Math.ceil(position)]! - sorted[low]!) * (position - low);
  };
  return { estimate, low: pick((1 - level) / 2), high: pick(1 - (1 - level) / 2) };
}

/** A standard normal draw (Box–Muller) from a uniform source. */
function normal(random: () => number): number {
  const u = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/**
 * Seeded bootstrap of team/reference ratios. Each replicate resamples the team's items; a
 * published reference with a known item count is redrawn from its binomial sampling error
 * (normal approximation); a paired reference is resampled on the same item indices as the team,
 * so item difficulty cancels. The same replicates give the per-benchmark and overall intervals;
 * `weights` (a stage profile's) weight the overall aggregates.
 */
export function ratioBootstrap(inputs: readonly RatioInput[], options: { replicates?: number; seed?: number; level?: number; weights?: readonly number[] } = {}): RatioBootstrapResult {
  const weights = options.weights ?? inputs.map(() => 1);
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  const replicates = options.replicates ?? 2000;
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed ?? 0);
  const k = inputs.length;
  const teamDraws = inputs.map(() => new Float64Array(replicates));
  const referenceDraws = inputs.map(() => new Float64Array(replicates));
  const ratioDraws = inputs.map(() => new Float64Array(replicates));
  const overallRatio = new Float64Array(replicates);
  const overallMean = new Float64Array(replicates);
  const teamEstimates = inputs.map((input) => ("fixed" in input.team ? input.team.fixed : mean(input.team.outcomes)));
  const referenceEstimates = inputs.map((input) => ("pairedOutcomes" in input.reference ? mean(input.reference.pairedOutcomes) : input.reference.score));

  for (let replicate = 0; replicate < replicates; replicate++) {
    let teamSum = 0;
    let referenceSum = 0;
    let ratioSum = 0;
    for (let index = 0; index < k; index++) {
      const input = inputs[index]!;
      let team: number;
      let reference: number;
      if ("fixed" in input.team) {
        team = input.team.fixed;
        reference = "pairedOutcomes" in input.reference ? referenceEstimates[index]! : input.reference.score;
      } else {
        const outcomes = input.team.outcomes;
        const n = outcomes.length;
        const paired = "pairedOutcomes" in input.reference ? input.reference.pairedOutcomes : undefined;
        let teamHits = 0;
        let referenceHits = 0;
        for (let draw = 0; draw < n; draw++) {
          const pick = Math.floor(random() * n);
          teamHits += outcomes[pick]!;
          if (paired) referenceHits += paired[pick]!;
        }
        team = n === 0 ? 0 : teamHits / n;
        if (paired) reference = n === 0 ? 0 : referenceHits / n;
        else {
          const published = input.reference as { score: number; items?: number };
          reference = published.items ? published.score + normal(random) * Math.sqrt((published.score * (1 - published.score)) / published.items) : published.score;
        }
      }
      // A self-reported team score has no items to resample, but the reference's own sampling error still counts.
      if ("fixed" in input.team && !("pairedOutcomes" in input.reference) && input.reference.items) {
        reference = input.reference.score + normal(random) * Math.sqrt((input.reference.score * (1 - input.reference.score)) / input.reference.items);
      }
      teamDraws[index]![replicate] = team;
      referenceDraws[index]![replicate] = reference;
      const ratio = reference > 0 ? team / reference : Number.POSITIVE_INFINITY;
      ratioDraws[index]![replicate] = ratio;
      teamSum += weights[index]! * team;
      referenceSum += weights[index]! * reference;
      ratioSum += weights[index]! * ratio;
    }
    overallRatio[replicate] = referenceSum > 0 ? teamSum / referenceSum : Number.POSITIVE_INFINITY;
    overallMean[replicate] = weightTotal > 0 ? ratioSum / weightTotal : 0;
  }
  const ratioEstimates = inputs.map((_, index) => (referenceEstimates[index]! > 0 ? teamEstimates[index]! / referenceEstimates[index]! : Number.POSITIVE_INFINITY));
  const teamTotal = teamEstimates.reduce((sum, value, index) => sum + weights[index]! * value, 0);
  const referenceTotal = referenceEstimates.reduce((sum, value, index) => sum + weights[index]! * value, 0);
  return {
    team: inputs.map((_, index) => percentileInterval(teamEstimates[index]!, teamDraws[index]!, level)),
    reference: inputs.map((_, index) => percentileInterval(referenceEstimates[index]!, referenceDraws[index]!, level)),
    ratio: inputs.map((_, index) => percentileInterval(ratioEstimates[index]!, ratioDraws[index]!, level)),
    ratioOfAverages: percentileInterval(referenceTotal > 0 ? teamTotal / referenceTotal : 0, overallRatio, level),
    meanOfRatios: percentileInterval(weightTotal > 0 ? ratioEstimates.reduce((sum, value, index) => sum + weights[index]! * value, 0) / weightTotal : 0, overallMean, level),
  };
}
