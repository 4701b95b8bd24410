export { campaignSchema, cellName, loadCampaign } from "./campaign-file.js";
export { isDone, problemOf, runCampaign, selectionChanged } from "./run-campaign.js";
export type { CampaignPorts, CellRequest, RunCampaignOptions, RunState } from "./run-campaign.js";
export { campaignStatus } from "./status.js";
export { buildLeaderboard, referenceOf, teamCells, type TeamResult } from "./leaderboard.js";
export { CampaignStateFile, readCampaignState, stateFileOf, STATE_FILE } from "./state-file.js";
export { writeLeaderboardFiles } from "./leaderboard-files.js";
export { findLeaderboards, LEADERBOARD_FILE } from "./find-leaderboards.js";
