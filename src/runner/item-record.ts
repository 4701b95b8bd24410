import * as crypto from "node:crypto";
import type { ChatMessage, GenerateResult, LogLikelihoodResponse } from "../spec/adapter.js";
import type { AgentOutcome } from "../spec/agentic.js";
import { KfmError, type ApiCallError } from "../spec/errors.js";
import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import { ITEM_RECORD_VERSION, STATE_NOT_STORED, type ItemRecord, type RecordedError } from "../spec/record.js";
import type { ItemStatus, ScoreResult } from "../spec/scorer.js";

/** Replies longer than this are cut in storage and flagged: a runaway generation must not fill the disk. */
export const DEFAULT_MAX_STORED_REPLY_CHARS = 100_000;

/** An environment's final state whose JSON is longer than this (about 1 MB) is stored as a marker saying so, not whole. */
export const MAX_STORED_STATE_CHARS = 1_000_000;

// One-shot hashing (Node >= 20.12) skips the Hash object: measurably cheaper at 35,000 prompts.
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: "hex") => string }).hash;

export function promptHash(prompt: RenderedPrompt): string {
  const text = JSON.stringify(prompt.messages);
  return (oneShot ? oneShot("sha256", text, "hex") : crypto.createHash("sha256").update(text).digest("hex")).slice(0, 16);
}

/**
 * The fields every record opens with, then `status`. Records are built by adding fields to this
 * one object in the order they appear in `items.jsonl` (spreading it into a new literal costs
 * more than the scoring on Node 20), so that order is part of what this file decides.
 */
function base(item: SuiteItem, hash: string, status: ItemStatus): ItemRecord {
  // `status` is set below, after the item's optional fields, where it has always been written.
  const record = {
    v: ITEM_RECORD_VERSION,
    id: item.id,
    index: item.index,
    subject: item.subject,
    target: item.target,
    promptHash: hash,
    time: isoNow(),
  } as ItemRecord;
  if (item.supercategory !== undefined) record.supercategory = item.supercategory;
  if (item.accepted !== undefined) record.accepted = item.accepted;
  if (item.trial !== undefined) {
    // A repeated sample's id is `<item>#<r>`: its task is the item.
    record.task = item.task?.id ?? (item.id.endsWith(`#${item.trial}`) ? item.id.slice(0, -`#${item.trial}`.length) : item.id);
    record.trial = item.trial;
  }
  record.status = status;
  return record;
}

let lastMs = Number.NaN;
let lastIso = "";

