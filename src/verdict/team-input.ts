import { readFile } from "node:fs/promises";
import * as z from "zod";
import type { BaselineEntry } from "../baseline/registry.js";
import type { Stage } from "../baseline/stage.js";
import { KfmError } from "../spec/errors.js";
import type { RunManifest, SuiteSetting } from "../spec/run.js";
import type { PairingRefusal, VerdictNote } from "../spec/verdict.js";
import { lineOf, parseWithSchema, parseYamlSource, toPlain } from "../yaml/yaml-source.js";

/** What the verdict knows about the team on one benchmark: item outcomes from a run, or a reported score. */
export interface TeamInput {
  benchmark: string;
  /** Where the score came from, for the report. */
  source: string;
  setting?: SuiteSetting;
  /** A kfm run, per answered item: 1 right, 0 wrong, or the graded credit in [0, 1] of a judged suite. */
  outcomes?: Float64Array;
  ids?: string[];
  contentHash?: string;
  /** A self-reported score (0–1), with the item count it was measured over when the team gave it. */
  fixed?: number;
  items?: number;
  notes: VerdictNote[];
}

/** What a run directory holds for the verdict, read by the caller (`app/`). */
export interface RunInput {
  dir: string;
  manifest: Pick<RunManifest, "runId" | "status" | "selection" | "identity"> &
    Partial<Pick<RunManifest, "thinking">> & {
      suite: Pick<RunManifest["suite"], "id" | "benchmark" | "contentHash" | "setting">;
      endpoint?: Pick<RunManifest["endpoint"], "adapter" | "model">;
    };
  /** Answered items (endpoint errors left out), in item order, with their outcome (credit; an item sampled k times, its mean). */
  answered: ReadonlyArray<{ id: string; outcome: number }>;
  /** Samples per item, when the run asked each item more than once. */
  samples?: number;
  /** Items that ended in an endpoint error. */
  errors: number;
  skippedLines: number;
}

/**
 * The run's setting as its requests were sent: thinking switched off (`enable_thinking: false`,
 * `reasoning_effort: none`, …) is a direct answer, switched on is thinking mode, whatever the suite
 * declared; the suite's shots and prompt stand. Undefined when neither the suite nor the requests say.
 */
export function settingAsSent(declared: SuiteSetting | undefined, thinking: "on" | "off" | undefined): SuiteSetting | undefined {
  if (thinking === undefined) return declared;
  return { ...declared, reasoning: thinking === "off" ? "none" : "required" };
}

/** A run's items as the verdict's team input: one outcome per answered item, and what to know about the run. */
export function teamFromRun(run: RunInput): TeamInput {
  const { manifest, answered, errors } = run;
  if (answered.length === 0) {
    throw new KfmError(
      "usage",
      `run ${manifest.runId} (${run.dir}) has no answered items${errors ? ` (${errors} ended in an endpoint error)` : ""}: there is nothing to judge`,
      {
        hint: `Resume it (kfm eval --resume ${run.dir}) or pass another run directory.`,
      },
    );
  }
  const notes: VerdictNote[] = [];
  const selection = manifest.selection;
  if (manifest.status !== "complete") notes.push({ kind: "run-status", run: manifest.runId, status: manifest.status });
  if (errors > 0) notes.push({ kind: "endpoint-errors", count: errors });
  if (run.skippedLines > 0) notes.push({ kind: "unreadable-lines", count: run.skippedLines });
  if (manifest.endpoint?.adapter === "simulated") notes.push({ kind: "simulated-endpoint" });
  if (selection?.sample !== undefined || selection?.limit !== undefined) {
    notes.push({
      kind: "selection",
      items: answered.length,
      ...(selection.sample !== undefined ? { sample: selection.sample } : {}),
      ...(selection.limit !== undefined ? { limit: selection.limit } : {}),
    });
  }
  if (run.samples !== undefined && run.samples > 1) notes.push({ kind: "repeated-samples", samples: run.samples, items: answered.length });
  if (selection?.shard) notes.push({ kind: "shard", index: selection.shard.index, count: selection.shard.count });
  if (manifest.identity?.changed) notes.push({ kind: "identity-changed", reasons: manifest.identity.reasons ?? [] });
  const setting = settingAsSent(manifest.suite.setting, manifest.thinking);
  if (setting?.reasoning !== manifest.suite.setting?.reasoning)
    notes.push({
      kind: "setting-as-sent",
      thinking: manifest.thinking!,
      reasoning: setting!.reasoning!,
      ...(manifest.suite.setting?.reasoning ? { declared: manifest.suite.setting.reasoning } : {}),
    });
  if (!setting) notes.push({ kind: "no-setting", source: "run" });
  return {
    benchmark: manifest.suite.benchmark,
    source: `run ${manifest.runId} (${manifest.suite.id}, ${manifest.endpoint?.model ?? "model not recorded"})`,
    ...(setting ? { setting } : {}),
    outcomes: Float64Array.from(answered, (item) => item.outcome),
    ids: answered.map((item) => item.id),
    contentHash: manifest.suite.contentHash,
    notes,
  };
}

