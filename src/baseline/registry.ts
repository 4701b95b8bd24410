import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import { z } from "zod";
import { KfmError, SuiteError } from "../spec/errors.js";
import { lineOf, parseWithSchema, parseYamlSource, toPlain } from "../yaml/yaml-source.js";

/** kfm's own registry: `<package>/baselines`, two levels above src/baseline and dist/baseline. */
export const builtInBaselinesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "baselines");

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

export const baselineSettingSchema = z
  .object({
    shots: z.int().min(0).optional(),
    reasoning: z.enum(["none", "allowed", "required"]).optional(),
    prompt: z.string().optional(),
    /** The setting as the source describes it. */
    note: z.string().optional(),
  })
  .strict();

export const baselineEntrySchema = z
  .object({
    model: z.string().min(1),
    vendor: z.string().min(1),
    /** Global models set the bar; the teams' own Korean models do not. */
    global: z.boolean(),
    release_date: isoDate,
    release_date_uncertain: z.boolean().optional(),
    release_source: z.string().min(1),
    benchmark: z.string().min(1),
    /** 0–100. */
    score: z.number().min(0).max(100),
    /** The number as the source printed it, when kfm rescaled it to 0–100 (e.g. a 0–1 accuracy). */
    score_as_published: z.number().optional(),
    setting: baselineSettingSchema.default({}),
    /** The benchmark's item count, when known: it gives a published score its binomial sampling error. */
    items: z.int().min(1).optional(),
    citation: z.string().min(1),
    measured_by: z.union([z.literal("published"), z.object({ run: z.string().min(1), suite_hash: z.string().regex(/^sha256:[0-9a-f]{64}$/) }).strict()]),
  })
  .strict();

export type BaselineEntry = z.infer<typeof baselineEntrySchema> & { source: { file: string; line?: number } };
export type BaselineSetting = z.infer<typeof baselineSettingSchema>;

/**
 * The identity of an entry: one score per model, benchmark and setting. The setting is the structured
 * part (shots, reasoning, prompt) plus the source's own description (`note`), which names who ran the
 * comparison: two sources that describe their setting differently are two settings, both kept.
 */
function identity(entry: BaselineEntry): string {
  const { shots, reasoning, prompt, note } = entry.setting;
  return JSON.stringify([entry.model, entry.benchmark, shots ?? null, reasoning ?? null, prompt ?? null, note ?? ""]);
}

function where(entry: BaselineEntry): string {
  return `${basename(entry.source.file)}:${entry.source.line ?? "?"}`;
}

/** What a model is does not depend on the benchmark: one vendor, one release date, one global flag. */
function modelConflict(entry: BaselineEntry, earlier: BaselineEntry): string | undefined {
  for (const field of ["vendor", "release_date", "global"] as const) {
    if (entry[field] !== earlier[field]) return `conflicting ${field} for ${entry.model}: ${String(entry[field])} here, ${String(earlier[field])} at ${where(earlier)}`;
  }
  return undefined;
}

/** Reads every YAML file in the folder; duplicates and conflicts are errors naming file and line. */
export async function loadRegistry(dir: string = builtInBaselinesDir): Promise<BaselineEntry[]> {
  const files = (await glob(["*.yaml", "*.yml"], { cwd: dir, absolute: true })).sort();
  if (files.length === 0) throw new KfmError("config", `no baseline files (*.yaml) in ${dir}`, { hint: "Pass --baselines <dir> with the registry." });
  const entries: BaselineEntry[] = [];
  const seen = new Map<string, BaselineEntry>();
  const models = new Map<string, BaselineEntry>();
  for (const file of files) {
    const source = parseYamlSource(file, await readFile(file, "utf8"), "config");
    // An empty file (e.g. a measured.yaml with nothing imported yet) holds no entries.
    if (toPlain(source, "config") == null) continue;
    const list = parseWithSchema(source, z.array(baselineEntrySchema), "config", "See baselines/README.md for the entry format.");
    list.forEach((raw, index) => {
      const line = lineOf(source, [index]);
      const entry: BaselineEntry = { ...raw, source: { file, ...(line !== undefined ? { line } : {}) } };
      const fail = (message: string, hint: string) => {
        throw new SuiteError({ file, ...(line !== undefined ? { line } : {}), path: `[${index}]` }, message, { code: "config", hint });
      };
      const earlier = seen.get(identity(entry));
      if (earlier) {
        fail(
          earlier.score === entry.score && earlier.release_date === entry.release_date
            ? `duplicate entry for ${entry.model} on ${entry.benchmark} (same setting) already at ${where(earlier)}`
            : `conflicting entry for ${entry.model} on ${entry.benchmark} (same setting): score ${entry.score} / released ${entry.release_date} here, ${earlier.score} / ${earlier.release_date} at ${where(earlier)}`,
          "Keep one entry per (model, benchmark, setting); a score measured another way differs in setting (shots, reasoning, prompt or note).",
        );
      }
      const sameModel = models.get(entry.model);
      const conflict = sameModel && modelConflict(entry, sameModel);
      if (conflict) fail(conflict, "A model has one vendor, release date and global flag across the registry; fix the one that is wrong.");
      seen.set(identity(entry), entry);
      if (!sameModel) models.set(entry.model, entry);
      entries.push(entry);
    });
  }
  return entries;
}