/** The current time as ISO text; records that finish in the same millisecond share one string. */
function isoNow(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function clip(text: string, max: number): { text: string; truncated: boolean } {
  return text.length > max ? { text: text.slice(0, max), truncated: true } : { text, truncated: false };
}

/** The trajectory with every stored string (replies, tool results, call arguments) cut to the cap; the same array when nothing is cut. */
function clipTrajectory(trajectory: ChatMessage[], max: number): ChatMessage[] {
  const long = (text: string | undefined) => text !== undefined && text.length > max;
  if (!trajectory.some((message) => long(message.content) || message.toolCalls?.some((call) => long(call.arguments)))) return trajectory;
  return trajectory.map((message) => {
    const copy: ChatMessage = { ...message, content: clip(message.content, max).text };
    if (message.toolCalls) copy.toolCalls = message.toolCalls.map((call) => ({ ...call, arguments: clip(call.arguments, max).text }));
    return copy;
  });
}

/** The state itself, or a marker when its JSON is over the state cap (the run scored the whole state; only storage is capped). */
function clipState(state: Record<string, unknown>): Record<string, unknown> {
  let size: number;
  try {
    size = JSON.stringify(state).length;
  } catch (error) {
    return { [STATE_NOT_STORED]: `the final state cannot be stored as JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (size <= MAX_STORED_STATE_CHARS) return state;
  return { [STATE_NOT_STORED]: `the final state was ${size} characters of JSON, over the ${MAX_STORED_STATE_CHARS}-character storage cap` };
}

export function answeredRecord(
  item: SuiteItem,
  hash: string,
  result: GenerateResult,
  score: ScoreResult,
  maxReplyChars = DEFAULT_MAX_STORED_REPLY_CHARS,
  extra: { agent?: AgentOutcome; turns?: string[] } = {},
): ItemRecord {
  const { agent, turns } = extra;
  const reply = clip(result.text, maxReplyChars);
  const record = base(item, hash, score.status);
  record.rule = score.rule;
  record.reply = reply.text;
  if (score.extracted !== undefined) record.extracted = score.extracted;
  if (score.details) record.details = score.details;
  if (result.reasoning) {
    const reasoning = clip(result.reasoning, maxReplyChars);
    record.reasoning = reasoning.text;
    if (reasoning.truncated) record.truncated = true;
  }
  // An agent's trajectory and final state are capped like the reply; the flag sits where the reply's would.
  const stored = agent && {
    trajectory: clipTrajectory(agent.trajectory, maxReplyChars),
    finalState: agent.finalState && clipState(agent.finalState),
    userTrajectory: agent.user && clipTrajectory(agent.user.trajectory, maxReplyChars),
  };
  const cut =
    stored &&
    (stored.trajectory !== agent!.trajectory ||
      stored.finalState !== agent!.finalState ||
      stored.userTrajectory !== agent!.user?.trajectory);
  if (reply.truncated || cut) record.truncated = true;
  if (result.toolCalls?.length && !agent) record.toolCalls = result.toolCalls;
  if (turns) {
    const clipped = turns.map((turn) => clip(turn, maxReplyChars));
    record.turns = clipped.map((turn) => turn.text);
    if (clipped.some((turn) => turn.truncated)) record.truncated = true;
  }
  if (score.score !== undefined) record.score = score.score;
  if (agent) {
    const { turns, calls, malformedCalls, toolErrors, stop, user } = agent;
    const { trajectory, finalState, userTrajectory } = stored!;
    record.agent = { trajectory, turns, toolCalls: calls.length, malformedCalls, toolErrors, stop, ...(finalState ? { finalState } : {}) };
    if (user) record.agent.user = { trajectory: userTrajectory!, turns: user.turns, toolCalls: user.calls.length, usage: user.usage };
  }
  record.usage = result.usage;
  record.latencyMs = Math.round(result.latencyMs);
  if (result.timeToFirstTokenMs !== undefined) record.ttftMs = Math.round(result.timeToFirstTokenMs);
  record.attempts = result.attempts;
  return record;
}

export function recordedError(error: unknown): RecordedError {
  if (KfmError.isInstance(error) && "url" in error) {
    const apiError = error as ApiCallError;
    const recorded: RecordedError = { code: apiError.code, message: apiError.message };
    if (apiError.status !== undefined) recorded.status = apiError.status;
    if (typeof apiError.attempts === "number") recorded.attempts = apiError.attempts;
    return recorded;
  }
  if (KfmError.isInstance(error)) return { code: error.code, message: error.message };
  return { code: "internal", message: error instanceof Error ? error.message : String(error) };
}

export function errorRecord(item: SuiteItem, hash: string, error: unknown): ItemRecord {
  const recorded = recordedError(error);
  const record = base(item, hash, "error");
  record.error = recorded;
  if (recorded.attempts !== undefined) record.attempts = recorded.attempts;
  return record;
}

/** The model answered but the judge failed: an `error` record that keeps the replies, so a re-score can judge them again. */
export function judgeErrorRecord(
  item: SuiteItem,
  hash: string,
  result: GenerateResult,
  error: KfmError,
  maxReplyChars = DEFAULT_MAX_STORED_REPLY_CHARS,
  extra: { turns?: string[] } = {},
): ItemRecord {
  const record = answeredRecord(item, hash, result, { status: "no-answer", rule: "judge-error" }, maxReplyChars, extra);
  record.status = "error";
  record.error = { code: error.code, message: error.message };
  return record;
}

/**
 * An item scored by log-likelihood: the option whose label the model finds most likely after the
 * prompt is its answer (ties go to the first label, as argmax does), with every label's log-probability kept.
 */
export function logLikelihoodRecord(item: SuiteItem, hash: string, labels: readonly string[], response: LogLikelihoodResponse): ItemRecord {
  let best = 0;
  response.results.forEach((result, index) => {
    if (result.logprob > response.results[best]!.logprob) best = index;
  });
  const extracted = labels[best]!;
  const logLikelihood = Object.fromEntries(labels.map((label, index) => [label, Math.round(response.results[index]!.logprob * 1e6) / 1e6]));
  const record = base(item, hash, (item.accepted?.includes(extracted) ?? extracted === item.target) ? "correct" : "incorrect");
  record.extracted = extracted;
  record.rule = "loglikelihood";
  record.details = { logLikelihood };
  record.usage = response.usage;
  record.latencyMs = Math.round(response.latencyMs);
  record.attempts = response.attempts;
  return record;
}
