import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { nameProblem, requireBenchmark, resolveBenchmark } from "../baseline/benchmarks.js";
import { parseProvenanceLevel, parseReferenceRule } from "../baseline/reference.js";
import {
  baselineEntrySchema,
  builtInBaselinesDir,
  loadRegistry,
  loadRegistryFolder,
  provenanceOf,
  type BaselineEntry,
} from "../baseline/registry.js";
import { referenceSeries } from "../baseline/timeline.js";
import { formatWindow, inWindow, monthEnds, parseDate, parseWindow, today, windowStart } from "../baseline/window.js";
import { entryFromRun, type MeasuredModel, type NewEntry } from "../baseline/measured-entry.js";
import { publishedEntry, type PublishedScore } from "../baseline/published-entry.js";
import { readItemLog, readManifest, runPaths } from "../results/index.js";
import { KfmError } from "../spec/errors.js";

export type { NewEntry, MeasuredModel } from "../baseline/measured-entry.js";
export type { PublishedScore } from "../baseline/published-entry.js";

/**
 * Appends an entry to a registry file, then reloads the whole registry: a duplicate or a
 * conflict is refused (and the file restored), so the registry on disk is always valid.
 */
export async function addBaseline(entry: NewEntry, options: RegistryFileOptions = {}): Promise<BaselineEntry[]> {
  const parsed = baselineEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KfmError("usage", `${issue.path.join(".") || "entry"}: ${issue.message}`);
  }
  return appendEntries([parsed.data], options);
}

/** Appends checked entries to a registry file and reloads the registry; on any error the file is restored. */
export async function appendEntries(entries: readonly NewEntry[], options: RegistryFileOptions = {}): Promise<BaselineEntry[]> {
  const dir = options.dir ?? builtInBaselinesDir;
  const file = join(dir, options.file ?? "measured.yaml");
  const before = await readFile(file, "utf8").catch(() => undefined);
  await appendFile(file, stringify(entries, { lineWidth: 0 }));
  try {
    return await loadRegistry(dir);
  } catch (error) {
    if (before === undefined) await writeFile(file, "");
    else await writeFile(file, before);
    throw error;
  }
}

/** Where an entry is written: a registry folder (default kfm's own) and a file in it. */
export interface RegistryFileOptions {
  dir?: string;
  file?: string;
}

/** Adds a published score to the registry (validated; a duplicate or conflict is refused). */
export async function addPublishedScore(
  score: PublishedScore,
  options: RegistryFileOptions = {},
): Promise<{ entry: NewEntry; registry: BaselineEntry[] }> {
  const entry = publishedEntry(score);
  return { entry, registry: await addBaseline(entry, options) };
}

export interface ImportRunOptions extends RegistryFileOptions, MeasuredModel {}

/** Turns a kfm run of a global model into a registry entry measured by kfm (paired intervals then apply). */
export async function importRun(runDir: string, options: ImportRunOptions): Promise<NewEntry> {
  const manifest = await readManifest(runDir);
  if (manifest.status !== "complete")
    throw new KfmError("usage", `run ${manifest.runId} is ${manifest.status}; import only complete runs`, {
      hint: `Finish it first: kfm eval --resume ${runDir}`,
    });
  const log = await readItemLog(runPaths(runDir).items, { slim: true });
  const answered = [...log.records.values()].filter((record) => record.status !== "error");
  if (answered.length === 0) throw new KfmError("usage", `run ${manifest.runId} has no answered items`);
  const entry = entryFromRun(manifest, answered, options);
  await addBaseline(entry, options);
  return entry;
}

/** Whether a suite's `benchmark:` is a name kfm's registry (or the one in `dir`) knows; what a verdict would say if not. */
export async function benchmarkNameProblem(name: string, dir: string = builtInBaselinesDir): Promise<string | undefined> {
  return nameProblem((await loadRegistryFolder(dir)).names, name);
}

export interface BaselineListOptions {
  /** Only this benchmark. */
  benchmark?: string;
  /** YYYY-MM-DD; today (UTC) by default. */
  asOf?: string;
  /** `6mo` (default) or `180d`. */
  window?: string;
  /** Every entry, in the window or not, global or not. */
  all?: boolean;
  /** Registry folder (default kfm's own). */
  dir?: string;
}

export interface BaselineListing {
  asOf: string;
  /** The window as written back (`6mo`), and the date it starts after. */
  window: string;
  windowStart: string;
  /** By benchmark, then best score first, then model. */
  entries: BaselineEntry[];
}

/** The registry's global models in the window on a date (or every entry), per benchmark, best first. */
export async function listBaselines(options: BaselineListOptions = {}): Promise<BaselineListing> {
  const asOf = options.asOf ? parseDate(options.asOf) : today();
  const window = parseWindow(options.window ?? "6mo");
  const { entries: registry, names } = await loadRegistryFolder(options.dir ?? builtInBaselinesDir);
  // An alias (HLE, GPQA Diamond, cais/hle) names its benchmark, as everywhere else.
  const benchmark = options.benchmark === undefined ? undefined : resolveBenchmark(names, options.benchmark, "--benchmark");
  if (benchmark !== undefined) requireBenchmark(registry, benchmark);
  const entries = registry
    .filter((entry) => benchmark === undefined || entry.benchmark === benchmark)
    .filter((entry) => options.all || (entry.global && inWindow(entry.release_date, asOf, window)))
    .sort((a, b) => a.benchmark.localeCompare(b.benchmark) || b.score - a.score || a.model.localeCompare(b.model))
    // Each entry's provenance grade, its default filled in (what --min-provenance compares).
    .map((entry) => ({ ...entry, provenance: provenanceOf(entry) }));
  return { asOf, window: formatWindow(window), windowStart: windowStart(asOf, window), entries };
}

export interface BaselineTimelineOptions {
  benchmark: string;
  /** Last date, YYYY-MM-DD; today (UTC) by default. */
  asOf?: string;
  /** Months to show (default 24). */
  months?: number;
  /** `6mo` (default) or `180d`. */
  window?: string;
  /** best (default) | mean | top-<k> | target:<model>. */
  reference?: string;
  /** primary | secondary (default) | mirror: leave weaker scores out. */
  minProvenance?: string;
  /** Registry folder (default kfm's own). */
  dir?: string;
}

/** How the reference for a benchmark moved, month end by month end, with the months it fell by ageing alone. */
export async function baselineTimeline(options: BaselineTimelineOptions) {
  const { entries: registry, names } = await loadRegistryFolder(options.dir ?? builtInBaselinesDir);
  const benchmark = resolveBenchmark(names, options.benchmark, "--benchmark");
  requireBenchmark(registry, benchmark);
  const asOf = options.asOf ? parseDate(options.asOf) : today();
  const window = parseWindow(options.window ?? "6mo");
  const rule = parseReferenceRule(options.reference ?? "best");
  const dates = monthEnds(asOf, options.months ?? 24);
  const series = referenceSeries(benchmark, registry, dates, {
    window,
    rule,
    allowSettingMismatch: true,
    ...(options.minProvenance ? { minProvenance: parseProvenanceLevel(options.minProvenance) } : {}),
  });
  return series.map((point) => ({
    date: point.date,
    score: point.score,
    models: point.entries.map((entry) => `${entry.model} (${entry.release_date})`),
    provenance: point.entries.map(provenanceOf),
    ...(point.fellByAgeing ? { fellByAgeing: point.fellByAgeing } : {}),
  }));
}
