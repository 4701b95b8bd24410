import { binomialStandardError, standardNormal } from "./binomial.js";
import { percentileInterval, type Interval } from "./quantile.js";
import { seededRandom } from "./seeded-random.js";

export type { Interval } from "./quantile.js";

/**
 * A score known only as a number (0–1): exact, or with its sampling error, given directly or as
 * the item count it was measured over (binomial).
 */
export interface ScoreWithError {
  score: number;
  standardError?: number;
  items?: number;
}

/** One benchmark's inputs to the ratio bootstrap. Scores are fractions (0–1). */
export interface RatioInput {
  /** The team's item outcomes (1 right, 0 wrong), resampled; or a self-reported score without items. */
  team: { outcomes: ArrayLike<number> } | { fixed: number; standardError?: number; items?: number };
  /**
   * The reference: a published score (with its sampling error when known, else exact), or the
   * reference model's outcomes on the same items, index for index with the team's (paired).
   */
  reference: ScoreWithError | { pairedOutcomes: ArrayLike<number> };
}

export interface RatioBootstrapOptions {
  replicates?: number;
  seed?: number;
  /** Interval level; 0.95 by default. */
  level?: number;
  /** Weights of the benchmarks in the overall aggregates (a stage profile's); equal by default. */
  weights?: readonly number[];
}

export interface RatioBootstrapResult {
  team: Interval[];
  reference: Interval[];
  ratio: Interval[];
  /** Σ w·team / Σ w·reference over the benchmarks. */
  ratioOfAverages: Interval;
  /** Σ w·(team / reference) / Σ w. */
  meanOfRatios: Interval;
}

function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < values.length; index++) sum += values[index]!;
  return values.length === 0 ? 0 : sum / values.length;
}

function standardErrorOf(value: { score: number; standardError?: number; items?: number }): number {
  if (value.standardError !== undefined) return value.standardError;
  return value.items ? binomialStandardError(value.score, value.items) : 0;
}

const divide = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);

/**
 * Seeded bootstrap of team/reference ratios. Each replicate resamples the team's items with
 * replacement; a published reference with a sampling error is redrawn from its normal
 * approximation; a paired reference is resampled on the same item indices as the team, so the
 * difficulty the two share cancels; a self-reported team score is redrawn like a published one
 * when its error is known and held fixed otherwise. The same replicates give the per-benchmark and
 * the overall intervals, so the overall interval accounts for every benchmark's uncertainty at once.
 * Pure: the same inputs and seed give the same result on every machine.
 */
export function ratioBootstrap(inputs: readonly RatioInput[], options: RatioBootstrapOptions = {}): RatioBootstrapResult {
  const weights = options.weights ?? inputs.map(() => 1);
  if (weights.length !== inputs.length) throw new RangeError("one weight per input");
  const weightTotal = weights.reduce((a, b) => a + b, 0);
  const replicates = options.replicates ?? 2000;
  const level = options.level ?? 0.95;
  const random = seededRandom(options.seed ?? 0);
  for (const input of inputs) {
    if (
      "pairedOutcomes" in input.reference &&
      (!("outcomes" in input.team) || input.team.outcomes.length !== input.reference.pairedOutcomes.length)
    ) {
      throw new RangeError("a paired reference needs the team's outcomes on the same items");
    }
  }

  const teamEstimates = inputs.map((input) => ("outcomes" in input.team ? mean(input.team.outcomes) : input.team.fixed));
  const referenceEstimates = inputs.map((input) =>
    "pairedOutcomes" in input.reference ? mean(input.reference.pairedOutcomes) : input.reference.score,
  );
  const teamErrors = inputs.map((input) => ("outcomes" in input.team ? 0 : standardErrorOf({ score: input.team.fixed, ...input.team })));
  const referenceErrors = inputs.map((input) => ("pairedOutcomes" in input.reference ? 0 : standardErrorOf(input.reference)));

  const teamDraws = inputs.map(() => new Float64Array(replicates));
  const referenceDraws = inputs.map(() => new Float64Array(replicates));
  const ratioDraws = inputs.map(() => new Float64Array(replicates));
  const overallRatio = new Float64Array(replicates);
  const overallMean = new Float64Array(replicates);

  for (let replicate = 0; replicate < replicates; replicate++) {
    let teamSum = 0;
    let referenceSum = 0;
    let ratioSum = 0;
    inputs.forEach((input, index) => {
      let team = teamEstimates[index]!;
      let reference = referenceEstimates[index]!;
      if ("outcomes" in input.team) {
        const outcomes = input.team.outcomes;
        const paired = "pairedOutcomes" in input.reference ? input.reference.pairedOutcomes : undefined;
        const n = outcomes.length;
        let teamHits = 0;
        let referenceHits = 0;
        for (let draw = 0; draw < n; draw++) {
          const pick = Math.floor(random() * n);
          teamHits += outcomes[pick]!;
          if (paired) referenceHits += paired[pick]!;
        }
        team = n === 0 ? 0 : teamHits / n;
        if (paired) reference = n === 0 ? 0 : referenceHits / n;
      } else if (teamErrors[index]! > 0) {
        team += standardNormal(random) * teamErrors[index]!;
      }
      if (referenceErrors[index]! > 0) reference += standardNormal(random) * referenceErrors[index]!;
      const ratio = divide(team, reference);
      teamDraws[index]![replicate] = team;
      referenceDraws[index]![replicate] = reference;
      ratioDraws[index]![replicate] = ratio;
      teamSum += weights[index]! * team;
      referenceSum += weights[index]! * reference;
      ratioSum += weights[index]! * ratio;
    });
    overallRatio[replicate] = divide(teamSum, referenceSum);
    overallMean[replicate] = weightTotal > 0 ? ratioSum / weightTotal : 0;
  }

  const ratioEstimates = inputs.map((_, index) => divide(teamEstimates[index]!, referenceEstimates[index]!));
  const weighted = (values: number[]) => values.reduce((sum, value, index) => sum + weights[index]! * value, 0);
  return {
    team: inputs.map((_, index) => percentileInterval(teamEstimates[index]!, teamDraws[index]!, level)),
    reference: inputs.map((_, index) => percentileInterval(referenceEstimates[index]!, referenceDraws[index]!, level)),
    ratio: inputs.map((_, index) => percentileInterval(ratioEstimates[index]!, ratioDraws[index]!, level)),
    ratioOfAverages: percentileInterval(divide(weighted(teamEstimates), weighted(referenceEstimates)), overallRatio, level),
    meanOfRatios: percentileInterval(weightTotal > 0 ? weighted(ratioEstimates) / weightTotal : 0, overallMean, level),
  };
}