const scoreRowSchema = z
  .object({
    benchmark: z.string().min(1),
    /** 0–100, as the registry. */
    score: z.number().min(0).max(100),
    model: z.string().min(1).optional(),
    items: z.int().min(1).optional(),
    setting: z
      .object({
        shots: z.int().min(0).optional(),
        reasoning: z.enum(["none", "allowed", "required"]).optional(),
        prompt: z.string().optional(),
      })
      .strict()
      .optional(),
    note: z.string().optional(),
    citation: z.string().optional(),
  })
  .strict();

const scoresTableSchema = z
  .object({
    team: z.string().optional(),
    /** The team's model, for rows that do not name one. */
    model: z.string().optional(),
    scores: z.array(scoreRowSchema).min(1),
  })
  .strict();

const SCORES_HINT =
  "Format: scores: [{ benchmark: KMMLU, score: 71.2, setting: { shots: 0, reasoning: allowed }, items: 35030 }] (items optional), or a bare list of such rows.";

/**
 * A team's self-reported table: no items to resample, so its interval comes from the item count at most.
 * `canonical` maps each row's benchmark to its canonical name, or throws naming the place it was given.
 */
export async function teamsFromScores(
  file: string,
  canonical: (name: string, where: string) => string = (name) => name,
): Promise<TeamInput[]> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new KfmError("usage", `cannot read the scores file ${file}: ${(error as Error).message}`, { hint: SCORES_HINT });
  }
  const source = parseYamlSource(file, text, "config");
  const table = Array.isArray(toPlain(source, "config"))
    ? { scores: parseWithSchema(source, z.array(scoreRowSchema).min(1), "config", SCORES_HINT) }
    : parseWithSchema(source, scoresTableSchema, "config", SCORES_HINT);
  const team = "team" in table ? table.team : undefined;
  const defaultModel = "model" in table ? table.model : undefined;
  const bare = Array.isArray(toPlain(source, "config"));
  return table.scores.map((row, index) => {
    const line = lineOf(source, bare ? [index, "benchmark"] : ["scores", index, "benchmark"]);
    const benchmark = canonical(row.benchmark, `${file}${line !== undefined ? `:${line}` : ""}`);
    const model = row.model ?? defaultModel;
    const who = [team, model].filter(Boolean).join(" / ");
    return {
      benchmark,
      source: `self-reported (${file})`,
      ...(row.setting ? { setting: row.setting } : {}),
      fixed: row.score / 100,
      ...(row.items ? { items: row.items } : {}),
      notes: [
        row.items ? { kind: "self-reported", items: row.items } : { kind: "self-reported" },
        ...(who ? [{ kind: "reported-for", who } as const] : []),
        ...(row.setting ? [] : [{ kind: "no-setting", source: "scores" } as const]),
        ...(row.note ? [{ kind: "team-note", text: row.note } as const] : []),
        ...(row.citation ? [{ kind: "citation", citation: row.citation } as const] : []),
      ],
    };
  });
}

export interface Pairing {
  /** Outcomes on the items both runs answered, index for index. */
  team: Float64Array;
  reference: Float64Array;
  run: string;
}

