import * as z from "zod";
import { declareScorer } from "./define-scorer.js";
import { agenticIssues } from "./suite-checks.js";
import { toolUseMetric } from "./tool-use-metrics.js";

const argsSchema = z
  .object({
    /** `normalized` compares strings as BFCL does (case, spaces, `, . / - _ * ^` ignored); `exact` as written. */
    strings: z.enum(["normalized", "exact"]).default("normalized"),
  })
  .strict();

export type ToolCallArgs = z.infer<typeof argsSchema>;

/** The tool-call scorer's id, arguments and metrics (its scoring code is `tool-call.ts`). */
export const toolCallDeclaration = declareScorer({
  id: "tool-call",
  description:
    "Tool-use turns: the call decision (call, ask, answer) and, for calls, BFCL-style argument matching against the expected calls.",
  args: argsSchema,
  metrics: [toolUseMetric],
  checkSuite: (_args, suite) => agenticIssues("tool-call", suite),
});
