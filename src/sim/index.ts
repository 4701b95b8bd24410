export { startSimServer, type SimServer, type SimStats } from "./server.js";
export {
  simOptionsSchema,
  type SimOptions,
  type SimOptionsInput,
  type SimSettings,
  type AnswerKeyEntry,
  type ToolKeyEntry,
} from "./options.js";
export { expectedOutcome, chosenLetter, sampleOutcome, sampleSeed, type Outcome } from "./policy.js";
export { AnswerKey } from "./answer-key.js";
export { answerKey, toolKey } from "./item-keys.js";