/** Where the reference's item outcomes would come from: the entry's kfm run, as the caller found it. */
export type MeasuredRun =
  | { found: true; outcomes: ReadonlyMap<string, number> }
  | { found: false; why: "no-runs-dir" }
  | { found: false; why: "not-in-runs-dir"; runsDir: string };

/**
 * The reference model's outcomes on the team's items, when kfm measured it on the very same suite
 * (content hash) and its run is at hand; otherwise why not, or undefined for a published score.
 * Pairing on other items or another suite version would compare different tests, so it is refused.
 * `load` is asked for the run's answered outcomes by item id only when pairing is possible.
 */
export async function pairWithMeasuredReference(
  entry: BaselineEntry,
  team: TeamInput,
  load: (run: string) => Promise<MeasuredRun>,
): Promise<Pairing | { refused: VerdictNote } | undefined> {
  if (entry.measured_by === "published") return undefined;
  const { run, suite_hash: hash } = entry.measured_by;
  const refused = (why: PairingRefusal) => ({ refused: { kind: "pairing-refused", model: entry.model, run, why } as const });
  if (!team.outcomes || !team.ids) return refused({ kind: "self-reported" });
  if (hash !== team.contentHash)
    return refused({ kind: "hash-differs", referenceHash: hash, ...(team.contentHash ? { teamHash: team.contentHash } : {}) });
  const measured = await load(run);
  if (!measured.found)
    return refused(measured.why === "no-runs-dir" ? { kind: "no-runs-dir" } : { kind: "not-in-runs-dir", runsDir: measured.runsDir });
  const teamOutcomes: number[] = [];
  const referenceOutcomes: number[] = [];
  team.ids.forEach((id, index) => {
    const outcome = measured.outcomes.get(id);
    if (outcome === undefined) return;
    teamOutcomes.push(team.outcomes![index]!);
    referenceOutcomes.push(outcome);
  });
  if (teamOutcomes.length === 0) return refused({ kind: "no-shared-items" });
  return { team: Float64Array.from(teamOutcomes), reference: Float64Array.from(referenceOutcomes), run };
}

/**
 * The inputs a verdict judges: with a stage, only its benchmarks (the rest listed as ignored);
 * never two inputs for one benchmark.
 */
export function selectTeams(
  teams: readonly TeamInput[],
  stage: Pick<Stage, "id" | "benchmarks"> | undefined,
): { teams: TeamInput[]; ignored: string[] } {
  if (teams.length === 0) throw new KfmError("usage", "nothing to judge", { hint: "Pass run directories and/or --scores team.yaml." });
  let ignored: string[] = [];
  let kept = [...teams];
  if (stage) {
    const wanted = new Set(stage.benchmarks.flatMap((row) => [row.benchmark, ...(row.subset ? [row.subset.benchmark] : [])]));
    ignored = teams.filter((team) => !wanted.has(team.benchmark)).map((team) => `${team.benchmark} (${team.source})`);
    kept = teams
      .filter((team) => wanted.has(team.benchmark))
      .map((team) => {
        // A subset standing in for a stage row is said, never silently counted as the full set.
        const row = stage.benchmarks.find(
          (candidate) => candidate.subset?.benchmark === team.benchmark && candidate.benchmark !== team.benchmark,
        );
        if (!row || teams.some((other) => other.benchmark === row.benchmark)) return team;
        const note: VerdictNote = { kind: "stage-subset", stageBenchmark: row.benchmark, measured: team.benchmark, why: row.subset!.why };
        return { ...team, notes: [...team.notes, note] };
      });
    if (kept.length === 0)
      throw new KfmError("usage", `none of the inputs is a benchmark of stage ${stage.id}`, {
        hint: `The stage's benchmarks: ${[...wanted].join(", ")}.`,
      });
  }
  const seen = new Map<string, string>();
  for (const team of kept) {
    const earlier = seen.get(team.benchmark);
    if (earlier)
      throw new KfmError("usage", `two inputs for benchmark ${team.benchmark}: ${earlier} and ${team.source}`, {
        hint: "Give one run or score per benchmark.",
      });
    seen.set(team.benchmark, team.source);
  }
  return { teams: kept, ignored };
}
