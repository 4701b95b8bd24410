export { createScorer, listScorers, scorerRegistry } from "./registry.js";
export { multipleChoice, type MultipleChoiceArgs } from "./multiple-choice.js";
export { extractChoice, type Extraction, type ExtractOptions } from "./extract-choice.js";
export { stripReasoning, type SplitReply } from "./reasoning.js";
