import { codeTestsLine, failingTestsTable } from "./code-tests-report.js";
import Table from "cli-table3";
import { percent, percentWithError, ratingWithError } from "../spec/format.js";
import type { GroupMetrics, RunSummary } from "../spec/run.js";

function groupTable(title: string, groups: Record<string, GroupMetrics>): string {
  const table = new Table({
    head: [title, "items", "accuracy", "correct", "incorrect", "no-answer", "error"],
    colAligns: ["left", "right", "right", "right", "right", "right", "right"],
    style: { head: [], border: [] },
  });
  for (const [name, metrics] of Object.entries(groups)) {
    table.push([
      name,
      metrics.total,
      percentWithError(metrics.accuracy, metrics.error),
      metrics.counts.correct,
      metrics.counts.incorrect,
      metrics.counts["no-answer"],
      metrics.counts.error,
    ]);
  }
  return table.toString();
}

/** Up to this many subjects, and none grouped into supercategories, the subject table is shown unasked (HRM8K's five subsets). */
const FEW_SUBJECTS = 12;

/**
 * The run summary as tables for a terminal: the headline, supercategories, and every subject when
 * asked, or unasked when there are a few of them and no supercategory table sums them up.
 */
export function renderSummary(summary: RunSummary, options: { subjects?: boolean } = {}): string {
  const headline = new Table({ style: { head: [], border: [] } });
  const latency = summary.latencyMs.p50 !== undefined ? `p50 ${summary.latencyMs.p50} ms, p95 ${summary.latencyMs.p95} ms` : "-";
  headline.push(
    { run: summary.runId },
    { suite: `${summary.suite.id} (${summary.suite.benchmark}, ${summary.suite.contentHash.slice(0, 19)}…)` },
    { endpoint: `${summary.endpoint.name} (${summary.endpoint.model})` },
    {
      status: `${summary.status}: ${summary.done}/${summary.total} ${summary.repeats ? `samples (${summary.repeats.items} items × ${summary.repeats.k})` : "items"}`,
    },
    {
      [summary.judged ? "score" : "accuracy"]:
        `${percentWithError(summary.accuracy, summary.accuracyError)} (macro over subjects ${percentWithError(summary.macroAccuracy, summary.macroAccuracyError)})${summary.judged ? " = mean rating / scale" : ""}${summary.accuracyError ? "; ± is the 95% interval over items" : ""}`,
    },
    {
      outcomes: `${summary.judged ? "judged" : "correct"} ${summary.counts.correct}, incorrect ${summary.counts.incorrect}, no-answer ${summary.counts["no-answer"]} (${percent(summary.noAnswerRate)}), error ${summary.counts.error} (${percent(summary.errorRate)})`,
    },
    {
      tokens: `in ${summary.tokens.input}, out ${summary.tokens.output}, reasoning ${summary.tokens.reasoning}${summary.cost ? ` (estimated ${summary.cost.estimated.toFixed(4)} ${summary.cost.currency})` : ""}`,
    },
    { latency },
  );
  const repeats = summary.repeats;
  if (repeats)
    headline.push({
      repeats: `avg@${repeats.k} ${percentWithError(repeats.avgAtK, repeats.avgAtKError)}, pass@${repeats.k} ${percent(repeats.passAtK)}, maj@${repeats.k} ${percent(repeats.majority)} (${repeats.items} items, ${repeats.samples} samples)`,
    });
  if (summary.truncatedReplies)
    headline.push({
      truncated: `${summary.truncatedReplies} replies too long to store whole (a runaway generation): cut and flagged "truncated" in items.jsonl`,
    });
  const following = summary.instructionFollowing;
  if (following) {
    headline.push({
      instructions: `prompt-level strict ${percentWithError(following.promptStrict, following.promptStrictError)}, loose ${percentWithError(following.promptLoose, following.promptLooseError)}; instruction-level strict ${percent(following.instructionStrict)}, loose ${percent(following.instructionLoose)} (${following.prompts} prompts, ${following.instructions} instructions checked)`,
    });
    const skipped = Object.entries(following.skipped);
    if (skipped.length) headline.push({ skipped: skipped.map(([id, count]) => `${id} ×${count}`).join(", ") });
  }
  if (summary.macroF1 !== undefined) headline.push({ "macro F1": percent(summary.macroF1) });
  const judged = summary.judged;
  if (judged) {
    const turns = judged.byTurn.map((mean, index) => `turn ${index + 1} ${mean.toFixed(2)}`).join(", ");
    headline.push({
      judged: `mean ${ratingWithError(judged.mean, judged.meanError)} / ${judged.scale} (${turns}) by ${judged.judge}, ${judged.items} items${judged.penalizedTurns ? `; ${judged.penalizedTurns} turns not in Korean (sqrt penalty)` : ""}`,
    });
  }
  const toolUse = summary.toolUse;
  if (toolUse) {
    const hats = Object.entries(toolUse.passHatK)
      .map(([k, value]) => `pass^${k} ${percent(value)}`)
      .join(", ");
    headline.push({
      "tool use": `${toolUse.tasks} tasks × ${toolUse.trials} trials: pass@1 ${percent(toolUse.passAt1)}${toolUse.trials > 1 ? `, ${hats}` : ""}`,
    });
    if (toolUse.loop) {
      const stops = Object.entries(toolUse.loop.stops)
        .map(([stop, count]) => `${stop} ${count}`)
        .join(", ");
      headline.push({
        "agent loop": `mean ${toolUse.loop.meanTurns.toFixed(1)} turns; ${toolUse.loop.toolCalls} calls, ${toolUse.loop.malformedCalls} malformed, ${toolUse.loop.toolErrors} tool errors; stopped by ${stops}`,
      });
      const user = toolUse.loop.user;
      if (user)
        headline.push({
          "simulated user": `mean ${user.meanTurns.toFixed(1)} turns; ${user.toolCalls} device calls; tokens in ${user.inputTokens}, out ${user.outputTokens} (not in the model's tokens)`,
        });
    }
  }
  if (summary.codeTests) headline.push({ "code tests": codeTestsLine(summary.codeTests) });
  const parts = [headline.toString()];
  if (summary.endpointChanged)
    parts.unshift("WARNING: the endpoint changed during this run (identity probes disagree; see manifest.identity)");
  if (Object.keys(summary.bySupercategory).length > 0) parts.push(groupTable("supercategory", summary.bySupercategory));
  const subjects = Object.keys(summary.bySubject).length;
  const fewSubjects = subjects >= 2 && subjects <= FEW_SUBJECTS && Object.keys(summary.bySupercategory).length === 0;
  if (options.subjects ?? fewSubjects) parts.push(groupTable("subject", summary.bySubject));
  if (judged) {
    const table = new Table({
      head: ["category", `mean / ${judged.scale}`],
      colAligns: ["left", "right"],
      style: { head: [], border: [] },
    });
    for (const [category, mean] of Object.entries(judged.byCategory)) table.push([category, mean.toFixed(2)]);
    parts.push(table.toString());
  }
  const failing = summary.codeTests && failingTestsTable(summary.codeTests);
  if (failing) parts.push(failing);
  return parts.join("\n");
}
