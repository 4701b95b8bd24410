import { readFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { glob } from "tinyglobby";
import * as z from "zod";
import { existsSync } from "node:fs";
import { KfmError, SuiteError } from "../spec/errors.js";
import { PROVENANCE, type Provenance } from "../spec/verdict.js";
import { lineOf, parseWithSchema, parseYamlSource, toPlain } from "../yaml/yaml-source.js";
import { BENCHMARKS_FILE, benchmarkNames, loadBenchmarkNames, unknownBenchmark, withNames, type BenchmarkNames } from "./benchmarks.js";
import { CALENDAR_FILE, loadCalendar, type Calendar } from "./calendar.js";

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
    /** The canonical name (benchmarks.yaml); an alias is read as its canonical name. */
    benchmark: z.string().min(1),
    /** The benchmark's name as the source printed it, when kfm mapped it to a canonical name. */
    benchmark_as_published: z.string().optional(),
    /** 0–100. */
    score: z.number().min(0).max(100),
    /** The number as the source printed it, when kfm rescaled it to 0–100 (e.g. a 0–1 accuracy). */
    score_as_published: z.number().optional(),
    setting: baselineSettingSchema.default({}),
    /** The benchmark's item count, when known: it gives a published score its binomial sampling error. */
    items: z.int().min(1).optional(),
    citation: z.string().min(1),
    /** Who ran the comparison the score comes from, when not the model's vendor. */
    reported_by: z.string().optional(),
    /** Where the number was read (see PROVENANCE); unstated: secondary for a published score, measured for a kfm run. */
    provenance: z.enum(PROVENANCE).optional(),
    measured_by: z.union([
      z.literal("published"),
      z.object({ run: z.string().min(1), suite_hash: z.string().regex(/^sha256:[0-9a-f]{64}$/) }).strict(),
    ]),
  })
  .strict();

export type BaselineEntry = z.infer<typeof baselineEntrySchema> & { source: { file: string; line?: number; index?: number } };
export type BaselineSetting = z.infer<typeof baselineSettingSchema>;

/** An entry's provenance, its default filled in: a kfm run is measured, an unstated published score secondary. */
export function provenanceOf(entry: Pick<BaselineEntry, "provenance" | "measured_by">): Provenance {
  return entry.provenance ?? (entry.measured_by === "published" ? "secondary" : "measured");
}

/** Files of the registry folder that hold no entries: the benchmark names and the release calendar. */
const RESERVED = new Set([BENCHMARKS_FILE, CALENDAR_FILE]);

/** A registry folder: its entries, the benchmark names it knows, and its release calendar when it has one. */
export interface Registry {
  dir: string;
  entries: BaselineEntry[];
  names: BenchmarkNames;
  /** Undefined when the folder has no calendar.yaml: the completeness of a reference is then unknown. */
  calendar?: Calendar;
}

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
    if (entry[field] !== earlier[field])
      return `conflicting ${field} for ${entry.model}: ${String(entry[field])} here, ${String(earlier[field])} at ${where(earlier)}`;
  }
  return undefined;
}

/** The entries of a registry folder (see `loadRegistryFolder`). */
export async function loadRegistry(dir: string = builtInBaselinesDir): Promise<BaselineEntry[]> {
  return (await loadRegistryFolder(dir)).entries;
}

/**
 * The benchmark names a folder's entries are checked against: its own benchmarks.yaml, strictly; without
 * one, kfm's table plus every name its entries use (a private registry may score benchmarks kfm does not list).
 */
async function namesFor(dir: string, used: readonly string[]): Promise<{ names: BenchmarkNames; strict: boolean }> {
  const own = join(dir, BENCHMARKS_FILE);
  if (existsSync(own)) return { names: (await loadBenchmarkNames(own)).names, strict: true };
  const builtIn = join(builtInBaselinesDir, BENCHMARKS_FILE);
  const names = existsSync(builtIn) ? (await loadBenchmarkNames(builtIn)).names : benchmarkNames([]);
  return {
    names: withNames(
      names,
      used.filter((name) => names.canonical(name) === undefined),
    ),
    strict: false,
  };
}

/**
 * Reads a registry folder: every entries file (duplicates and conflicts are errors naming file and
 * line; benchmark aliases become canonical names), the benchmark names, and the release calendar.
 */
