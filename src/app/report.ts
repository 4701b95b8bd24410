import { readItemLog, readManifest, readSummary, runPaths, summarySoFar } from "../results/index.js";
import { scorers } from "../scoring/index.js";
import type { ItemView, ReportInput, RunReportEntry } from "../report/report-input.js";
import { itemViewOf } from "../report/item-view.js";
import type { Verdict } from "../spec/verdict.js";
import { runSuite, type SuiteCache } from "../suite/index.js";
import type { Comparison } from "./compare.js";
import { kfmVersion } from "./package-info.js";

export interface BuildReportOptions {
  runDirs: string[];
  title?: string;
  /** Which items the item browser carries: all of them, only those not answered correctly, or none. */
  items?: "all" | "wrong" | "none";
  verdict?: Verdict;
  comparisons?: Comparison[];
  /** Suites already loaded (the viewer keeps them between pages). */
  suites?: SuiteCache;
  /** A run without summary.json yet is shown with its numbers so far (the viewer), not refused. */
  soFar?: boolean;
}

/** Prompts are re-rendered from the suite only for items that need a look, to keep the file small. */
const PROMPT_STATUSES = new Set(["incorrect", "no-answer", "error"]);

async function entryFor(runDir: string, items: "all" | "wrong" | "none", suites: SuiteCache, soFar: boolean): Promise<RunReportEntry> {
  const manifest = await readManifest(runDir);
  const summary = soFar ? await summarySoFar(runDir, manifest, scorers.metricsOf(manifest.scorer.id)) : await readSummary(runDir);
  const entry: RunReportEntry = { runDir: runPaths(runDir).dir, manifest, summary };
  const { suite, promptOf } = await runSuite(manifest, suites);
  const grouped = suite?.items.filter((item) => item.supercategory !== undefined) ?? [];
  if (grouped.length) entry.supercategoryOf = Object.fromEntries(grouped.map((item) => [item.subject, item.supercategory!]));
  if (items === "none") return entry;
  const log = await readItemLog(runPaths(runDir).items);
  const views: ItemView[] = [];
  for (const record of [...log.records.values()].sort((a, b) => a.index - b.index)) {
    if (items === "wrong" && record.status === "correct") continue;
    views.push(itemViewOf(record, PROMPT_STATUSES.has(record.status) ? promptOf(record.id) : undefined));
  }
  entry.items = views;
  return entry;
}

/** Gathers what a report shows from run directories (and a verdict or comparisons when given). */
export async function buildReport(options: BuildReportOptions): Promise<ReportInput> {
  const suites = options.suites ?? new Map();
  const runs: RunReportEntry[] = [];
  for (const dir of options.runDirs) runs.push(await entryFor(dir, options.items ?? "all", suites, options.soFar === true));
  const input: ReportInput = {
    title:
      options.title ??
      (runs.length === 1
        ? `kfm report: ${runs[0]!.summary.suite.id} on ${runs[0]!.summary.endpoint.model}`
        : `kfm report: ${runs.length} runs`),
    generatedAt: new Date().toISOString(),
    kfmVersion: kfmVersion(),
    runs,
  };
  if (options.verdict) input.verdict = options.verdict;
  if (options.comparisons) input.comparisons = options.comparisons;
  return input;
}
