import { percent, percentSpan } from "../spec/format.js";
import { describeSetting } from "../baseline/setting.js";
import type { BenchmarkVerdict, Exclusion, OverallSettle, Uncertainty, Unsettleable, Verdict, VerdictNote } from "../spec/verdict.js";

type Templates<Union extends { kind: string }, Extra extends unknown[] = []> = {
  [Kind in Union["kind"]]: (value: Extract<Union, { kind: Kind }>, ...extra: Extra) => string;
};

/**
 * Every sentence the verdict says, one template per kind of reason. The decision never reads
 * these: rewording one changes the text and nothing else (a test rewords them all).
 */
export interface Wording {
  notes: Templates<VerdictNote>;
  exclusions: Templates<Exclusion, [model: string]>;
  uncertainty: Templates<Uncertainty>;
  unsettleable: Templates<Unsettleable>;
  overallSettle: Templates<OverallSettle>;
}

const unsettleable: Templates<Unsettleable> = {
  "on-threshold": () => "the estimate sits exactly on the threshold: no number of items settles it",
  "no-items": () => "no item count to scale from",
  "reference-error": ({ halfWidth }) =>
    `the reference's own sampling error (±${(100 * halfWidth).toFixed(1)} percentage points of the ratio) is wider than the distance to the threshold; more team items cannot settle it`,
};

const MISSING_FIX =
  "measure them with kfm (kfm eval <suite> on the model's API, then kfm baselines import <runDir>) or add their published numbers (kfm baselines add); a release whose date is a range can be dated in calendar.yaml";

const SAME_SETTING = "baselines are compared whatever their shots and reasoning";

