// The runs of one endpoint over time live with the run directories they read (results/).
export { history, type HistoryOptions, type HistoryRow } from "../results/history.js";
