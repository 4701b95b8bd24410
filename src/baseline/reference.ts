import { KfmError } from "../spec/errors.js";
import { closest } from "./benchmarks.js";
import type { SuiteSetting } from "../spec/run.js";
import { PROVENANCE, type Exclusion, type Provenance, type ReferenceRule, type VerdictNote } from "../spec/verdict.js";
import { provenanceOf, type BaselineEntry } from "./registry.js";
import { settingMismatch } from "./setting.js";
import { formatWindow, inWindow, monthsBetween, type Window } from "./window.js";

export type { ReferenceRule } from "../spec/verdict.js";

export function parseReferenceRule(text: string): ReferenceRule {
  if (text === "best") return { kind: "best" };
  if (text === "mean") return { kind: "mean" };
  const top = /^top-(\d+)$/.exec(text);
  if (top && Number(top[1]) >= 1) return { kind: "top", k: Number(top[1]) };
  const target = /^target:(.+)$/.exec(text);
  if (target && target[1]!.trim()) return { kind: "target", model: target[1]!.trim() };
  throw new KfmError("usage", `--reference is best, mean, top-<k> or target:<model>; got "${text}"`, {
    hint: 'e.g. --reference top-3, or --reference "target:Qwen3-235B-A22B (thinking)" (the model as the registry names it).',
  });
}

export function formatReferenceRule(rule: ReferenceRule): string {
  return rule.kind === "top" ? `top-${rule.k}` : rule.kind === "target" ? `target:${rule.model}` : rule.kind;
}

export interface Excluded {
  entry: BaselineEntry;
  reason: Exclusion;
}

export interface Reference {
  benchmark: string;
  /** The reference score, 0–100: the mean of `entries` (one entry for best and target). */
  score: number;
  /** The entries that formed it (one for best and target; up to k for top-k; all for mean). */
  entries: BaselineEntry[];
  /** Entries of this benchmark that were left out, and why. */
  excluded: Excluded[];
  notes: VerdictNote[];
}

export interface ReferenceOptions {
  asOf: string;
  window: Window;
  rule: ReferenceRule;
  setting?: SuiteSetting;
  allowSettingMismatch?: boolean;
  /** Scores weaker than this are left out (default: every provenance counts). */
  minProvenance?: Provenance;
}

export interface ReferenceChoice {
  reference?: Reference;
  /** Every entry that qualified (before a model is counted once): what the calendar checks a release against. */
  candidates: BaselineEntry[];
  excluded: Excluded[];
  /** Why there is no reference, or what to know about the one chosen. */
  notes: VerdictNote[];
}

/** A provenance level as a user gives it (`--min-provenance`, `--provenance`): primary, secondary or mirror; `measured` comes only from a kfm run. */
export function parseProvenanceLevel(text: string, flag = "--min-provenance"): Provenance {
  const found = PROVENANCE.find((level) => level === text);
  if (!found || found === "measured")
    throw new KfmError("usage", `${flag} is primary, secondary or mirror, got "${text}"`, {
      hint: "A kfm measurement (provenance measured) always counts.",
    });
  return found;
}

/** Whether a provenance is at least as strong as the minimum (measured > primary > secondary > mirror). */
export function meetsProvenance(provenance: Provenance, minimum: Provenance): boolean {
  return PROVENANCE.indexOf(provenance) <= PROVENANCE.indexOf(minimum);
}

const monthsBefore = (entry: BaselineEntry, asOf: string) => Number(monthsBetween(entry.release_date, asOf).toFixed(1));

/**
 * Chooses the reference for one benchmark. Only global models released inside the window count
 * (`window.ts` holds the boundary rule), never one released after the as-of date, and only in a
 * setting comparable with the run's. `target:<model>` takes the declared model whatever its release
 * date or origin, and says so. Every entry of the benchmark left out is listed with the reason.
 */
