import { accuracyError, clusterMeans, type ScoreError } from "./score-error.js";

/** One graded sample of an item answered k times. */
export interface SampleRecord {
  /** The item the sample belongs to (all its samples share it). */
  item: string;
  correct: boolean;
  /** The answer read from the reply; absent when none was (no-answer). */
  answer?: string;
}

/**
 * The unbiased pass@k estimator of the Codex paper (Chen et al. 2021, §2.1) for an item with n
 * samples of which c are correct: 1 − C(n − c, k)/C(n, k), in the paper's numerically stable
 * product form 1 − Π_{i = n − c + 1}^{n} (1 − k/i). With fewer than k samples (some errored),
 * k is taken as n: the chance that any of the n samples is right.
 */
export function passAtK(n: number, c: number, k: number): number {
  if (n <= 0) throw new RangeError(`an item needs at least one sample, got ${n}`);
  const draws = Math.min(k, n);
  if (n - c < draws) return 1;
  let miss = 1;
  for (let i = n - c + 1; i <= n; i++) miss *= 1 - draws / i;
  return 1 - miss;
}

/**
 * The answer most samples gave; a tie goes to the answer given first (the lowest sample number
 * among the tied), so the vote is reproducible. Samples without an answer do not vote; undefined
 * when none has one.
 */
export function majorityAnswer(answers: ReadonlyArray<string | undefined>): string | undefined {
  const votes = new Map<string, number>();
  for (const answer of answers) if (answer !== undefined) votes.set(answer, (votes.get(answer) ?? 0) + 1);
  let best: string | undefined;
  let bestVotes = 0;
  // Map keeps first-insertion order, so a later answer wins only with strictly more votes.
  for (const [answer, count] of votes) {
    if (count > bestVotes) {
      best = answer;
      bestVotes = count;
    }
  }
  return best;
}

export interface RepeatedSummary {
  /** Samples asked per item. */
  k: number;
  /** Items with at least one graded sample, and the graded samples. */
  items: number;
  samples: number;
  /** avg@k: the mean over items of each item's fraction of correct samples, with its error clustered by item. */
  avgAtK: number;
  avgAtKError?: ScoreError;
  /** pass@k (unbiased estimator), averaged over items. */
  passAtK: number;
  /**
   * maj@k: the fraction of items whose majority answer (ties to the first-given answer) is right;
   * an item where no sample gave an answer counts as wrong.
   */
  majority: number;
}

/**
 * avg@k, pass@k and majority-vote accuracy of items sampled k times, from per-sample records in
 * sample order. Undefined when no sample was graded.
 */
export function summarizeRepeats(samples: Iterable<SampleRecord>, k: number): RepeatedSummary | undefined {
  const byItem = new Map<string, SampleRecord[]>();
  let count = 0;
  for (const sample of samples) {
    let list = byItem.get(sample.item);
    if (!list) byItem.set(sample.item, (list = []));
    list.push(sample);
    count++;
  }
  if (byItem.size === 0) return undefined;
  let pass = 0;
  let majority = 0;
  for (const list of byItem.values()) {
    const correct = list.filter((sample) => sample.correct).length;
    pass += passAtK(list.length, correct, k);
    const voted = majorityAnswer(list.map((sample) => sample.answer));
    // The majority answer is right when a sample that gave it was scored right.
    if (voted !== undefined && list.some((sample) => sample.answer === voted && sample.correct)) majority++;
  }
  const perItem = clusterMeans(
    [...byItem.values()].flatMap((list) => list.map((sample) => ({ cluster: sample.item, value: +sample.correct }))),
  );
  const avgAtK = perItem.reduce((sum, value) => sum + value, 0) / perItem.length;
  const error = accuracyError(perItem);
  return {
    k,
    items: byItem.size,
    samples: count,
    avgAtK,
    ...(error ? { avgAtKError: error } : {}),
    passAtK: pass / byItem.size,
    majority: majority / byItem.size,
  };
}
