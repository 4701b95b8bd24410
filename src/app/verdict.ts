import { existsSync } from "node:fs";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { resolveBenchmark } from "../baseline/benchmarks.js";
import { builtInBaselinesDir, loadRegistryFolder } from "../baseline/registry.js";
import { forVendors } from "../baseline/vendors.js";
import { builtInStagesDir, loadStage } from "../baseline/stage.js";
import { readAnswered, readManifest, runPaths } from "../results/index.js";
import { scorers as builtInScorers } from "../scoring/index.js";
import { KfmError } from "../spec/errors.js";
import type { ItemRecord } from "../spec/record.js";
import type { RunManifest } from "../spec/run.js";
import type { Verdict } from "../spec/verdict.js";
import {
  decideVerdict,
  explainVerdict,
  pairWithMeasuredReference,
  selectTeams,
  teamFromRun,
  teamsFromScores,
  verdictSettings,
  type MeasuredRun,
  type TeamInput,
  type VerdictSettingsInput,
} from "../verdict/index.js";

export type { BenchmarkVerdict, DecideBy, Verdict } from "../spec/verdict.js";

export interface VerdictOptions extends VerdictSettingsInput {
  /** kfm run directories, one per benchmark. */
  runDirs?: string[];
  /** Teams' self-reported scores tables (YAML), for benchmarks without item-level data. */
  scoresFiles?: string[];
  allowSettingMismatch?: boolean;
  baselinesDir?: string;
  /** Where to find run directories named by baselines measured by kfm (for paired intervals). */
  runsDir?: string;
  /** Stage-review dates drawn on the reference timeline. */
  reviews?: string[];
  /** A stage profile (id or file): its date, benchmarks, weights, rule and threshold apply unless given here. */
  stage?: string;
  stagesDir?: string;
  /** Panel scores (0–100) for a stage scorecard. */
  expert?: number;
  user?: number;
}

/** A run directory as the verdict's team input. */
export async function readTeamRun(dir: string): Promise<TeamInput> {
  const isDirectory = await stat(dir).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new KfmError("usage", `${dir} is not a run directory`, {
      hint: "Pass the folder that `kfm eval` printed (results/<runId>), or a scores table ending in .yaml.",
    });
  }
  const manifest = await readManifest(dir);
  if (typeof manifest?.suite?.benchmark !== "string" || typeof manifest.runId !== "string") {
    throw new KfmError("usage", `${runPaths(dir).manifest} is not a kfm run manifest (no runId or suite.benchmark)`);
  }
  // Endpoint errors are not answers: they leave the accuracy, as in summary.json.
  return teamFromRun({ dir, manifest, ...(await readAnswered(runPaths(dir).items, headlineOutcome(manifest))) });
}

/** The per-record outcome of the suite's headline number, declared by its scorer's metrics; accuracy (credit) by default. */
function headlineOutcome(manifest: RunManifest): ((record: ItemRecord) => number | undefined) | undefined {
  const headline = manifest.suite.headline;
  if (headline === undefined || headline === "accuracy") return undefined;
  const metric = builtInScorers.metricsOf(manifest.scorer?.id ?? "").find((candidate) => candidate.headlines?.includes(headline));
  if (!metric?.headlineOutcome)
    throw new KfmError(
      "usage",
      `run ${manifest.runId}: its suite's headline ${headline} is not a number its scorer ${manifest.scorer?.id} gives`,
      {
        hint: "Fix the suite's headline: (accuracy, prompt_strict or prompt_loose with the instruction-following scorer).",
      },
    );
  return (record) => metric.headlineOutcome!(headline, record);
}

/** A kfm-measured reference's answered outcomes by item id, from `runsDir`. */
async function readMeasuredRun(run: string, runsDir: string | undefined): Promise<MeasuredRun> {
  if (!runsDir) return { found: false, why: "no-runs-dir" };
  const items = runPaths(join(runsDir, run)).items;
  if (!existsSync(items)) return { found: false, why: "not-in-runs-dir", runsDir };
  // The reference is read by the same headline number as the team (the suite's, recorded in its manifest).
  const manifest = await readManifest(join(runsDir, run)).catch(() => undefined);
  const outcomeOf = manifest && headlineOutcome(manifest);
  return { found: true, outcomes: new Map((await readAnswered(items, outcomeOf)).answered.map((item) => [item.id, item.outcome])) };
}

/**
 * The moving-target verdict, wired: the stage profile's defaults under the options, the registry,
 * the team's runs and scores tables, then the decision (`verdict/`) and its explanation.
 */
export async function verdict(options: VerdictOptions): Promise<Verdict> {
  const stage = options.stage ? await loadStage(options.stage, options.stagesDir ?? builtInStagesDir) : undefined;
  const settings = verdictSettings({
    ...options,
    ...(stage
      ? { asOf: options.asOf ?? stage.as_of, window: options.window ?? stage.window, reference: options.reference ?? stage.reference }
      : {}),
    ...(stage ? { threshold: options.threshold ?? stage.threshold, decideBy: options.decideBy ?? stage.decide_by } : {}),
  });
  const folder = await loadRegistryFolder(options.baselinesDir ?? builtInBaselinesDir);
  const registry = stage?.vendors ? forVendors(folder, stage.vendors, `stage ${stage.file}`) : folder;
  // Every benchmark is named by its canonical name from here on; an unknown one is an error, never a silent NO-REFERENCE.
  const canonical = (name: string, where: string) => resolveBenchmark(registry.names, name, where);
  const inputs: TeamInput[] = [];
  for (const dir of options.runDirs ?? []) {
    const team = await readTeamRun(dir);
    inputs.push({ ...team, benchmark: canonical(team.benchmark, `run ${dir} (suite benchmark)`) });
  }
  for (const file of options.scoresFiles ?? []) inputs.push(...(await teamsFromScores(file, canonical)));
  if (stage)
    stage.benchmarks = stage.benchmarks.map((row) => ({
      ...row,
      benchmark: canonical(row.benchmark, `stage ${stage.file}`),
      ...(row.subset ? { subset: { ...row.subset, benchmark: canonical(row.subset.benchmark, `stage ${stage.file} (subset)`) } } : {}),
    }));
  const { teams, ignored } = selectTeams(inputs, stage);
  const decided = await decideVerdict({
    teams,
    registry: registry.entries,
    ...(registry.calendar ? { calendar: registry.calendar } : {}),
    settings,
    pair: (entry, team) => pairWithMeasuredReference(entry, team, (run) => readMeasuredRun(run, options.runsDir)),
    ...(options.allowSettingMismatch ? { allowSettingMismatch: true } : {}),
    ...(stage
      ? {
          stage: {
            profile: stage,
            ignored,
            ...(options.expert !== undefined ? { expert: options.expert } : {}),
            ...(options.user !== undefined ? { user: options.user } : {}),
          },
        }
      : {}),
    ...(options.reviews ? { reviews: options.reviews } : {}),
  });
  return explainVerdict(decided);
}
