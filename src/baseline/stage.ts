import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import * as z from "zod";
import { KfmError } from "../spec/errors.js";
import { parseWithSchema, parseYamlSource } from "../yaml/yaml-source.js";

/** kfm's own stage profiles: `<package>/stages`. */
export const builtInStagesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "stages");

export const stageSchema = z
  .object({
    kfm: z.literal("stage/v1"),
    id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/),
    title: z.string().min(1),
    as_of: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    window: z.string().default("6mo"),
    reference: z.string().default("best"),
    threshold: z.number().gt(0).max(2).default(0.95),
    decide_by: z.enum(["ratio-of-averages", "mean-of-ratios"]).default("ratio-of-averages"),
    /** The global vendors the stage counts (default: every vendor in the registry): their models set the bar, their releases must be scored. */
    vendors: z.array(z.string().min(1)).min(1).optional(),
    benchmarks: z
      .array(
        z
          .object({
            benchmark: z.string().min(1),
            weight: z.number().gt(0).default(1),
            /**
             * A subset kfm measures in the benchmark's place (HLE's text-only questions), said out loud: a run of it
             * fills this row, compared with the subset's own published scores, and the verdict notes the substitution.
             */
            subset: z
              .object({ benchmark: z.string().min(1), why: z.string().min(1) })
              .strict()
              .optional(),
          })
          .strict(),
      )
      .min(1),
    scorecard: z
      .object({ benchmarks: z.number().min(0), expert: z.number().min(0).default(0), user: z.number().min(0).default(0) })
      .strict()
      .optional(),
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
