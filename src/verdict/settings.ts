import { parseProvenanceLevel, parseReferenceRule } from "../baseline/reference.js";
import { parseDate, parseWindow, today } from "../baseline/window.js";
import { KfmError } from "../spec/errors.js";
import { DECIDE_BY, type DecideBy, type VerdictSettings } from "../spec/verdict.js";

/** The verdict's settings as a user gives them: text and numbers, all optional. */
export interface VerdictSettingsInput {
  /** YYYY-MM-DD; today (UTC) by default. */
  asOf?: string;
  /** `6mo` (default) or `180d`. */
  window?: string;
  /** best (default) | mean | top-<k> | target:<model>. */
  reference?: string;
  /** Required ratio to the reference; 0.95 by default. */
  threshold?: number;
  decideBy?: DecideBy;
  seed?: number;
  replicates?: number;
  /** Interval level, 0.95 by default. */
  level?: number;
  /** primary | secondary (default) | mirror: weaker scores are left out of the reference (a kfm measurement always counts). */
  minProvenance?: string;
  /** `1mo` (default) or `30d`: past the registry's review date by more than this, a verdict cannot PASS. */
  maxRegistryAge?: string;
}

/** Defaults filled in and every value checked once, here; an error names the flag. */
export function verdictSettings(input: VerdictSettingsInput): VerdictSettings {
  const threshold = input.threshold ?? 0.95;
  if (!(threshold > 0 && threshold <= 2)) throw new KfmError("usage", `--threshold expects a ratio such as 0.95, got ${threshold}`);
  const decideBy = input.decideBy ?? "ratio-of-averages";
  if (!DECIDE_BY.includes(decideBy)) throw new KfmError("usage", `--decide-by is ratio-of-averages or mean-of-ratios, got "${decideBy}"`);
  const replicates = input.replicates ?? 2000;
  if (!Number.isInteger(replicates) || replicates < 100)
    throw new KfmError("usage", `--replicates expects a whole number >= 100, got ${replicates}`);
  const seed = input.seed ?? 0;
  if (!Number.isInteger(seed) || seed < 0) throw new KfmError("usage", `--seed expects a whole number >= 0, got ${seed}`);
  const level = input.level ?? 0.95;
  if (!(level >= 0.5 && level < 1))
    throw new KfmError("usage", `--level expects an interval level such as 0.95 (between 0.5 and 1), got ${level}`);
  return {
    asOf: input.asOf ? parseDate(input.asOf) : today(),
    window: parseWindow(input.window ?? "6mo"),
    rule: parseReferenceRule(input.reference ?? "best"),
    threshold,
    decideBy,
    seed,
    replicates,
    level,
    minProvenance: parseProvenanceLevel(input.minProvenance ?? "secondary"),
    maxRegistryAge: parseWindow(input.maxRegistryAge ?? "1mo", "--max-registry-age"),
  };
}
