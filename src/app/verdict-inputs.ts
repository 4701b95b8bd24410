import { creditOf } from "../results/credit.js";
import { existsSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import type { BaselineEntry } from "../baseline/registry.js";
import { readItemLog, readManifest, runPaths } from "../results/index.js";
import { KfmError } from "../spec/errors.js";
import type { SuiteSetting } from "../spec/run.js";
import { parseWithSchema, parseYamlSource, toPlain } from "../yaml/yaml-source.js";

/** What the verdict knows about the team on one benchmark: item outcomes from a run, or a reported score. */
export interface TeamInput {
  benchmark: string;
  /** Where the score came from, for the report. */
  source: string;
  setting?: SuiteSetting;
  /** A kfm run: 1/0 per answered item, in item order, with the item ids. */
  /** Per answered item: 1 right, 0 wrong, or the graded credit in [0, 1] of a judged suite. */
  outcomes?: Float64Array;
  ids?: string[];
  contentHash?: string;
  /** A self-reported score (0–1), with the item count it was measured over when the team gave it. */
  fixed?: number;
  items?: number;
  notes: string[];
}

export const SELF_REPORTED = "self-reported, no item-level interval";


/** Reads a run directory: the manifest says what ran, the item log gives one outcome per answered item. */
export async function teamFromRun(dir: string): Promise<TeamInput> {
  const isDirectory = await stat(dir).then(
    (found) => found.isDirectory(),
    () => false,
  );
  if (!isDirectory) {
    throw new KfmError("usage", `${dir} is not a run directory`, { hint: "Pass the folder that `kfm eval` printed (results/<runId>), or a scores table ending in .yaml." });
  }
  const manifest = await readManifest(dir);
  if (typeof manifest?.suite?.benchmark !== "string" || typeof manifest.runId !== "string") {
    throw new KfmError("usage", `${runPaths(dir).manifest} is not a kfm run manifest (no runId or suite.benchmark)`);
  }
  const log = await readItemLog(runPaths(dir).items, { slim: true });
  // Endpoint errors are not answers: they leave the accuracy, as in summary.json.
  const answered = [...log.records.values()].filter((record) => record.status !== "error").sort((a, b) => a.index - b.index);
  const errors = log.records.size - answered.length;
  if (answered.length === 0) {
    throw new KfmError("usage", `run ${manifest.runId} (${dir}) has no answered items${errors ? ` (${errors} ended in an endpoint error)` : ""}: there is nothing to judge`, {
      hint: `Resume it (kfm eval --resume ${dir}) or pass another run directory.`,
    });
  }
  const notes: string[] = [];
  const selection = manifest.selection;
  if (manifest.status !== "complete") notes.push(`run ${manifest.runId} is ${manifest.status}`);
  if (errors > 0) notes.push(`${errors} items ended in an endpoint error and are not counted`);
  if (log.skippedLines > 0) notes.push(`${log.skippedLines} unreadable lines in items.jsonl were skipped`);
  if (manifest.endpoint?.adapter === "simulated") notes.push("the team run used kfm's simulated endpoint, not a real model");
  if (selection?.sample !== undefined || selection?.limit !== undefined) {
    notes.push(`a ${answered.length}-item selection of the suite (sample ${selection.sample ?? "-"}, limit ${selection.limit ?? "-"})`);
  }
  if (selection?.shard) notes.push(`shard ${selection.shard.index + 1} of ${selection.shard.count} only`);
  if (manifest.identity?.changed) notes.push(`the endpoint's identity changed during the run: ${(manifest.identity.reasons ?? []).join("; ") || "see the manifest"}`);
  if (!manifest.suite.setting) notes.push("the run's manifest states no setting: baselines are compared whatever their shots and reasoning");
  return {
    benchmark: manifest.suite.benchmark,
    source: `run ${manifest.runId} (${manifest.suite.id}, ${manifest.endpoint?.model ?? "model not recorded"})`,
    ...(manifest.suite.setting ? { setting: manifest.suite.setting } : {}),
    outcomes: Float64Array.from(answered, creditOf),
    ids: answered.map((record) => record.id),
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
      .object({ shots: z.int().min(0).optional(), reasoning: z.enum(["none", "allowed", "required"]).optional(), prompt: z.string().optional() })
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

/** A team's self-reported table: no items to resample, so its interval comes from the item count at most. */
export async function teamsFromScores(file: string): Promise<TeamInput[]> {
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
  return table.scores.map((row) => {
    const model = row.model ?? defaultModel;
    const who = [team, model].filter(Boolean).join(" / ");
    return {
      benchmark: row.benchmark,
      source: `self-reported (${file})`,
      ...(row.setting ? { setting: row.setting } : {}),
      fixed: row.score / 100,
      ...(row.items ? { items: row.items } : {}),
      notes: [
        row.items ? `self-reported over ${row.items} items: binomial interval from the item count, no item-level data` : SELF_REPORTED,
        ...(who ? [`reported for ${who}`] : []),
        ...(row.setting ? [] : ["the self-reported score states no setting: baselines are compared whatever their shots and reasoning"]),
        ...(row.note ? [row.note] : []),
        ...(row.citation ? [`source: ${row.citation}`] : []),
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

/**
 * The reference model's outcomes on the team's items, when kfm measured it on the very same suite
 * (content hash) and its run directory is at hand; otherwise why not, or undefined for a published
 * score. Pairing on other items or another suite version would compare different tests, so it is refused.
 */
export async function pairWithMeasuredReference(entry: BaselineEntry, team: TeamInput, runsDir: string | undefined): Promise<Pairing | { refused: string } | undefined> {
  if (entry.measured_by === "published") return undefined;
  const { run, suite_hash: hash } = entry.measured_by;
  if (!team.outcomes || !team.ids) return { refused: `${entry.model} was measured by kfm (run ${run}), but the team score is self-reported: not paired` };
  if (hash !== team.contentHash) {
    return { refused: `not paired with kfm run ${run}: its suite hash ${hash} differs from the team run's ${team.contentHash ?? "(none)"} (another suite or version); the reference is treated as a published score` };
  }
  if (!runsDir) return { refused: `kfm run ${run} could pair items with the team's; pass --runs-dir <folder that holds it> to use it` };
  const dir = join(runsDir, run);
  if (!existsSync(runPaths(dir).items)) return { refused: `kfm run ${run} is not in ${runsDir}: not paired` };
  const log = await readItemLog(runPaths(dir).items, { slim: true });
  const teamOutcomes: number[] = [];
  const referenceOutcomes: number[] = [];
  team.ids.forEach((id, index) => {
    const record = log.records.get(id);
    if (!record || record.status === "error") return;
    teamOutcomes.push(team.outcomes![index]!);
    referenceOutcomes.push(creditOf(record));
  });
  if (teamOutcomes.length === 0) return { refused: `kfm run ${run} shares no answered items with the team run: not paired` };
  return { team: Float64Array.from(teamOutcomes), reference: Float64Array.from(referenceOutcomes), run };
}
