export { decide, itemsToSettle, type Settle, type SettleInput } from "./decision.js";
export { decideVerdict, type DecideInput } from "./decide.js";
export { explainVerdict, noteText, WORDING, type Wording } from "./explain.js";
export { judgeBenchmark, publishedError, type Judged, type PairReference } from "./judge-benchmark.js";
export { settleEstimates } from "./settle.js";
export { scorecard, stageResult, type Scorecard, type ScorecardInput } from "./stage-result.js";
export {
  pairWithMeasuredReference,
  selectTeams,
  teamFromRun,
  teamsFromScores,
  type MeasuredRun,
  type Pairing,
  type RunInput,
  type TeamInput,
} from "./team-input.js";
export { referenceTimeline } from "./timeline.js";
export { verdictSettings, type VerdictSettingsInput } from "./settings.js";