export async function loadRegistryFolder(dir: string = builtInBaselinesDir): Promise<Registry> {
  const entries = await loadEntries(dir);
  const { names, strict } = await namesFor(
    dir,
    entries.map((entry) => entry.benchmark),
  );
  for (const entry of entries) {
    const canonical = names.canonical(entry.benchmark);
    if (canonical === undefined && strict) throw unknownBenchmark(entry.benchmark, where(entry), names);
    if (canonical !== undefined && canonical !== entry.benchmark) {
      entry.benchmark_as_published ??= entry.benchmark;
      entry.benchmark = canonical;
    }
  }
  checkEntries(entries);
  const calendarFile = join(dir, CALENDAR_FILE);
  const calendar = existsSync(calendarFile) ? await loadCalendar(calendarFile, entries, names) : undefined;
  return { dir, entries, names, ...(calendar ? { calendar } : {}) };
}

async function loadEntries(dir: string): Promise<BaselineEntry[]> {
  const files = (await glob(["*.yaml", "*.yml"], { cwd: dir, absolute: true })).filter((file) => !RESERVED.has(basename(file))).sort();
  if (files.length === 0)
    throw new KfmError("config", `no baseline files (*.yaml) in ${dir}`, { hint: "Pass --baselines <dir> with the registry." });
  const entries: BaselineEntry[] = [];
  for (const file of files) {
    const source = parseYamlSource(file, await readFile(file, "utf8"), "config");
    // An empty file (e.g. a measured.yaml with nothing imported yet) holds no entries.
    if (toPlain(source, "config") == null) continue;
    const list = parseWithSchema(source, z.array(baselineEntrySchema), "config", "See baselines/README.md for the entry format.");
    list.forEach((raw, index) => {
      const line = lineOf(source, [index]);
      entries.push({ ...raw, source: { file, ...(line !== undefined ? { line } : {}), index } });
    });
  }
  return entries;
}

/** A duplicate or conflict: the entry it is about, what is wrong, and what to do. */
export interface EntryProblem {
  entry: BaselineEntry;
  message: string;
  hint: string;
}

/**
 * One score per (model, benchmark, setting); one vendor, release date and global flag per model. Every
 * problem, in order; `known` are entries already accepted (a registry an import is checked against).
 */
export function entryProblems(entries: readonly BaselineEntry[], known: readonly BaselineEntry[] = []): EntryProblem[] {
  const problems: EntryProblem[] = [];
  const seen = new Map<string, BaselineEntry>();
  const models = new Map<string, BaselineEntry>();
  const accept = (entry: BaselineEntry) => {
    seen.set(identity(entry), entry);
    if (!models.has(entry.model)) models.set(entry.model, entry);
  };
  known.forEach(accept);
  for (const entry of entries) {
    const earlier = seen.get(identity(entry));
    if (earlier) {
      problems.push({
        entry,
        message:
          earlier.score === entry.score && earlier.release_date === entry.release_date
            ? `duplicate entry for ${entry.model} on ${entry.benchmark} (same setting) already at ${where(earlier)}`
            : `conflicting entry for ${entry.model} on ${entry.benchmark} (same setting): score ${entry.score} / released ${entry.release_date} here, ${earlier.score} / ${earlier.release_date} at ${where(earlier)}`,
        hint: "Keep one entry per (model, benchmark, setting); a score measured another way differs in setting (shots, reasoning, prompt or note).",
      });
      continue;
    }
    const sameModel = models.get(entry.model);
    const conflict = sameModel && modelConflict(entry, sameModel);
    if (conflict) {
      problems.push({
        entry,
        message: conflict,
        hint: "A model has one vendor, release date and global flag across the registry; fix the one that is wrong.",
      });
      continue;
    }
    accept(entry);
  }
  return problems;
}

/** The problem as the error a user sees, naming file, line and entry. */
export function problemError(problem: EntryProblem): SuiteError {
  const { file, line, index } = problem.entry.source;
  return new SuiteError({ file, ...(line !== undefined ? { line } : {}), path: `[${index ?? "?"}]` }, problem.message, {
    code: "config",
    hint: problem.hint,
  });
}

function checkEntries(entries: readonly BaselineEntry[]): void {
  const first = entryProblems(entries)[0];
  if (first) throw problemError(first);
}