export const WORDING: Wording = {
  notes: {
    "run-status": ({ run, status }) => `run ${run} is ${status}`,
    "endpoint-errors": ({ count }) => `${count} items ended in an endpoint error and are not counted`,
    "unreadable-lines": ({ count }) => `${count} unreadable lines in items.jsonl were skipped`,
    "simulated-endpoint": () => "the team run used kfm's simulated endpoint, not a real model",
    "repeated-samples": ({ samples, items }) =>
      `${samples} samples per item: each of the ${items} items counts with its mean over its samples (avg@${samples}), and the interval resamples items`,
    selection: ({ items, sample, limit }) => `a ${items}-item selection of the suite (sample ${sample ?? "-"}, limit ${limit ?? "-"})`,
    shard: ({ index, count }) => `shard ${index + 1} of ${count} only`,
    "identity-changed": ({ reasons }) =>
      `the run is unsound: the endpoint's identity changed during it (${reasons.join("; ") || "see the manifest"}), so its score is no one model's; run it again against a pinned model`,
    "stage-subset": ({ stageBenchmark, measured, why }) =>
      `the stage scores ${stageBenchmark}; this run measures ${measured} (${why}), so it is compared with ${measured}'s published scores, not the full set's; without one in the window the row cannot be decided`,
    "setting-as-sent": ({ thinking, reasoning, declared }) =>
      `the requests switched thinking ${thinking}, so the run is compared as ${describeSetting({ reasoning })}${declared ? ` (the suite declares ${describeSetting({ reasoning: declared })})` : ""}`,
    "no-setting": ({ source }) =>
      `${source === "run" ? "the run's manifest" : "the self-reported score"} states no setting: ${SAME_SETTING}`,
    "self-reported": ({ items }) =>
      items
        ? `self-reported over ${items} items: binomial interval from the item count, no item-level data`
        : "self-reported, no item-level interval",
    "reported-for": ({ who }) => `reported for ${who}`,
    "team-note": ({ text }) => text,
    citation: ({ citation }) => `source: ${citation}`,
    "no-reference": ({ benchmark, windowStart, asOf }) =>
      `no global model released in the window ${windowStart} < date <= ${asOf} has a ${benchmark} score in a matching setting`,
    "target-missing": ({ target, benchmark, known, anyExcluded }) =>
      anyExcluded
        ? `the target ${target} has no usable ${benchmark} entry`
        : `the target ${target} has no ${benchmark} entry${known.length ? ` (the registry has: ${known.join(", ")})` : ""}`,
    target: ({ model, releaseDate }) => `${model} (${releaseDate}) is the declared target`,
    "target-outside-window": ({ model, releaseDate, monthsBefore }) =>
      `${model} is the declared target but was released ${releaseDate}, outside the window (${monthsBefore.toFixed(1)} months before the as-of date): the bar is a global model released within the window, so this cannot PASS`,
    "target-not-global": ({ model }) =>
      `${model} is the declared target but not a global model: the bar is set by global models only, so this cannot PASS`,
    "target-unknown": ({ target, suggestions }) =>
      `the declared target ${target} is not a model the registry knows${suggestions.length ? ` (did you mean ${suggestions.join(" or ")}?)` : ""}: the bar must be a global model with a score in the registry, so this cannot PASS`,
    "in-window": ({ model, releaseDate, monthsBefore }) =>
      `${model} (${releaseDate}) is in: released ${monthsBefore.toFixed(1)} months before the as-of date`,
    "setting-mismatch-allowed": ({ model, mismatch }) => `${model}: setting differs (${mismatch}); allowed by --allow-setting-mismatch`,
    "top-k-short": ({ k, qualified }) => `only ${qualified} models qualify for top-${k}`,
    "release-date-uncertain": ({ model }) => `${model}: release date uncertain in its source`,
    "setting-unknown": ({ model, description }) => `${model}: setting partly unknown (${description ?? "no description"})`,
    "vendor-run": ({ model, detail }) => `${model}: vendor-run comparison (${detail})`,
    "release-missing": ({ model, vendor, benchmark, releaseDate, leftOut }) =>
      `${model} (${vendor}), released ${releaseDate}, has no ${benchmark} score in the registry${leftOut ? ` that counts here (${leftOut} left out: another setting or a weaker provenance)` : ""}`,
    "release-undated": ({ model, vendor, benchmark, when, earliest, latest, certain, leftOut }) =>
      `${model} (${vendor}) ${certain ? "was released in the window" : "may have been released in the window"} (${when}: between ${earliest} and ${latest}) and has no ${benchmark} score in the registry${leftOut ? ` that counts here (${leftOut} left out)` : ""}`,
    "no-calendar": () =>
      "the registry has no release calendar (calendar.yaml): whether an in-window global release lacks a score here is unknown, so the reference may be too low; a calendar.yaml listing the global releases, reviewed through the as-of date, would settle it",
    "registry-reviewed": ({ reviewedThrough, days, maxAge }) =>
      `the registry was reviewed through ${reviewedThrough}, ${days} days before the as-of date (allowed: ${maxAge}); releases since then are not in it`,
    "registry-stale": ({ reviewedThrough, days, maxAge }) =>
      `the registry is stale: reviewed through ${reviewedThrough}, ${days} days before the as-of date, more than the allowed ${maxAge} (--max-registry-age); newer releases may be missing, so this cannot PASS: review the registry (calendar.yaml reviewed_through) or decide as of an earlier date`,
    "paired-subset": ({ shared, total }) => `the team score is over the ${shared} items both runs answered, of the team's ${total}`,
    "pairing-refused": ({ model, run, why }) => {
      switch (why.kind) {
        case "self-reported":
          return `${model} was measured by kfm (run ${run}), but the team score is self-reported: not paired`;
        case "hash-differs":
          return `not paired with kfm run ${run}: its suite hash ${why.referenceHash} differs from the team run's ${why.teamHash ?? "(none)"} (another suite or version); the reference is treated as a published score`;
        case "no-runs-dir":
          return `kfm run ${run} could pair items with the team's; pass --runs-dir <folder that holds it> to use it`;
        case "not-in-runs-dir":
          return `kfm run ${run} is not in ${why.runsDir}: not paired`;
        case "no-shared-items":
          return `kfm run ${run} shares no answered items with the team run: not paired`;
      }
    },
    settle: ({ more, items }) => `about ${more} more items (${items} in all) would settle it, if the ratio held`,
    unsettleable: ({ why }) => `INCONCLUSIVE: ${unsettleable[why.kind](why as never)}`,
    "settle-unknown": () => "self-reported without an item count: no estimate of the items that would settle it",
  },
  exclusions: {
    "not-global": () => "not a global model",
    "after-as-of": ({ releaseDate }) => `released ${releaseDate}, after the as-of date`,
    "outside-window": ({ releaseDate, monthsBefore, window }) =>
      `out: released ${releaseDate}, ${monthsBefore.toFixed(1)} months before the as-of date (window ${window})`,
    "setting-differs": ({ mismatch }) => `setting differs: ${mismatch}`,
    "counted-once": ({ keptScore }, model) => `${model} counts once: its entry scoring ${keptScore} is used`,
    "provenance-below": ({ provenance, minimum }) => `provenance ${provenance}, weaker than --min-provenance ${minimum}`,
  },
  uncertainty: {
    paired: ({ items, run }) => `paired bootstrap over ${items} shared items (kfm run ${run})`,
    exact: () => "reference treated as exact: item count unknown",
    published: ({ entries, known, items, unknown }) =>
      entries === 1
        ? `sampling error of the published score over ${items} items`
        : unknown.length === 0
          ? `sampling error of the ${entries} published scores over their items`
          : `sampling error of ${known} of the ${entries} published scores; ${unknown.join(", ")} treated as exact: item count unknown`,
  },
  unsettleable,
  overallSettle: {
    "settle-unknown": () => "overall: self-reported scores without item counts; no estimate of the items that would settle it",
    unsettleable: ({ why }) => `overall INCONCLUSIVE: ${unsettleable[why.kind](why as never)}`,
    settle: ({ more, items, judged }) =>
      `overall: about ${more} more team items across the benchmarks (${(items / judged).toFixed(1)}x the ${judged} judged) would settle it, if the ratios held`,
  },
};

