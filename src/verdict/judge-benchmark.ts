import type { Calendar } from "../baseline/calendar.js";
import { missingReleases } from "../baseline/completeness.js";
import { formatReferenceRule, referenceFor, type Reference } from "../baseline/reference.js";
import { provenanceOf, type BaselineEntry } from "../baseline/registry.js";
import { windowStart } from "../baseline/window.js";
import type { BenchmarkVerdict, ExcludedEntry, Uncertainty, VerdictNote, VerdictSettings } from "../spec/verdict.js";
import { binomialStandardError } from "../stats/binomial.js";
import type { RatioInput } from "../stats/ratio-bootstrap.js";
import type { Pairing, TeamInput } from "./team-input.js";

/** A benchmark with a reference: its row, and how the bootstrap will draw the ratio's uncertainty. */
export interface Judged {
  row: BenchmarkVerdict;
  input: RatioInput;
  /** Team items behind the interval, when there are any to scale. */
  items?: number;
}

/** How the verdict asks for a kfm-measured reference's item outcomes (undefined: a published score). */
export type PairReference = (entry: BaselineEntry, team: TeamInput) => Promise<Pairing | { refused: VerdictNote } | undefined>;

/**
 * The sampling error of a reference formed from published scores: binomial where the item count is
 * known; a mean of k scores has the root of the summed variances over k. Scores without a count
 * are treated as exact, and the uncertainty says so.
 */
export function publishedError(reference: Pick<Reference, "entries">): { standardError?: number; uncertainty: Uncertainty } {
  const entries = reference.entries;
  const known = entries.filter((entry) => entry.items !== undefined);
  if (known.length === 0) return { uncertainty: { kind: "exact" } };
  const variance = known.reduce((sum, entry) => sum + binomialStandardError(entry.score / 100, entry.items!) ** 2, 0);
  const unknown = entries.filter((entry) => entry.items === undefined).map((entry) => entry.model);
  return {
    standardError: Math.sqrt(variance) / entries.length,
    uncertainty: {
      kind: "published",
      entries: entries.length,
      known: known.length,
      unknown,
      ...(entries.length === 1 ? { items: known[0]!.items! } : {}),
    },
  };
}

function teamRatioInput(team: TeamInput): RatioInput["team"] {
  if (team.outcomes) return { outcomes: team.outcomes };
  return { fixed: team.fixed!, ...(team.items ? { items: team.items } : {}) };
}

function excludedEntries(excluded: ReturnType<typeof referenceFor>["excluded"]): ExcludedEntry[] {
  return excluded.map(({ entry, reason }) => ({ model: entry.model, score: entry.score, releaseDate: entry.release_date, reason }));
}

export interface JudgeOptions {
  allowSettingMismatch?: boolean;
  pair: PairReference;
  /** The registry's release calendar; undefined when it has none (completeness unknown, noted). */
  calendar?: Calendar;
  /** Notes about the registry as a whole (its review date), added to every benchmark. */
  registryNotes?: readonly VerdictNote[];
}

/**
 * What the registry is missing for this benchmark on the as-of date: in-window releases without a usable
 * score (none under a declared target, whose score does not depend on them), or that it cannot tell.
 */
function completenessNotes(
  team: TeamInput,
  registry: readonly BaselineEntry[],
  settings: VerdictSettings,
  candidates: readonly BaselineEntry[],
  options: JudgeOptions,
): VerdictNote[] {
  if (settings.rule.kind === "target") return [...(options.registryNotes ?? [])];
  const gaps: VerdictNote[] = options.calendar
    ? missingReleases(team.benchmark, options.calendar, settings.asOf, settings.window, { candidates, all: registry })
    : [{ kind: "no-calendar" }];
  return [...gaps, ...(options.registryNotes ?? [])];
}

/** One benchmark: its reference in the window, and how the ratio's uncertainty will be drawn; a bare row without a reference. */
export async function judgeBenchmark(
  team: TeamInput,
  registry: readonly BaselineEntry[],
  settings: VerdictSettings,
  options: JudgeOptions,
): Promise<Judged | BenchmarkVerdict> {
  const { reference, candidates, excluded, notes } = referenceFor(team.benchmark, registry, {
    asOf: settings.asOf,
    window: settings.window,
    rule: settings.rule,
    minProvenance: settings.minProvenance,
    ...(team.setting ? { setting: team.setting } : {}),
    ...(options.allowSettingMismatch ? { allowSettingMismatch: true } : {}),
  });
  const gaps = completenessNotes(team, registry, settings, candidates, options);
  const teamScore = team.fixed ?? team.outcomes!.reduce((a, b) => a + b, 0) / team.outcomes!.length;
  const items = team.outcomes ? team.outcomes.length : team.items;
  const row: BenchmarkVerdict = {
    benchmark: team.benchmark,
    team: {
      estimate: 100 * teamScore,
      low: 100 * teamScore,
      high: 100 * teamScore,
      ...(items ? { items } : {}),
      source: team.source,
      selfReported: team.fixed !== undefined,
    },
    decision: "NO-REFERENCE",
    excluded: excludedEntries(excluded),
    notes: [...team.notes],
  };
  if (!reference) {
    row.notes.push(...notes);
    if (settings.rule.kind !== "target")
      row.notes.push({
        kind: "no-reference",
        benchmark: team.benchmark,
        windowStart: windowStart(settings.asOf, settings.window),
        asOf: settings.asOf,
      });
    row.notes.push(...gaps);
    return row;
  }
  row.notes.push(...reference.notes, ...gaps);
  const single = reference.entries.length === 1 ? reference.entries[0]! : undefined;
  const pairing = single ? await options.pair(single, team) : undefined;
  let input: RatioInput;
  let uncertainty: Uncertainty;
  if (pairing && !("refused" in pairing)) {
    input = { team: { outcomes: pairing.team }, reference: { pairedOutcomes: pairing.reference } };
    uncertainty = { kind: "paired", items: pairing.team.length, run: pairing.run };
    if (pairing.team.length < team.outcomes!.length)
      row.notes.push({ kind: "paired-subset", shared: pairing.team.length, total: team.outcomes!.length });
  } else {
    if (pairing) row.notes.push(pairing.refused);
    const published = publishedError(reference);
    input = {
      team: teamRatioInput(team),
      reference: {
        score: reference.score / 100,
        ...(published.standardError !== undefined ? { standardError: published.standardError } : {}),
      },
    };
    uncertainty = published.uncertainty;
  }
  row.reference = {
    estimate: reference.score,
    low: reference.score,
    high: reference.score,
    rule: formatReferenceRule(settings.rule),
    models: reference.entries.map((entry) => ({
      model: entry.model,
      vendor: entry.vendor,
      score: entry.score,
      releaseDate: entry.release_date,
      citation: entry.citation,
      provenance: provenanceOf(entry),
      ...(entry.items ? { items: entry.items } : {}),
    })),
    uncertainty,
  };
  const judgedItems = "outcomes" in input.team ? input.team.outcomes.length : team.items;
  return { row, input, ...(judgedItems ? { items: judgedItems } : {}) };
}
