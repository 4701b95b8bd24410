import type { CallDecision } from "../spec/agentic.js";
import type { ItemRecord } from "../spec/record.js";
import type { ToolUseMetrics } from "../spec/run.js";
import type { ScorerMetric } from "../spec/scorer-metric.js";

/** What the tool-use scorers keep on a record: the decision the reply took and, for calls, why they matched or not. */
export type ToolUseDetails = {
  toolUse?: { decision: CallDecision; expected: CallDecision; mismatches?: string[] };
};

type MetricRecord = Pick<ItemRecord, "id" | "status" | "task" | "trial" | "agent"> & { details?: ToolUseDetails };

/** C(n, k) as a float; exact for the small n (trials <= 32) used here. */
function choose(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let result = 1;
  for (let index = 1; index <= k; index++) result = (result * (n - k + index)) / index;
  return result;
}

/** pass^k of one task with c passing trials out of n: the chance that k of its trials drawn without replacement all pass. */
export function passHat(c: number, n: number, k: number): number {
  return n < k ? Number.NaN : choose(c, k) / choose(n, k);
}

/**
 * Tool-use metrics over final records; undefined when no record is a tool-use one. Error records
 * are left out of every rate (an endpoint failure is not a failed trial); a task's pass^k uses the
 * trials it has, so a task with fewer graded trials than k does not count for that k.
 */
export function toolUseMetrics(records: readonly MetricRecord[], trials: number): ToolUseMetrics | undefined {
  const relevant = records.filter(
    (record) => record.details?.toolUse !== undefined || record.agent !== undefined || record.trial !== undefined,
  );
  if (relevant.length === 0) return undefined;
  const byTask = new Map<string, { passed: number; graded: number }>();
  const decisions: Record<string, Record<string, number>> = {};
  let turns = 0;
  let loops = 0;
  const loop = { toolCalls: 0, malformedCalls: 0, toolErrors: 0, stops: {} as Record<string, number> };
  const user = { loops: 0, turns: 0, toolCalls: 0, inputTokens: 0, outputTokens: 0 };
  for (const record of relevant) {
    if (record.status === "error") continue;
    const key = record.task ?? record.id;
    const entry = byTask.get(key) ?? { passed: 0, graded: 0 };
    entry.graded++;
    if (record.status === "correct") entry.passed++;
    byTask.set(key, entry);
    const toolUse = record.details?.toolUse;
    if (toolUse) {
      const row = (decisions[toolUse.expected] ??= {});
      row[toolUse.decision] = (row[toolUse.decision] ?? 0) + 1;
    }
    if (record.agent) {
      loops++;
      turns += record.agent.turns;
      loop.toolCalls += record.agent.toolCalls;
      loop.malformedCalls += record.agent.malformedCalls;
      loop.toolErrors += record.agent.toolErrors;
      loop.stops[record.agent.stop] = (loop.stops[record.agent.stop] ?? 0) + 1;
      const simulated = record.agent.user;
      if (simulated) {
        user.loops++;
        user.turns += simulated.turns;
        user.toolCalls += simulated.toolCalls;
        user.inputTokens += simulated.usage.inputTokens ?? 0;
        user.outputTokens += simulated.usage.outputTokens ?? 0;
      }
    }
  }
  const tasks = [...byTask.values()];
  const mean = (values: number[]) => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);
  const passHatK: Record<string, number> = {};
  for (let k = 1; k <= trials; k++) {
    const values = tasks.filter((task) => task.graded >= k).map((task) => passHat(task.passed, task.graded, k));
    if (values.length > 0) passHatK[String(k)] = mean(values);
  }
  const metrics: ToolUseMetrics = {
    tasks: tasks.length,
    trials,
    passAt1: mean(tasks.map((task) => task.passed / task.graded)),
    passHatK,
    decisions,
  };
  if (loops > 0) metrics.loop = { meanTurns: turns / loops, ...loop };
  if (metrics.loop && user.loops > 0) {
    const { loops: userLoops, turns: userTurns, ...counts } = user;
    metrics.loop.user = { meanTurns: userTurns / userLoops, ...counts };
  }
  return metrics;
}

/** `summary.toolUse`, for the tool-use scorers; trials per task come from the run's manifest. */
export const toolUseMetric: ScorerMetric<ToolUseDetails> = {
  name: "toolUse",
  aggregate: (records, context) => toolUseMetrics(records, context.suite.agentic?.trials ?? 1),
};
