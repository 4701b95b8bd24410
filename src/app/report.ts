import { readItemLog, readManifest, readSummary, runPaths } from "../results/index.js";
import type { ItemView, ReportInput, RunReportEntry } from "../report/report-input.js";
import { transcriptOf } from "../report/transcript.js";
import type { ItemRecord } from "../spec/record.js";
import type { Verdict } from "../spec/verdict.js";
import { expandTrials, loadSuite, samplesPerItem, type LoadedSuite } from "../suite/index.js";
import type { Comparison } from "./compare.js";
import { kfmVersion } from "./package-info.js";

export interface BuildReportOptions {
  runDirs: string[];
  title?: string;
  /** Which items the item browser carries: all of them, only those not answered correctly, or none. */
  items?: "all" | "wrong" | "none";
  verdict?: Verdict;
  comparisons?: Comparison[];
}

/** Prompts are re-rendered from the suite only for items that need a look, to keep the file small. */
const PROMPT_STATUSES = new Set(["incorrect", "no-answer", "error"]);

async function entryFor(
  runDir: string,
  items: "all" | "wrong" | "none",
  suites: Map<string, LoadedSuite | undefined>,
): Promise<RunReportEntry> {
  const [manifest, summary] = await Promise.all([readManifest(runDir), readSummary(runDir)]);
  const entry: RunReportEntry = { runDir: runPaths(runDir).dir, manifest, summary };
  if (items === "none") return entry;
  if (!suites.has(manifest.suite.contentHash)) {
    const suite = await loadSuite(manifest.suite.path).catch(() => undefined);
    suites.set(manifest.suite.contentHash, suite?.contentHash === manifest.suite.contentHash ? suite : undefined);
  }
  const suite = suites.get(manifest.suite.contentHash);
  const trials = samplesPerItem(manifest.suite);
  const byId = suite ? new Map((trials > 1 ? expandTrials(suite.items, trials) : suite.items).map((item) => [item.id, item])) : undefined;
  const log = await readItemLog(runPaths(runDir).items);
  const views: ItemView[] = [];
  for (const record of [...log.records.values()].sort((a, b) => a.index - b.index)) {
    if (items === "wrong" && record.status === "correct") continue;
    const view: ItemView = { id: record.id, subject: record.subject, status: record.status, target: record.target };
    if (record.extracted !== undefined) view.extracted = record.extracted;
    if (record.rule !== undefined) view.rule = record.rule;
    if (record.reply !== undefined) view.reply = record.reply;
    if (record.reasoning !== undefined) view.reasoning = record.reasoning;
    const transcript = transcriptOf(record);
    if (transcript) view.transcript = transcript;
    const judged = record.details?.judge;
    if (judged)
      view.judge = judged.turns
        .map(
          (turn, index) =>
            `[${turn.prompt}, turn ${index + 1}: ${turn.rating}/${judged.scale} by ${judged.model}]\n${turn.replies.join("\n---\n")}`,
        )
        .join("\n\n");
    if (record.error) view.error = `${record.error.code}${record.error.status ? ` ${record.error.status}` : ""}: ${record.error.message}`;
    const item = byId?.get(record.id);
    if (item && suite && PROMPT_STATUSES.has(record.status))
      view.prompt = suite
        .render(item)
        .messages.map((message) => `[${message.role}]\n${message.content}`)
        .join("\n\n");
    views.push(view);
  }
  entry.items = views;
  return entry;
}

/** Gathers what a report shows from run directories (and a verdict or comparisons when given). */
export async function buildReport(options: BuildReportOptions): Promise<ReportInput> {
  const suites = new Map<string, LoadedSuite | undefined>();
  const runs: RunReportEntry[] = [];
  for (const dir of options.runDirs) runs.push(await entryFor(dir, options.items ?? "all", suites));
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
