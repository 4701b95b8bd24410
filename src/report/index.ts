export { renderHtml } from "./html.js";
export { renderMarkdown } from "./markdown.js";
export { renderJUnit } from "./junit.js";
export { renderSummary } from "./console-summary.js";
export { renderComparison } from "./console-comparison.js";
export { escapeHtml, escapeXml, jsonForScript } from "./escape.js";
export type { ReportInput, RunReportEntry, ItemView } from "./report-input.js";
export { overallRow, verdictRows, type VerdictRow } from "./verdict-rows.js";
