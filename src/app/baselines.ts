import { appendFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { resolveBenchmark } from "../baseline/benchmarks.js";
import { parseProvenanceLevel, parseReferenceRule } from "../baseline/reference.js";
import { baselineEntrySchema, builtInBaselinesDir, loadRegistry, loadRegistryFolder, provenanceOf, type BaselineEntry } from "../baseline/registry.js";
import { referenceSeries } from "../baseline/timeline.js";
import { monthEnds, parseDate, parseWindow, today } from "../baseline/window.js";
import { readItemLog, readManifest, runPaths } from "../results/index.js";
import { KfmError } from "../spec/errors.js";

export type NewEntry = Omit<BaselineEntry, "source">;

/**
 * Appends an entry to a registry file, then reloads the whole registry: a duplicate or a
 * conflict is refused (and the file restored), so the registry on disk is always valid.
 */
export async function addBaseline(entry: NewEntry, options: { dir?: string; file?: string } = {}): Promise<BaselineEntry[]> {
  const parsed = baselineEntrySchema.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KfmError("usage", `${issue.path.join(".") || "entry"}: ${issue.message}`);
  }
  return appendEntries([parsed.data], options);
}

/** Appends checked entries to a registry file and reloads the registry; on any error the file is restored. */
export async function appendEntries(entries: readonly NewEntry[], options: { dir?: string; file?: string } = {}): Promise<BaselineEntry[]> {
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

/** Turns a kfm run of a global model into a registry entry measured by kfm (paired intervals then apply). */
export async function importRun(runDir: string, options: { model: string; vendor: string; releaseDate: string; releaseSource?: string; global?: boolean; dir?: string; file?: string }): Promise<NewEntry> {
  const manifest = await readManifest(runDir);
  if (manifest.status !== "complete") throw new KfmError("usage", `run ${manifest.runId} is ${manifest.status}; import only complete runs`, { hint: `Finish it first: kfm eval --resume ${runDir}` });
  const log = await readItemLog(runPaths(runDir).items, { slim: true });
  const answered = [...log.records.values()].filter((record) => record.status !== "error");
  const correct = answered.filter((record) => record.status === "correct").length;
  if (answered.length === 0) throw new KfmError("usage", `run ${manifest.runId} has no answered items`);
  const setting: NewEntry["setting"] = { note: `kfm suite ${manifest.suite.id} ${manifest.suite.version}` };
  if (manifest.suite.setting?.shots !== undefined) setting.shots = manifest.suite.setting.shots;
  if (manifest.suite.setting?.reasoning === "none" || manifest.suite.setting?.reasoning === "required" || manifest.suite.setting?.reasoning === "allowed") setting.reasoning = manifest.suite.setting.reasoning;
  if (manifest.suite.setting?.prompt) setting.prompt = manifest.suite.setting.prompt;
  const entry: NewEntry = {
    model: options.model,
    vendor: options.vendor,
    global: options.global ?? true,
    release_date: parseDate(options.releaseDate, "--release-date"),
    release_source: options.releaseSource ?? "given when the kfm run was imported",
    benchmark: manifest.suite.benchmark,
    score: Math.round((10000 * correct) / answered.length) / 100,
    setting,
    items: answered.length,
    citation: `kfm run ${manifest.runId} (${manifest.endpoint.adapter} ${manifest.endpoint.model}, suite ${manifest.suite.id} ${manifest.suite.contentHash})`,
    provenance: "measured",
    measured_by: { run: manifest.runId, suite_hash: manifest.suite.contentHash },
  };
  await addBaseline(entry, { ...(options.dir ? { dir: options.dir } : {}), ...(options.file ? { file: options.file } : {}) });
  return entry;
}

/**
 * Whether a suite's `benchmark:` is a name the registry knows: undefined when it is its canonical
 * name, otherwise what a verdict on its runs would say (an alias to write as the canonical name, or an
 * unknown name with the closest ones; the verdict refuses an unknown one).
 */
export async function benchmarkNameProblem(name: string, dir: string = builtInBaselinesDir): Promise<string | undefined> {
  const { names } = await loadRegistryFolder(dir);
  const canonical = names.canonical(name);
  if (canonical === name) return undefined;
  if (canonical !== undefined) return `benchmark "${name}" is an alias of ${canonical}: a verdict reads it as ${canonical}`;
  const suggestions = names.suggest(name);
  return `benchmark "${name}" is not in the registry's benchmark names${suggestions.length ? ` (did you mean ${suggestions.join(" or ")}?)` : ""}: kfm verdict refuses its runs until it is added to baselines/benchmarks.yaml`;
}

/** How the reference for a benchmark moved, month end by month end, with the months it fell by ageing alone. */
export async function baselineTimeline(options: { benchmark: string; asOf?: string; months?: number; window?: string; reference?: string; minProvenance?: string; dir?: string }) {
  const { entries: registry, names } = await loadRegistryFolder(options.dir ?? builtInBaselinesDir);
  const benchmark = resolveBenchmark(names, options.benchmark, "--benchmark");
  if (!registry.some((entry) => entry.benchmark === benchmark)) {
    throw new KfmError("usage", `no entry for benchmark "${benchmark}"`, { hint: `Benchmarks in the registry: ${[...new Set(registry.map((entry) => entry.benchmark))].sort().join(", ")}` });
  }
  const asOf = options.asOf ? parseDate(options.asOf) : today();
  const window = parseWindow(options.window ?? "6mo");
  const rule = parseReferenceRule(options.reference ?? "best");
  const dates = monthEnds(asOf, options.months ?? 24);
  const series = referenceSeries(benchmark, registry, dates, { window, rule, allowSettingMismatch: true, ...(options.minProvenance ? { minProvenance: parseProvenanceLevel(options.minProvenance) } : {}) });
  return series.map((point) => ({
    date: point.date,
    score: point.score,
    models: point.entries.map((entry) => `${entry.model} (${entry.release_date})`),
    provenance: point.entries.map(provenanceOf),
    ...(point.fellByAgeing ? { fellByAgeing: point.fellByAgeing } : {}),
  }));
}
