import type { AgentOutcome } from "../spec/agentic.js";
import { KfmError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import type { ItemRecord } from "../spec/record.js";
import type { ScoreResult, Scorer } from "../spec/scorer.js";

/** The loop's outcome as the record keeps it: the calls are the ones in the trajectory. */
function agentOutcomeOf(agent: NonNullable<ItemRecord["agent"]>): AgentOutcome {
  const { trajectory, turns, malformedCalls, toolErrors, stop, finalState } = agent;
  const calls = trajectory.flatMap((message) => message.toolCalls ?? []).slice(0, agent.toolCalls);
  return { trajectory, calls, turns, malformedCalls, toolErrors, stop, ...(finalState ? { finalState } : {}) };
}

/** One record scored again from its stored reply; a judge that fails makes it a judge error. */
export async function rescoreRecord(record: ItemRecord, item: SuiteItem, scorer: Scorer): Promise<ItemRecord> {
  let next = record;
  let score: ScoreResult | undefined;
  try {
    score = await scorer.score({
      item,
      text: record.reply ?? "",
      ...(record.reasoning ? { reasoning: record.reasoning } : {}),
      ...(record.toolCalls ? { toolCalls: record.toolCalls } : {}),
      ...(record.agent ? { agent: agentOutcomeOf(record.agent) } : {}),
      ...(record.turns ? { turns: record.turns } : {}),
    });
  } catch (error) {
    if (!(KfmError.isInstance(error) && error.code === "judge")) throw error;
    next = { ...record, status: "error", rule: "judge-error", error: { code: error.code, message: error.message } };
  }
  if (score) {
    next = { ...record, status: score.status, rule: score.rule };
    delete next.error;
    if (score.extracted !== undefined) next.extracted = score.extracted;
    else delete next.extracted;
    if (score.details) next.details = score.details;
    else delete next.details;
    if (score.score !== undefined) next.score = score.score;
    else delete next.score;
  }
  return next;
}
