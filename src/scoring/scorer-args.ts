import type { z } from "zod";
import { KfmError } from "../spec/errors.js";

/** A scorer's `scorer.args` parsed with its schema; the first problem names the field (`scorer.args.strings: …`). */
export function parseScorerArgs<T>(schema: z.ZodType<T>, args: unknown): T {
  const parsed = schema.safeParse(args ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new KfmError("suite", `scorer.args${issue.path.length ? "." + issue.path.join(".") : ""}: ${issue.message}`);
  }
  return parsed.data;
}
