import * as z from "zod";
import type { JudgeDetails } from "../spec/scorer.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";
import { calibrationMetric, type ConfidenceDetails } from "./calibration-metric.js";
import { declareScorer } from "./define-scorer.js";
import { judgedMetric } from "./judge-metrics.js";
import { missingPromptIssues } from "./suite-checks.js";

const argsSchema = z
  .object({
    /** The judge prompt, by name in the suite's judge rubrics (HLE's JUDGE_PROMPT). */
    prompt: z.string().min(1).default("hle"),
    /** Item field holding the question as the model saw it. */
    question_field: z.string().min(1).default("question"),
  })
  .strict();

export type HleJudgeArgs = z.infer<typeof argsSchema>;

/** The judged table (the judge and its replies) and HLE's calibration error. */
const METRICS: ReadonlyArray<ScorerMetric<ConfidenceDetails & { judge?: JudgeDetails }>> = [judgedMetric, calibrationMetric];

/** The hle-judge scorer's id, arguments and metrics (its scoring code is `hle-judge.ts`). */
export const hleJudgeDeclaration = declareScorer({
  id: "hle-judge",
  description:
    "Humanity's Last Exam: an LLM judge with HLE's official prompt extracts the answer, judges it against the reference (yes/no) and reads the stated confidence (calibration error).",
  needsJudge: true,
  args: argsSchema,
  metrics: METRICS,
  checkSuite: (args, suite) => missingPromptIssues(suite, [{ path: ["scorer", "args", "prompt"], name: args.prompt }]),
});
