import type { SuiteSetting } from "../spec/run.js";
import type { BaselineSetting } from "./registry.js";

type Reasoning = "none" | "allowed" | "required";

/**
 * Which published reasoning settings a run is compared with, by the run's own setting.
 * - `none` (the run answers directly): only direct answers; a score that reasoned first, by chain of
 *   thought or in thinking mode, is a different task.
 * - `allowed` (the run lets the model reason if it wants): every setting, because under that rule each
 *   model answers in its own mode; a thinking model's thinking-mode score is what it does there.
 * - `required` (thinking mode): scores that reasoned, not direct answers.
 */
const COMPARABLE: Record<Reasoning, readonly Reasoning[]> = {
  none: ["none"],
  allowed: ["none", "allowed", "required"],
  required: ["allowed", "required"],
};

const DESCRIBED: Record<Reasoning, string> = {
  none: "answered directly",
  allowed: "reasoned before answering (chain of thought)",
  required: "thinking mode",
};

const RUN_DESCRIBED: Record<Reasoning, string> = {
  none: "the run answers directly",
  allowed: "the run allows reasoning",
  required: "the run requires reasoning",
};

function isReasoning(value: string | undefined): value is Reasoning {
  return value === "none" || value === "allowed" || value === "required";
}

/**
 * Like with like: why a published entry's setting does not match the run's, or undefined when it
 * does. Shots must agree when both sides state them; reasoning follows COMPARABLE. A side that does
 * not say is not a mismatch: the verdict notes the setting as partly unknown instead.
 */
export function settingMismatch(run: SuiteSetting | undefined, entry: BaselineSetting): string | undefined {
  if (run?.shots !== undefined && entry.shots !== undefined && run.shots !== entry.shots)
    return `${entry.shots}-shot, the run is ${run.shots}-shot`;
  const runReasoning = run?.reasoning;
  if (isReasoning(runReasoning) && entry.reasoning !== undefined && !COMPARABLE[runReasoning].includes(entry.reasoning)) {
    return `${DESCRIBED[entry.reasoning]}, ${RUN_DESCRIBED[runReasoning]}`;
  }
  return undefined;
}

/** Short text for a setting: `0-shot, thinking mode`. */
export function describeSetting(setting: { shots?: number; reasoning?: string } | undefined): string {
  const parts: string[] = [];
  if (setting?.shots !== undefined) parts.push(`${setting.shots}-shot`);
  if (setting?.reasoning !== undefined) parts.push(isReasoning(setting.reasoning) ? DESCRIBED[setting.reasoning] : setting.reasoning);
  return parts.join(", ") || "setting not stated";
}
