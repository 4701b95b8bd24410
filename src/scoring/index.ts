export { createScorer, listScorers, scorerNeedsJudge, scorerRegistry, type ScorerId } from "./registry.js";
export { multipleChoice, type MultipleChoiceArgs } from "./multiple-choice.js";
export { extractChoice, extractStatedAnswer, type ExtractedChoice } from "./extract-choice.js";
export { DEFAULT_CHOICES, choiceForNumber, circledNumber } from "./choice-reader.js";
export { isRefusal } from "./refusal.js";
export { stripReasoning, type SplitReply } from "./reasoning.js";
export { numeric, type NumericArgs } from "./numeric.js";
export { extractNumber, parseNumber, numbersMatch, type ExtractedNumber } from "./extract-number.js";
