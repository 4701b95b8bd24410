import type { Stage } from "../baseline/stage.js";
import type { BenchmarkVerdict, StageResult } from "../spec/verdict.js";
import type { TeamInput } from "./team-input.js";

export interface ScorecardInput {
  benchmarks: Array<{ benchmark: string; weight: number; ratio?: number }>;
  points: { benchmarks: number; expert: number; user: number };
  /** Panel scores, 0–100, supplied from outside kfm. */
  expert?: number;
  user?: number;
}

export interface Scorecard {
  benchmarkPoints: number;
  expertPoints?: number;
  userPoints?: number;
  total: number;
  maximum: number;
  missing: string[];
}

/** Benchmark points are the weighted mean of min(1, ratio) times their share; panel scores scale to theirs. */
export function scorecard(input: ScorecardInput): Scorecard {
  const totalWeight = input.benchmarks.reduce((sum, row) => sum + row.weight, 0);
  const earned = input.benchmarks.reduce((sum, row) => sum + row.weight * Math.min(1, row.ratio ?? 0), 0);
  const benchmarkPoints = totalWeight > 0 ? (input.points.benchmarks * earned) / totalWeight : 0;
  const result: Scorecard = {
    benchmarkPoints,
    total: benchmarkPoints,
    maximum: input.points.benchmarks + input.points.expert + input.points.user,
    missing: input.benchmarks.filter((row) => row.ratio === undefined).map((row) => row.benchmark),
  };
  if (input.expert !== undefined) {
    result.expertPoints = (input.points.expert * input.expert) / 100;
    result.total += result.expertPoints;
  }
  if (input.user !== undefined) {
    result.userPoints = (input.points.user * input.user) / 100;
    result.total += result.userPoints;
  }
  return result;
}

/** A stage review's part of the verdict: what is missing or left out, and the scorecard. */
export function stageResult(
  stage: Stage,
  teams: readonly TeamInput[],
  ignored: string[],
  benchmarks: readonly BenchmarkVerdict[],
  panel: { expert?: number; user?: number },
): StageResult {
  const result: StageResult = {
    id: stage.id,
    title: stage.title,
    file: stage.file,
    missing: stage.benchmarks
      .filter((row) => !teams.some((team) => team.benchmark === row.benchmark || team.benchmark === row.subset?.benchmark))
      .map((row) => row.benchmark),
    ignored,
  };
  if (!stage.scorecard) return result;
  const card = scorecard({
    benchmarks: stage.benchmarks.map((row) => {
      // The row's own benchmark, or the subset standing in for it (its verdict row carries the stage-subset note).
      const ratio = (
        benchmarks.find((candidate) => candidate.benchmark === row.benchmark) ??
        benchmarks.find((candidate) => row.subset !== undefined && candidate.benchmark === row.subset.benchmark)
      )?.ratio?.estimate;
      return { benchmark: row.benchmark, weight: row.weight, ...(ratio !== undefined ? { ratio } : {}) };
    }),
    points: stage.scorecard,
    ...panel,
  });
  result.scorecard = {
    benchmarkPoints: card.benchmarkPoints,
    ...(card.expertPoints !== undefined ? { expertPoints: card.expertPoints } : {}),
    ...(card.userPoints !== undefined ? { userPoints: card.userPoints } : {}),
    total: card.total,
    maximum: card.maximum,
    points: stage.scorecard,
    panelsMissing: (["expert", "user"] as const).filter((name) => stage.scorecard![name] > 0 && panel[name] === undefined),
  };
  return result;
}
