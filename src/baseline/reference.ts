import type { SuiteSetting } from "../spec/run.js";
import type { BaselineEntry } from "./registry.js";
import { formatWindow, inWindow, monthsBetween, type Window } from "./window.js";

/** How the reference score for a benchmark is formed from the in-window global models. */
export type ReferenceRule = { kind: "best" } | { kind: "mean" } | { kind: "top"; k: number } | { kind: "target"; model: string };

export function parseReferenceRule(text: string): ReferenceRule {
  if (text === "best") return { kind: "best" };
  if (text === "mean") return { kind: "mean" };
  const top = /^top-(\d+)$/.exec(text);
  if (top && Number(top[1]) >= 1) return { kind: "top", k: Number(top[1]) };
  const target = /^target:(.+)$/.exec(text);
  if (target) return { kind: "target", model: target[1]!.trim() };
  throw new Error(`--reference is best, mean, top-<k> or target:<model>; got "${text}"`);
}

export function formatReferenceRule(rule: ReferenceRule): string {
  return rule.kind === "top" ? `top-${rule.k}` : rule.kind === "target" ? `target:${rule.model}` : rule.kind;
}

/**
 * Like with like: shots must agree when both sides state them; a direct-answer run (reasoning
 * `none`) is not compared with a thinking-mode score, nor a reasoning run with a non-thinking one.
 * A side that does not say is compatible, but the verdict notes that the setting is partly unknown.
 */
export function settingMismatch(run: SuiteSetting | undefined, entry: BaselineEntry["setting"]): string | undefined {
  if (run?.shots !== undefined && entry.shots !== undefined && run.shots !== entry.shots) return `${entry.shots}-shot, the run is ${run.shots}-shot`;
  if (run?.reasoning === "none" && entry.reasoning === "required") return "thinking mode, the run answers directly";
  if (run?.reasoning === "required" && entry.reasoning === "none") return "non-thinking, the run requires reasoning";
  return undefined;
}

export interface Excluded {
  entry: BaselineEntry;
  reason: string;
}

export interface Reference {
  benchmark: string;
  /** The reference score, 0–100. */
  score: number;
  /** The entries that formed it (one for best and target; k for top-k; all for mean). */
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

/** Chooses the reference for one benchmark; undefined when no entry qualifies (with the exclusions). */
export function referenceFor(benchmark: string, registry: readonly BaselineEntry[], options: ReferenceOptions): { reference?: Reference; excluded: Excluded[] } {
  const excluded: Excluded[] = [];
  const candidates: BaselineEntry[] = [];
  const notes: string[] = [];
  for (const entry of registry) {
    if (entry.benchmark !== benchmark) continue;
    const targeted = options.rule.kind === "target" && entry.model === options.rule.model;
    if (options.rule.kind === "target" && !targeted) continue;
    if (!entry.global && !targeted) {
      excluded.push({ entry, reason: "not a global model" });
      continue;
    }
    if (entry.release_date > options.asOf) {
      excluded.push({ entry, reason: `released ${entry.release_date}, after the as-of date` });
      continue;
    }
    if (!targeted && !inWindow(entry.release_date, options.asOf, options.window)) {
      excluded.push({ entry, reason: `out: released ${entry.release_date}, ${monthsBetween(entry.release_date, options.asOf).toFixed(1)} months before the as-of date (window ${formatWindow(options.window)})` });
      continue;
    }
    const mismatch = settingMismatch(options.setting, entry.setting);
    if (mismatch && !options.allowSettingMismatch) {
      excluded.push({ entry, reason: `setting differs: ${mismatch}` });
      continue;
    }
    if (mismatch) notes.push(`${entry.model}: setting differs (${mismatch}); allowed by --allow-setting-mismatch`);
    if (targeted && !inWindow(entry.release_date, options.asOf, options.window)) notes.push(`${entry.model} is the declared target but was released ${entry.release_date}, outside the window`);
    candidates.push(entry);
  }
  if (candidates.length === 0) return { excluded };
  const sorted = [...candidates].sort((a, b) => b.score - a.score || a.model.localeCompare(b.model));
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
  for (const entry of chosen) notes.push(`${entry.model} (${entry.release_date}) is in: released ${monthsBetween(entry.release_date, options.asOf).toFixed(1)} months before the as-of date`);
  for (const entry of chosen) {
    if (entry.release_date_uncertain) notes.push(`${entry.model}: release date uncertain in its source`);
    if (entry.setting.shots === undefined || entry.setting.reasoning === undefined) notes.push(`${entry.model}: setting partly unknown (${entry.setting.note ?? "no description"})`);
    if (/reported by/i.test(entry.setting.note ?? "")) notes.push(`${entry.model}: vendor-run comparison (${/scores as reported by [^)]+/i.exec(entry.setting.note ?? "")?.[0] ?? "reported by another vendor"})`);
  }
  return { reference: { benchmark, score, entries: chosen, excluded, notes: [...new Set(notes)] }, excluded };
}