/** One note in words. */
export function noteText(note: VerdictNote, wording: Wording = WORDING): string {
  return wording.notes[note.kind](note as never);
}

/** What held a decision back, in words: the releases without a score named together with the fix, then the other blocking notes. */
function heldBack(row: BenchmarkVerdict, wording: Wording): string {
  const by = new Set(row.capped?.by ?? []);
  const blocking = row.notes.filter((note) => by.has(note.kind));
  const leftOut = (count: number) => (count ? `; ${count} score(s) left out` : "");
  const dated = blocking.flatMap((note) =>
    note.kind === "release-missing" ? [`${note.model} (${note.releaseDate}${leftOut(note.leftOut)})`] : [],
  );
  const ranged = blocking.flatMap((note) =>
    note.kind === "release-undated" ? [`${note.model} (${note.earliest}..${note.latest}${leftOut(note.leftOut)})`] : [],
  );
  const parts: string[] = [];
  if (dated.length) parts.push(`${dated.length} release(s) in the window have no usable ${row.benchmark} score: ${dated.join(", ")}`);
  if (ranged.length) parts.push(`${ranged.length} release(s) whose date range overlaps the window have none either: ${ranged.join(", ")}`);
  if (parts.length) parts.push(MISSING_FIX);
  parts.push(
    ...blocking.filter((note) => note.kind !== "release-missing" && note.kind !== "release-undated").map((note) => noteText(note, wording)),
  );
  return parts.join("; ");
}

/** When the calendar names releases without a score but the decision stands (a FAIL under best), say so. */
function incomplete(row: BenchmarkVerdict): string {
  const missing = row.notes.filter((note) => note.kind === "release-missing" || note.kind === "release-undated").length;
  return missing
    ? ` (${missing} release(s) in or possibly in the window have no usable ${row.benchmark} score: the reference may be ${row.reference?.rule === "best" ? "higher" : "different"}; see the notes)`
    : "";
}

