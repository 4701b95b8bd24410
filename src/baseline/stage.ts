import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import { z } from "zod";
import { KfmError } from "../spec/errors.js";
import { parseWithSchema, parseYamlSource } from "../yaml/yaml-source.js";

/** kfm's own stage profiles: `<package>/stages`. */
export const builtInStagesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "stages");

export const stageSchema = z
  .object({
    kfm: z.literal("stage/v1"),
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    title: z.string().min(1),
    as_of: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).optional(),
    window: z.string().default("6mo"),
    reference: z.string().default("best"),
    threshold: z.number().gt(0).max(2).default(0.95),
    decide_by: z.enum(["ratio-of-averages", "mean-of-ratios"]).default("ratio-of-averages"),
    benchmarks: z.array(z.object({ benchmark: z.string().min(1), weight: z.number().gt(0).default(1) }).strict()).min(1),
    scorecard: z.object({ benchmarks: z.number().min(0), expert: z.number().min(0).default(0), user: z.number().min(0).default(0) }).strict().optional(),
  })
  .strict();

export type Stage = z.infer<typeof stageSchema> & { file: string };

/** A stage review as data: date, benchmark set and weights, rule, threshold, deciding aggregate. */
export async function loadStage(ref: string, dir: string = builtInStagesDir): Promise<Stage> {
  const files = /\.ya?ml$/.test(ref) ? [ref] : (await glob(["*.yaml", "*.yml"], { cwd: dir, absolute: true })).sort();
  const known: string[] = [];
  for (const file of files) {
    const source = parseYamlSource(file, await readFile(file, "utf8"), "config");
    const stage = parseWithSchema(source, stageSchema, "config");
    if (stage.id === ref || files.length === 1) return { ...stage, file };
    known.push(stage.id);
  }
  throw new KfmError("usage", `unknown stage "${ref}"`, { hint: `Known stages: ${known.join(", ")}. Or pass the path of a stage YAML.` });
}

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
