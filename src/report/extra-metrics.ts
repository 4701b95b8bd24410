import { percent, percentWithError, ratingWithError } from "../spec/format.js";
import { codeTestsLine } from "./code-tests-report.js";
import type { RunSummary } from "../spec/run.js";

/**
 * The metrics a suite adds beyond accuracy, as short phrases every report format shares: macro F1,
 * IFEval's four, a judge's mean rating per turn, pass@1 and pass^k, the agent loop's counts, time
 * to first token, latency, replies stored cut, cost.
 */
export function extraMetrics(summary: RunSummary): string[] {
  const parts: string[] = [];
  const repeats = summary.repeats;
  if (repeats)
    parts.push(
      `avg@${repeats.k} ${percentWithError(repeats.avgAtK, repeats.avgAtKError)}, pass@${repeats.k} ${percent(repeats.passAtK)}, maj@${repeats.k} ${percent(repeats.majority)} over ${repeats.items} items`,
    );
  if (summary.macroF1 !== undefined) parts.push(`macro F1 ${percent(summary.macroF1)}`);
  const following = summary.instructionFollowing;
  if (following) {
    parts.push(
      `prompt strict ${percentWithError(following.promptStrict, following.promptStrictError)} / loose ${percentWithError(following.promptLoose, following.promptLooseError)}`,
      `instruction strict ${percent(following.instructionStrict)} / loose ${percent(following.instructionLoose)}`,
    );
    const skipped = Object.entries(following.skipped);
    if (skipped.length) parts.push(`skipped: ${skipped.map(([id, count]) => `${id} ×${count}`).join(", ")}`);
  }
  const judged = summary.judged;
  if (judged) {
    parts.push(
      `judged ${ratingWithError(judged.mean, judged.meanError)} / ${judged.scale} by ${judged.judge} (${judged.byTurn.map((mean, index) => `turn ${index + 1} ${mean.toFixed(2)}`).join(", ")})`,
    );
    if (judged.penalizedTurns) parts.push(`${judged.penalizedTurns} turns not in Korean`);
  }
  const toolUse = summary.toolUse;
  if (toolUse) {
    parts.push(`pass@1 ${percent(toolUse.passAt1)} over ${toolUse.tasks} tasks`);
    if (toolUse.trials > 1)
      parts.push(
        Object.entries(toolUse.passHatK)
          .map(([k, value]) => `pass^${k} ${percent(value)}`)
          .join(", "),
      );
    if (toolUse.loop)
      parts.push(
        `${toolUse.loop.meanTurns.toFixed(1)} turns per task, ${toolUse.loop.malformedCalls} of ${toolUse.loop.toolCalls} calls malformed, ${toolUse.loop.toolErrors} tool errors`,
      );
  }
  if (summary.codeTests) parts.push(codeTestsLine(summary.codeTests));
  if (summary.ttftMs?.p50 !== undefined) parts.push(`time to first token p50 ${summary.ttftMs.p50} ms`);
  if (summary.latencyMs.p50 !== undefined) parts.push(`latency p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms`);
  if (summary.truncatedReplies) parts.push(`${summary.truncatedReplies} runaway replies stored cut`);
  if (summary.cost) parts.push(`estimated cost ${summary.cost.estimated.toFixed(4)} ${summary.cost.currency}`);
  return parts;
}