function benchmarkReason(row: BenchmarkVerdict, wording: Wording): string {
  if (!row.ratio || !row.reference) {
    if (row.capped) return `${row.benchmark}: no reference -> INCONCLUSIVE: ${heldBack(row, wording)}`;
    const why = row.notes.find((note) => note.kind === "no-reference" || note.kind === "target-missing");
    return `${row.benchmark}: no reference${why ? `: ${noteText(why, wording)}` : ""} (not counted)`;
  }
  const models = row.reference.models.map((model) => `${model.model} (${model.releaseDate})`).join(", ");
  const settle = row.notes.find((note) => note.kind === "settle");
  const unsettled = row.notes.find((note) => note.kind === "unsettleable");
  return (
    `${row.benchmark}: ${row.team.estimate.toFixed(1)} vs ${row.reference.estimate.toFixed(1)} of ${models} = ${percentSpan(row.ratio)} -> ${row.decision}` +
    (row.capped ? ` (the interval says ${row.capped.from}; held back: ${heldBack(row, wording)})` : incomplete(row)) +
    (settle ? ` (about ${settle.more} more items (${settle.items} in all) would settle it)` : "") +
    (unsettled ? ` (${wording.unsettleable[unsettled.why.kind](unsettled.why as never)})` : "") +
    (row.team.selfReported && row.team.items === undefined ? " (self-reported, no item-level interval)" : "")
  );
}

/** The reasons a reader needs, one line each: per benchmark, then overall, then what is missing. */
function reasons(verdict: Verdict, wording: Wording): string[] {
  const lines = verdict.benchmarks.map((row) => benchmarkReason(row, wording));
  const { ratioOfAverages, meanOfRatios, settle } = verdict.overall;
  if (ratioOfAverages && meanOfRatios) {
    const byAverages = verdict.decideBy === "ratio-of-averages";
    const deciding = byAverages ? ratioOfAverages : meanOfRatios;
    const other = byAverages ? `mean of ratios ${percentSpan(meanOfRatios)}` : `ratio of averages ${percentSpan(ratioOfAverages)}`;
    const capped = verdict.overall.capped ? ` (the interval says ${verdict.overall.capped.from}; held back by the gaps above)` : "";
    lines.push(
      `overall (${verdict.decideBy}, decides): ${percentSpan(deciding)} against ${percent(verdict.threshold)} -> ${verdict.overall.decision}${capped}; ${other}`,
    );
  } else if (verdict.overall.capped) {
    lines.push(
      `overall: INCONCLUSIVE: no benchmark has a reference to compare with, and the registry is missing scores it should have (above)`,
    );
  }
  if (settle) lines.push(wording.overallSettle[settle.kind](settle as never));
  if (verdict.stage?.missing.length)
    lines.push(`stage ${verdict.stage.id}: no team score for ${verdict.stage.missing.join(", ")} (0 points each)`);
  return lines;
}

/**
 * The verdict in words: every note, exclusion and uncertainty gets its `text`, and `reasons` the
 * lines a reader needs. The data is copied unchanged; only text is added.
 */
export function explainVerdict(verdict: Verdict, wording: Wording = WORDING): Verdict {
  const benchmarks = verdict.benchmarks.map((row) => ({
    ...row,
    notes: row.notes.map((note) => ({ ...note, text: noteText(note, wording) })),
    excluded: row.excluded.map((entry) => ({
      ...entry,
      reason: { ...entry.reason, text: wording.exclusions[entry.reason.kind](entry.reason as never, entry.model) },
    })),
    ...(row.reference
      ? {
          reference: {
            ...row.reference,
            uncertainty: {
              ...row.reference.uncertainty,
              text: wording.uncertainty[row.reference.uncertainty.kind](row.reference.uncertainty as never),
            },
          },
        }
      : {}),
  }));
  const explained = { ...verdict, benchmarks };
  return { ...explained, reasons: reasons(explained, wording) };
}
