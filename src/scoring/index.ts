/** The scoring feature as the app sees it: the registry and its declarations; each scorer's scoring code loads when a run creates it. */
export {
  builtInScorers,
  createScorer,
  createScorerRegistry,
  describeScorerProblem,
  listScorers,
  scorerNeedsJudge,
  scorerRegistry,
  scorers,
  type ScorerId,
  type ScorerProblem,
  type ScorerRegistry,
} from "./registry.js";
export { rescoreRecord } from "./rescore-record.js";
export { declareScorer, defineScorer, lazyScorer, type ScorerDeclaration, type ScorerSpec } from "./define-scorer.js";
export { parseScorerArgs, issueLocation, ScorerArgsError, type ArgsIssue } from "./scorer-args.js";
export { macroF1 } from "./macro-f1.js";
export { instructionMetrics, type InstructionDetails } from "./instruction-metrics.js";
export { judgeMetrics } from "./judge-metrics.js";
export { toolUseMetrics, passHat, type ToolUseDetails } from "./tool-use-metrics.js";
export { DEFAULT_CHOICES, type MultipleChoiceArgs } from "./multiple-choice-declaration.js";
export { isRefusal } from "./refusal.js";
export { stripReasoning, type SplitReply } from "./reasoning.js";
export type { NumericArgs } from "./numeric-declaration.js";
