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
export { defineScorer, type ScorerSpec } from "./define-scorer.js";
export { parseScorerArgs, issueLocation, ScorerArgsError, type ArgsIssue } from "./scorer-args.js";
export { macroF1 } from "./macro-f1.js";
export { instructionMetrics, type InstructionDetails } from "./instruction-metrics.js";
export { judgeMetrics } from "./judge-metrics.js";
export { toolUseMetrics, passHat, type ToolUseDetails } from "./tool-use-metrics.js";
export { multipleChoice, type MultipleChoiceArgs } from "./multiple-choice.js";
export { extractChoice, extractStatedAnswer, type ExtractedChoice } from "./extract-choice.js";
export { DEFAULT_CHOICES, choiceForNumber, circledNumber } from "./choice-reader.js";
export { isRefusal } from "./refusal.js";
export { stripReasoning, type SplitReply } from "./reasoning.js";
export { numeric, type NumericArgs } from "./numeric.js";
export { extractNumber, parseNumber, numbersMatch, type ExtractedNumber } from "./extract-number.js";
