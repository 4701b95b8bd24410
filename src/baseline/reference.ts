import { KfmError } from "../spec/errors.js";
import type { SuiteSetting } from "../spec/run.js";
import type { BaselineEntry } from "./registry.js";
import { settingMismatch } from "./setting.js";
import { formatWindow, inWindow, monthsBetween, type Window } from "./window.js";

/** How the reference score for a benchmark is formed from the in-window global models. */
export type ReferenceRule = { kind: "best" } | { kind: "mean" } | { kind: "top"; k: number } | { kind: "target"; model: string };

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
  reason: string;
}

export interface Reference {
  benchmark: string;
  /** The reference score, 0–100: the mean of `entries` (one entry for best and target). */
  score: number;
  /** The entries that formed it (one for best and target; up to k for top-k; all for mean). */
  entries: BaselineEntry[];
  /** Entries of this benchmark that were left out, and why. */
  excluded: Excluded[];
  notes: string[];
}

export interface ReferenceOptions {
  asOf: string;
  window: Window;
  rule: ReferenceRule;
  setting?: SuiteSetting;
  allowSettingMismatch?: boolean;
}

export interface ReferenceChoice {
  reference?: Reference;
  excluded: Excluded[];
  /** Why there is no reference, or what to know about the one chosen. */
  notes: string[];
}

const age = (entry: BaselineEntry, asOf: string) => `${monthsBetween(entry.release_date, asOf).toFixed(1)} months before the as-of date`;

/**
 * Chooses the reference for one benchmark. Only global models released inside the window count
 * (`window.ts` holds the boundary rule), never one released after the as-of date, and only in a
 * setting comparable with the run's. `target:<model>` takes the declared model whatever its release
 * date or origin, and says so. Every entry of the benchmark left out is listed with the reason.
 */
export function referenceFor(benchmark: string, registry: readonly BaselineEntry[], options: ReferenceOptions): ReferenceChoice {
  const excluded: Excluded[] = [];
  const candidates: BaselineEntry[] = [];
  const notes: string[] = [];
  const target = options.rule.kind === "target" ? options.rule.model : undefined;
  for (const entry of registry) {
    if (entry.benchmark !== benchmark) continue;
    if (target !== undefined && entry.model !== target) continue;
    if (!entry.global && target === undefined) {
      excluded.push({ entry, reason: "not a global model" });
      continue;
    }
    if (entry.release_date > options.asOf) {
      excluded.push({ entry, reason: `released ${entry.release_date}, after the as-of date` });
      continue;
    }
    const inside = inWindow(entry.release_date, options.asOf, options.window);
    if (!inside && target === undefined) {
      excluded.push({ entry, reason: `out: released ${entry.release_date}, ${age(entry, options.asOf)} (window ${formatWindow(options.window)})` });
      continue;
    }
    const mismatch = settingMismatch(options.setting, entry.setting);
    if (mismatch && !options.allowSettingMismatch) {
      excluded.push({ entry, reason: `setting differs: ${mismatch}` });
      continue;
    }
    if (mismatch) notes.push(`${entry.model}: setting differs (${mismatch}); allowed by --allow-setting-mismatch`);
    candidates.push(entry);
  }

  // One score per model: a model listed by two sources (or in two comparable settings) counts once, at its best.
  const bestPerModel = new Map<string, BaselineEntry>();
  for (const entry of [...candidates].sort(byScore)) {
    const kept = bestPerModel.get(entry.model);
    if (kept) excluded.push({ entry, reason: `${entry.model} counts once: its entry scoring ${kept.score} is used` });
    else bestPerModel.set(entry.model, entry);
  }
  const sorted = [...bestPerModel.values()];
  if (sorted.length === 0) {
    if (target !== undefined) {
      const known = [...new Set(registry.filter((entry) => entry.benchmark === benchmark).map((entry) => entry.model))].sort();
      notes.push(
        excluded.length === 0
          ? `the target ${target} has no ${benchmark} entry${known.length ? ` (the registry has: ${known.join(", ")})` : ""}`
          : `the target ${target} has no usable ${benchmark} entry`,
      );
    }
    return { excluded, notes };
  }

  let chosen: BaselineEntry[];
  switch (options.rule.kind) {
    case "best":
    case "target":
      chosen = sorted.slice(0, 1);
      break;
    case "top":
      chosen = sorted.slice(0, options.rule.k);
      if (chosen.length < options.rule.k) notes.push(`only ${chosen.length} models qualify for top-${options.rule.k}`);
      break;
    case "mean":
      chosen = sorted;
      break;
  }
  const score = chosen.reduce((sum, entry) => sum + entry.score, 0) / chosen.length;
  for (const entry of chosen) {
    if (target !== undefined) {
      notes.push(`${entry.model} (${entry.release_date}) is the declared target`);
      if (!inWindow(entry.release_date, options.asOf, options.window)) notes.push(`${entry.model} is the declared target but was released ${entry.release_date}, outside the window (${age(entry, options.asOf)})`);
      if (!entry.global) notes.push(`${entry.model} is the declared target but not a global model`);
    } else {
      notes.push(`${entry.model} (${entry.release_date}) is in: released ${age(entry, options.asOf)}`);
    }
    if (entry.release_date_uncertain) notes.push(`${entry.model}: release date uncertain in its source`);
    if (entry.setting.shots === undefined || entry.setting.reasoning === undefined) notes.push(`${entry.model}: setting partly unknown (${entry.setting.note ?? "no description"})`);
    const vendorRun = /scores as reported by [^)]+/i.exec(entry.setting.note ?? "")?.[0];
    if (vendorRun) notes.push(`${entry.model}: vendor-run comparison (${vendorRun})`);
  }
  return { reference: { benchmark, score, entries: chosen, excluded, notes: [...new Set(notes)] }, excluded, notes: [...new Set(notes)] };
}

function byScore(a: BaselineEntry, b: BaselineEntry): number {
  return b.score - a.score || a.model.localeCompare(b.model);
}
