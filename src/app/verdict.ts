import { readFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { decide, itemsToSettle } from "../baseline/decision.js";
import { formatReferenceRule, parseReferenceRule, referenceFor, type ReferenceRule } from "../baseline/reference.js";
import { builtInBaselinesDir, loadRegistry, type BaselineEntry } from "../baseline/registry.js";
import { builtInStagesDir, loadStage, scorecard } from "../baseline/stage.js";
import { formatWindow, parseDate, parseWindow, today, windowStart, type Window } from "../baseline/window.js";
import type { VerdictView } from "../report/report-input.js";
import { readItemLog, readManifest, runPaths } from "../results/index.js";
import { KfmError } from "../spec/errors.js";
import type { SuiteSetting } from "../spec/run.js";
import type { BenchmarkVerdict, DecideBy, ExcludedView, VerdictReport } from "../spec/verdict.js";

export type { BenchmarkVerdict, DecideBy, ExcludedView, VerdictReport } from "../spec/verdict.js";
import { ratioBootstrap, type RatioInput } from "../stats/ratio-bootstrap.js";
import { parseWithSchema, parseYamlSource } from "../yaml/yaml-source.js";


export interface VerdictOptions {
  runDirs?: string[];
  /** A team's self-reported scores (YAML), for tables without item-level data. */
  scoresFile?: string;
  asOf?: string;
  window?: string;
  reference?: string;
  threshold?: number;
  decideBy?: DecideBy;
  allowSettingMismatch?: boolean;
  baselinesDir?: string;
  /** Where to find run directories named by baselines measured by kfm (for paired intervals). */
  runsDir?: string;
  seed?: number;
  replicates?: number;
  /** Stage-review dates drawn on the reference timeline. */
  reviews?: string[];
  /** A stage profile (id or file): its date, benchmarks, weights, rule and threshold apply unless given here. */
  stage?: string;
  stagesDir?: string;
  /** Panel scores (0–100) for a stage scorecard. */
  expert?: number;
  user?: number;
}

const scoresSchema = z
  .object({
    team: z.string().optional(),
    model: z.string().optional(),
    scores: z
      .array(
        z
          .object({
            benchmark: z.string().min(1),
            score: z.number().min(0).max(100),
            items: z.int().min(1).optional(),
            setting: z.object({ shots: z.int().min(0).optional(), reasoning: z.enum(["none", "allowed", "required"]).optional(), prompt: z.string().optional() }).strict().optional(),
            note: z.string().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

interface TeamInput {
  benchmark: string;
  source: string;
  setting?: SuiteSetting;
  outcomes?: Uint8Array;
  ids?: string[];
  fixed?: number;
  contentHash?: string;
  notes: string[];
}

async function teamFromRun(dir: string): Promise<TeamInput> {
  const manifest = await readManifest(dir);
  const log = await readItemLog(runPaths(dir).items, { slim: true });
  const answered = [...log.records.values()].filter((record) => record.status !== "error").sort((a, b) => a.index - b.index);
  const errors = log.records.size - answered.length;
  const notes: string[] = [];
  if (manifest.status !== "complete") notes.push(`run ${manifest.runId} is ${manifest.status}`);
  if (errors > 0) notes.push(`${errors} items ended in an endpoint error and are not counted`);
  if (manifest.endpoint.adapter === "simulated") notes.push("the team run used kfm's simulated endpoint, not a real model");
  if (manifest.selection.sample !== undefined || manifest.selection.limit !== undefined) notes.push(`a ${answered.length}-item selection of the suite (sample ${manifest.selection.sample ?? "-"}, limit ${manifest.selection.limit ?? "-"})`);
  return {
    benchmark: manifest.suite.benchmark,
    source: `run ${manifest.runId} (${manifest.suite.id}, ${manifest.endpoint.model})`,
    ...(manifest.suite.setting ? { setting: manifest.suite.setting } : {}),
    outcomes: Uint8Array.from(answered, (record) => (record.status === "correct" ? 1 : 0)),
    ids: answered.map((record) => record.id),
    contentHash: manifest.suite.contentHash,
    notes,
  };
}

async function teamFromScores(file: string): Promise<TeamInput[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new KfmError("usage", `cannot read --scores ${file}: ${(error as Error).message}`);
  }
  const parsed = parseWithSchema(parseYamlSource(file, text, "config"), scoresSchema, "config", "Format: scores: [{ benchmark: KMMLU, score: 71.2, setting: { shots: 0 } }]");
  return parsed.scores.map((row) => ({
    benchmark: row.benchmark,
    source: `self-reported (${file})`,
    ...(row.setting ? { setting: row.setting } : {}),
    fixed: row.score / 100,
    notes: ["self-reported score: no item-level interval"],
  }));
}

function excludedView(entries: Array<{ entry: BaselineEntry; reason: string }>): ExcludedView[] {
  return entries.map(({ entry, reason }) => ({ model: entry.model, score: entry.score, releaseDate: entry.release_date, reason }));
}

/** Month ends from `months` months before `asOf` up to `asOf`. */
function monthEnds(asOf: string, months: number): string[] {
  const end = new Date(`${asOf}T00:00:00Z`);
  const dates: string[] = [];
  for (let back = months; back >= 1; back--) dates.push(new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - back + 1, 0)).toISOString().slice(0, 10));
  dates.push(asOf);
  return dates;
}

async function pairedReference(entry: BaselineEntry, team: TeamInput, runsDir: string | undefined): Promise<{ outcomes: Uint8Array; teamOutcomes: Uint8Array; shared: number } | undefined> {
  if (entry.measured_by === "published" || !team.ids || !runsDir) return undefined;
  if (entry.measured_by.suite_hash !== team.contentHash) return undefined;
  const dir = join(runsDir, entry.measured_by.run);
  if (!existsSync(join(dir, "items.jsonl"))) return undefined;
  const log = await readItemLog(runPaths(dir).items, { slim: true });
  const teamOutcomes: number[] = [];
  const referenceOutcomes: number[] = [];
  team.ids.forEach((id, index) => {
    const record = log.records.get(id);
    if (!record || record.status === "error") return;
    teamOutcomes.push(team.outcomes![index]!);
    referenceOutcomes.push(record.status === "correct" ? 1 : 0);
  });
  if (teamOutcomes.length === 0) return undefined;
  return { outcomes: Uint8Array.from(referenceOutcomes), teamOutcomes: Uint8Array.from(teamOutcomes), shared: teamOutcomes.length };
}

/**
 * The moving-target decision: for each benchmark the team's score against the reference formed
 * from global models released in the window, with a seeded bootstrap interval of the ratio, and
 * an overall decision by the configured aggregate. Everything it used is in the report.
 */
export async function verdict(options: VerdictOptions): Promise<VerdictReport> {
  const stage = options.stage ? await loadStage(options.stage, options.stagesDir ?? builtInStagesDir) : undefined;
  if (stage) {
    options = {
      ...options,
      asOf: options.asOf ?? stage.as_of,
      window: options.window ?? stage.window,
      reference: options.reference ?? stage.reference,
      threshold: options.threshold ?? stage.threshold,
      decideBy: options.decideBy ?? stage.decide_by,
    };
  }
  const asOf = options.asOf ? parseDate(options.asOf) : today();
  const window: Window = parseWindow(options.window ?? "6mo");
  let rule: ReferenceRule;
  try {
    rule = parseReferenceRule(options.reference ?? "best");
  } catch (error) {
    throw new KfmError("usage", (error as Error).message);
  }
  const threshold = options.threshold ?? 0.95;
  if (!(threshold > 0 && threshold <= 2)) throw new KfmError("usage", `--threshold expects a ratio such as 0.95, got ${threshold}`);
  const decideBy = options.decideBy ?? "ratio-of-averages";
  const seed = options.seed ?? 0;
  const replicates = options.replicates ?? 2000;
  const registry = await loadRegistry(options.baselinesDir ?? builtInBaselinesDir);

  const teams: TeamInput[] = [];
  for (const dir of options.runDirs ?? []) teams.push(await teamFromRun(dir));
  if (options.scoresFile) teams.push(...(await teamFromScores(options.scoresFile)));
  if (teams.length === 0) throw new KfmError("usage", "nothing to judge", { hint: "Pass run directories and/or --scores team.yaml." });
  let ignored: string[] = [];
  if (stage) {
    const wanted = new Set(stage.benchmarks.map((row) => row.benchmark));
    ignored = teams.filter((team) => !wanted.has(team.benchmark)).map((team) => `${team.benchmark} (${team.source})`);
    teams.splice(0, teams.length, ...teams.filter((team) => wanted.has(team.benchmark)));
    if (teams.length === 0) throw new KfmError("usage", `none of the inputs is a benchmark of stage ${stage.id}`, { hint: `The stage's benchmarks: ${[...wanted].join(", ")}.` });
  }
  const seen = new Map<string, string>();
  for (const team of teams) {
    if (seen.has(team.benchmark)) throw new KfmError("usage", `two inputs for benchmark ${team.benchmark}: ${seen.get(team.benchmark)} and ${team.source}`, { hint: "Give one run or score per benchmark." });
    seen.set(team.benchmark, team.source);
  }

  const benchmarks: BenchmarkVerdict[] = [];
  const inputs: RatioInput[] = [];
  const judged: number[] = [];
  for (const team of teams) {
    const { reference, excluded } = referenceFor(team.benchmark, registry, { asOf, window, rule, ...(team.setting ? { setting: team.setting } : {}), ...(options.allowSettingMismatch ? { allowSettingMismatch: true } : {}) });
    const teamScore = team.fixed ?? (team.outcomes && team.outcomes.length ? team.outcomes.reduce((a, b) => a + b, 0) / team.outcomes.length : 0);
    const row: BenchmarkVerdict = {
      benchmark: team.benchmark,
      team: { score: 100 * teamScore, low: 100 * teamScore, high: 100 * teamScore, ...(team.outcomes ? { items: team.outcomes.length } : {}), source: team.source, selfReported: team.fixed !== undefined },
      decision: "NO-REFERENCE",
      excluded: excludedView(excluded),
      notes: [...team.notes],
    };
    if (!reference) {
      row.notes.push(`no global model in the window ${windowStart(asOf, window)} – ${asOf} has a ${team.benchmark} score with a matching setting`);
      benchmarks.push(row);
      continue;
    }
    row.notes.push(...reference.notes);
    let input: RatioInput;
    let uncertainty: string;
    const single = reference.entries.length === 1 ? reference.entries[0]! : undefined;
    const paired = single && team.outcomes ? await pairedReference(single, team, options.runsDir) : undefined;
    if (paired) {
      input = { team: { outcomes: paired.teamOutcomes }, reference: { pairedOutcomes: paired.outcomes } };
      uncertainty = `paired bootstrap over ${paired.shared} shared items (kfm run ${(single!.measured_by as { run: string }).run})`;
    } else {
      const items = single?.items;
      input = {
        team: team.outcomes ? { outcomes: team.outcomes } : { fixed: teamScore },
        reference: { score: reference.score / 100, ...(items ? { items } : {}) },
      };
      uncertainty = items ? `sampling error of the published score over ${items} items` : "reference treated as exact: item count unknown";
    }
    row.reference = {
      score: reference.score,
      low: reference.score,
      high: reference.score,
      rule: formatReferenceRule(rule),
      models: reference.entries.map((entry) => ({ model: entry.model, vendor: entry.vendor, score: entry.score, releaseDate: entry.release_date, citation: entry.citation, ...(entry.items ? { items: entry.items } : {}) })),
      uncertainty,
    };
    judged.push(benchmarks.length);
    benchmarks.push(row);
    inputs.push(input);
  }

  const report: VerdictReport = {
    asOf,
    window: formatWindow(window),
    windowStart: windowStart(asOf, window),
    boundaryRule: "a global model counts when windowStart < release_date <= asOf (windowStart = asOf minus the window, clamped to month end)",
    rule: formatReferenceRule(rule),
    threshold,
    decideBy,
    seed,
    replicates,
    benchmarks,
    overall: { decision: "NO-REFERENCE", decidedBy: decideBy, benchmarks: judged.map((index) => benchmarks[index]!.benchmark) },
    reasons: [],
    timeline: [],
    reviews: options.reviews ?? [],
  };

  if (inputs.length === 0) {
    throw new KfmError("usage", `no global model released in the window ${report.windowStart} < date <= ${asOf} has a score for ${teams.map((team) => team.benchmark).join(", ")} in a matching setting`, {
      hint:
        "Add published entries to the registry (kfm baselines validate checks them), measure a global model with kfm and import it " +
        "(kfm baselines import <runDir> --model <name> --release-date <date>), or choose another --as-of date (kfm baselines list shows what each date has).",
    });
  }
  {
    const weights = judged.map((index) => stage?.benchmarks.find((row) => row.benchmark === benchmarks[index]!.benchmark)?.weight ?? 1);
    const result = ratioBootstrap(inputs, { seed, replicates, weights });
    judged.forEach((benchmarkIndex, index) => {
      const row = benchmarks[benchmarkIndex]!;
      const team = result.team[index]!;
      const reference = result.reference[index]!;
      const ratio = result.ratio[index]!;
      row.team = { ...row.team, score: 100 * team.estimate, low: 100 * team.low, high: 100 * team.high };
      row.reference = { ...row.reference!, score: 100 * reference.estimate, low: 100 * reference.low, high: 100 * reference.high };
      row.ratio = { estimate: ratio.estimate, low: ratio.low, high: ratio.high };
      row.decision = decide(ratio.low, ratio.high, threshold);
      if (row.decision === "INCONCLUSIVE" && row.team.items) {
        const needed = itemsToSettle(ratio.estimate, ratio.low, ratio.high, threshold, row.team.items);
        if (needed !== undefined) row.itemsToSettle = needed;
      }
      if (row.team.selfReported) row.notes.push("self-reported: the interval reflects only the reference's uncertainty");
    });
    report.overall.ratioOfAverages = { estimate: result.ratioOfAverages.estimate, low: result.ratioOfAverages.low, high: result.ratioOfAverages.high };
    report.overall.meanOfRatios = { estimate: result.meanOfRatios.estimate, low: result.meanOfRatios.low, high: result.meanOfRatios.high };
    const deciding = decideBy === "ratio-of-averages" ? report.overall.ratioOfAverages : report.overall.meanOfRatios;
    report.overall.decision = decide(deciding.low, deciding.high, threshold);
  }

  const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
  for (const row of benchmarks) {
    if (!row.ratio || !row.reference) {
      report.reasons.push(`${row.benchmark}: no reference (not counted)`);
      continue;
    }
    const models = row.reference.models.map((model) => `${model.model} (${model.releaseDate})`).join(", ");
    report.reasons.push(
      `${row.benchmark}: ${row.team.score.toFixed(1)} vs ${row.reference.score.toFixed(1)} of ${models} = ${percent(row.ratio.estimate)} [${percent(row.ratio.low)}, ${percent(row.ratio.high)}] -> ${row.decision}` +
        (row.itemsToSettle ? ` (about ${row.itemsToSettle} items would settle it)` : ""),
    );
  }
  if (report.overall.ratioOfAverages) {
    const deciding = decideBy === "ratio-of-averages" ? report.overall.ratioOfAverages : report.overall.meanOfRatios!;
    report.reasons.push(`overall (${decideBy}): ${percent(deciding.estimate)} [${percent(deciding.low)}, ${percent(deciding.high)}] against ${percent(threshold)} -> ${report.overall.decision}`);
  }

  if (stage) {
    report.stage = {
      id: stage.id,
      title: stage.title,
      file: stage.file,
      missing: stage.benchmarks.map((row) => row.benchmark).filter((name) => !teams.some((team) => team.benchmark === name)),
      ignored,
    };
    if (stage.scorecard) {
      const card = scorecard({
        benchmarks: stage.benchmarks.map((row) => {
          const ratio = benchmarks.find((candidate) => candidate.benchmark === row.benchmark)?.ratio?.estimate;
          return { benchmark: row.benchmark, weight: row.weight, ...(ratio !== undefined ? { ratio } : {}) };
        }),
        points: stage.scorecard,
        ...(options.expert !== undefined ? { expert: options.expert } : {}),
        ...(options.user !== undefined ? { user: options.user } : {}),
      });
      report.stage.scorecard = {
        benchmarkPoints: card.benchmarkPoints,
        ...(card.expertPoints !== undefined ? { expertPoints: card.expertPoints } : {}),
        ...(card.userPoints !== undefined ? { userPoints: card.userPoints } : {}),
        total: card.total,
        maximum: card.maximum,
        points: stage.scorecard,
      };
    }
    if (report.stage.missing.length) report.reasons.push(`stage ${stage.id}: no team score for ${report.stage.missing.join(", ")} (0 points each)`);
  }

  // The moving target, month by month: what the same rule would have chosen on each date.
  for (const date of monthEnds(asOf, 18)) {
    for (const row of benchmarks) {
      const { reference } = referenceFor(row.benchmark, registry, { asOf: date, window, rule, ...(teams.find((team) => team.benchmark === row.benchmark)?.setting ? { setting: teams.find((team) => team.benchmark === row.benchmark)!.setting! } : {}), ...(options.allowSettingMismatch ? { allowSettingMismatch: true } : {}) });
      report.timeline.push({ date, benchmark: row.benchmark, reference: reference ? Number(reference.score.toFixed(2)) : null, ...(reference ? { model: reference.entries.map((entry) => entry.model).join(", ") } : {}) });
    }
  }
  return report;
}

/** The verdict as the report renderers draw it. */
export function toVerdictView(report: VerdictReport): VerdictView | undefined {
  const deciding = report.decideBy === "ratio-of-averages" ? report.overall.ratioOfAverages : report.overall.meanOfRatios;
  if (!deciding || report.overall.decision === "NO-REFERENCE") return undefined;
  return {
    decision: report.overall.decision,
    threshold: report.threshold,
    asOf: report.asOf,
    windowStart: report.windowStart,
    rule: report.rule,
    method: report.decideBy,
    overall: { ratio: deciding.estimate, interval: [deciding.low, deciding.high], decision: report.overall.decision },
    benchmarks: report.benchmarks
      .filter((row) => row.ratio && row.reference && row.decision !== "NO-REFERENCE")
      .map((row) => ({
        benchmark: row.benchmark,
        teamScore: row.team.score,
        referenceScore: row.reference!.score,
        referenceModels: row.reference!.models.map((model) => model.model),
        ratio: row.ratio!.estimate,
        interval: [row.ratio!.low, row.ratio!.high] as [number, number],
        decision: row.decision as "PASS" | "FAIL" | "INCONCLUSIVE",
        notes: [row.reference!.uncertainty, ...row.notes],
      })),
    timeline: report.timeline,
    reviews: report.reviews,
    reasons: report.reasons,
  };
}
