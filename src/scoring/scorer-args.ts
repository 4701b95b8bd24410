import type * as z from "zod";
import { KfmError, type KfmErrorOptions } from "../spec/errors.js";

/** One problem with a suite's `scorer.args`: where under `args` (a zod path) and what is wrong. */
export interface ArgsIssue {
  path: Array<string | number>;
  message: string;
  /** An unknown key: the issue is reported on its parent, but the typo is at this key. */
  key?: string;
}

const marker = Symbol.for("kfm.scorer-args-error");

/** Bad `scorer.args`, with every issue kept as data so `kfm suites validate` can point at the line of each. */
export class ScorerArgsError extends KfmError {
  readonly [marker] = true;
  readonly issues: readonly ArgsIssue[];
  constructor(issues: readonly ArgsIssue[], options: KfmErrorOptions = {}) {
    super("suite", issues.map((issue) => `scorer.${argsPath(issue)}: ${issue.message}`).join("; "), options);
    this.name = "ScorerArgsError";
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is ScorerArgsError {
    return KfmError.isInstance(error) && (error as unknown as Record<symbol, unknown>)[marker] === true;
  }
}

/** `args.choices.3`, or `args` for the object itself. */
export function argsPath(issue: ArgsIssue): string {
  return ["args", ...issue.path].join(".");
}

/** Where an issue is in the suite document, from its root: the unknown key itself when there is one. */
export function issueLocation(issue: ArgsIssue): Array<string | number> {
  return ["scorer", "args", ...issue.path, ...(issue.key !== undefined ? [issue.key] : [])];
}

/**
 * A scorer's `scorer.args` parsed with its schema (the one parse path every scorer uses); every
 * problem names its field (`scorer.args.strings: …`). `hint` says what good arguments look like.
 */
export function parseScorerArgs<T>(schema: z.ZodType<T>, args: unknown, hint?: string): T {
  const parsed = schema.safeParse(args ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue): ArgsIssue => ({
    path: issue.path.map((key) => (typeof key === "number" ? key : String(key))),
    message: issue.message,
    ...(issue.code === "unrecognized_keys" && issue.keys.length > 0 ? { key: issue.keys[0]! } : {}),
  }));
  throw new ScorerArgsError(issues, hint ? { hint } : {});
}
