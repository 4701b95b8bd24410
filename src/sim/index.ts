export { startSimServer, type SimServer, type SimStats } from "./server.js";
export {
  simOptionsSchema,
  type SimOptions,
  type SimOptionsInput,
  type SimSettings,
  type AnswerKeyEntry,
  type ToolKeyEntry,
  type DualKeyEntry,
} from "./options.js";
export { ITEM_HEADER, USER_ACTION_REQUEST, WRONG_ACTIONS_MODEL } from "./dual-control-policy.js";
export { expectedOutcome, chosenLetter, sampleOutcome, sampleSeed, type Outcome } from "./policy.js";
export { AnswerKey } from "./answer-key.js";
export { answerKey, dualKey, simulatorKeys, toolKey, type SimulatorKeys } from "./item-keys.js";