export function referenceFor(benchmark: string, registry: readonly BaselineEntry[], options: ReferenceOptions): ReferenceChoice {
  const excluded: Excluded[] = [];
  const candidates: BaselineEntry[] = [];
  const notes: VerdictNote[] = [];
  const target = options.rule.kind === "target" ? options.rule.model : undefined;
  for (const entry of registry) {
    if (entry.benchmark !== benchmark) continue;
    if (target !== undefined && entry.model !== target) continue;
    if (!entry.global && target === undefined) {
      excluded.push({ entry, reason: { kind: "not-global" } });
      continue;
    }
    if (entry.release_date > options.asOf) {
      excluded.push({ entry, reason: { kind: "after-as-of", releaseDate: entry.release_date } });
      continue;
    }
    const inside = inWindow(entry.release_date, options.asOf, options.window);
    if (!inside && target === undefined) {
      excluded.push({
        entry,
        reason: {
          kind: "outside-window",
          releaseDate: entry.release_date,
          monthsBefore: monthsBefore(entry, options.asOf),
          window: formatWindow(options.window),
        },
      });
      continue;
    }
    const provenance = provenanceOf(entry);
    if (options.minProvenance && !meetsProvenance(provenance, options.minProvenance)) {
      excluded.push({ entry, reason: { kind: "provenance-below", provenance, minimum: options.minProvenance } });
      continue;
    }
    const mismatch = settingMismatch(options.setting, entry.setting);
    if (mismatch && !options.allowSettingMismatch) {
      excluded.push({ entry, reason: { kind: "setting-differs", mismatch } });
      continue;
    }
    if (mismatch) notes.push({ kind: "setting-mismatch-allowed", model: entry.model, mismatch });
    candidates.push(entry);
  }

  // One score per model: a model listed by two sources (or in two comparable settings) counts once, at its best.
  const bestPerModel = new Map<string, BaselineEntry>();
  for (const entry of [...candidates].sort(byScore)) {
    const kept = bestPerModel.get(entry.model);
    if (kept) excluded.push({ entry, reason: { kind: "counted-once", keptScore: kept.score } });
    else bestPerModel.set(entry.model, entry);
  }
  const sorted = [...bestPerModel.values()];
  if (sorted.length === 0) {
    if (target !== undefined && !registry.some((entry) => entry.model === target)) {
      notes.push({ kind: "target-unknown", target, suggestions: closest(target, [...new Set(registry.map((entry) => entry.model))]) });
    } else if (target !== undefined) {
      const known = [...new Set(registry.filter((entry) => entry.benchmark === benchmark).map((entry) => entry.model))].sort();
      notes.push({ kind: "target-missing", target, benchmark, known, anyExcluded: excluded.length > 0 });
    }
    return { candidates, excluded, notes };
  }

  let chosen: BaselineEntry[];
  switch (options.rule.kind) {
    case "best":
    case "target":
      chosen = sorted.slice(0, 1);
      break;
    case "top":
      chosen = sorted.slice(0, options.rule.k);
      if (chosen.length < options.rule.k) notes.push({ kind: "top-k-short", k: options.rule.k, qualified: chosen.length });
      break;
    case "mean":
      chosen = sorted;
      break;
  }
  const score = chosen.reduce((sum, entry) => sum + entry.score, 0) / chosen.length;
  for (const entry of chosen) {
    if (target !== undefined) {
      notes.push({ kind: "target", model: entry.model, releaseDate: entry.release_date });
      if (!inWindow(entry.release_date, options.asOf, options.window))
        notes.push({
          kind: "target-outside-window",
          model: entry.model,
          releaseDate: entry.release_date,
          monthsBefore: monthsBefore(entry, options.asOf),
        });
      if (!entry.global) notes.push({ kind: "target-not-global", model: entry.model });
    } else {
      notes.push({
        kind: "in-window",
        model: entry.model,
        releaseDate: entry.release_date,
        monthsBefore: monthsBefore(entry, options.asOf),
      });
    }
    if (entry.release_date_uncertain) notes.push({ kind: "release-date-uncertain", model: entry.model });
    if (entry.setting.shots === undefined || entry.setting.reasoning === undefined)
      notes.push({ kind: "setting-unknown", model: entry.model, ...(entry.setting.note ? { description: entry.setting.note } : {}) });
    const vendorRun = /scores as reported by [^)]+/i.exec(entry.setting.note ?? "")?.[0];
    if (vendorRun) notes.push({ kind: "vendor-run", model: entry.model, detail: vendorRun });
  }
  const unique = uniqueNotes(notes);
  return { reference: { benchmark, score, entries: chosen, excluded, notes: unique }, candidates, excluded, notes: unique };
}

function byScore(a: BaselineEntry, b: BaselineEntry): number {
  return b.score - a.score || a.model.localeCompare(b.model);
}

/** Two entries of one model can raise the same note: keep it once. */
function uniqueNotes(notes: VerdictNote[]): VerdictNote[] {
  const seen = new Set<string>();
  return notes.filter((note) => {
    const key = JSON.stringify(note);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
