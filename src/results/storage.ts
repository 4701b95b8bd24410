import { dirname } from "node:path";
import { KfmError } from "../spec/errors.js";

/**
 * A failed write of a run's files (items.jsonl, summary.json, manifest.json) is its own error,
 * `storage` (exit 5): the message says "no space left on <path>" or the OS error, never "internal error".
 */
export function storageError(file: string, error: unknown): KfmError {
  if (KfmError.isInstance(error) && error.code === "storage") return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reason =
    code === "ENOSPC" ? `no space left on ${file}` : `cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`;
  return new KfmError("storage", reason, {
    cause: error,
    // Every file written is in a run directory: the resume command names it.
    hint: `What was written is kept. Free some space (or fix the disk), then resume with kfm eval --resume ${dirname(file)} (after kfm rescore or kfm merge, run that command again).`,
  });
}

/** The kinds of file the test seam can fail. */
export type FaultTarget = "items" | "summary" | "manifest";

const writesSoFar = new Map<FaultTarget, number>();

/**
 * TEST-ONLY seam: `KFM_TEST_WRITE_FAULT=<items|summary|manifest>:after=<N>` makes the write after
 * the first N of that kind fail as a full disk would (ENOSPC): for `items`, after N records; for
 * the JSON files, after N whole writes of that file. Tests reproduce a full disk with it, no real one.
 * Returns how many more writes (records) succeed, or undefined when no fault is set for `target`.
 */
export function writeFaultBudget(target: FaultTarget): number | undefined {
  const setting = faultSetting();
  if (!setting) return undefined;
  const match = /^(items|summary|manifest):after=(\d+)$/.exec(setting.trim());
  if (!match || match[1] !== target) return undefined;
  return Math.max(0, Number(match[2]) - (writesSoFar.get(target) ?? 0));
}

/** Counts writes for the seam (only while it is set). */
export function countWrite(target: FaultTarget, count = 1): void {
  if (faultSetting()) writesSoFar.set(target, (writesSoFar.get(target) ?? 0) + count);
}

let setting: string | undefined;
/** The seam's setting, read from the environment once a process: the item log asks on every write, and a read of process.env costs microseconds. */
function faultSetting(): string {
  return (setting ??= process.env.KFM_TEST_WRITE_FAULT ?? "");
}

/** The error a full disk gives, for the seam. */
export function simulatedNoSpace(): NodeJS.ErrnoException {
  return Object.assign(new Error("ENOSPC: no space left on device, write (KFM_TEST_WRITE_FAULT)"), { code: "ENOSPC" });
}
