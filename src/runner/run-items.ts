import { setMaxListeners } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import type { GenerateResult, GenerationSettings } from "../spec/adapter.js";
import type { AgentOutcome } from "../spec/agentic.js";
import { ApiCallError, KfmError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import { runAgentLoop } from "./agent-loop.js";
import { runConversation } from "./conversation.js";
import { runDualControlLoop } from "./dual-control-loop.js";
import { RecordQueue } from "./record-queue.js";
import { answeredRecord, errorRecord, judgeErrorRecord, logLikelihoodRecord, promptHash } from "./item-record.js";
import type { RunItemsOptions, RunItemsResult } from "./run-items-options.js";

export type { ItemFeed, RunItemsOptions, RunItemsResult } from "./run-items-options.js";

/** What a plain single reply adds to its record: nothing (shared, so the hot path allocates no object for it). */
const NO_EXTRA = Object.freeze({});

/** Option labels, in order, for log-likelihood scoring. */
const OPTION_LABELS = "ABCDEFGHIJ";

/** A task's trial n is generated with seed + n - 1, so k trials are k different, reproducible samples. */
function settingsFor(settings: GenerationSettings, item: SuiteItem): GenerationSettings {
  return item.trial === undefined ? settings : { ...settings, seed: (settings.seed ?? 0) + item.trial - 1 };
}

/**
 * Sends each item to the adapter, scores the reply and hands the record on as soon as it exists,
 * so nothing but in-flight items is held in memory. An endpoint error becomes an `error` record
 * (never a wrong answer). The exceptions: when the very first answers are authentication failures,
 * or the endpoint's address is wrong (nothing answers there, or 404), the run stops at once with no
 * record for them, rather than recording thousands of identical errors.
 */
export async function runItems(options: RunItemsOptions): Promise<RunItemsResult> {
  const { adapter, scorer } = options;
  const total = Array.isArray(options.items) ? options.items.length : options.total;
  if (total === undefined) throw new TypeError("runItems: give `total` with a streamed feed");
  // The batch workers take items from; a streamed feed replaces it when it runs out.
  let batch: readonly SuiteItem[] = Array.isArray(options.items) ? options.items : [];
  const feed = Array.isArray(options.items) ? undefined : (options.items as AsyncIterable<readonly SuiteItem[]>)[Symbol.asyncIterator]();
  let feedDone = feed === undefined;
  let refilling: Promise<void> | undefined;
  const refill = (): Promise<void> =>
    (refilling ??= feed!.next().then(
      (step) => {
        refilling = undefined;
        if (step.done) feedDone = true;
        else {
          batch = step.value;
          next = 0;
        }
      },
      (error: unknown) => {
        // Items that cannot be read (a data file changed or vanished) stop the run like a failed write.
        feedDone = true;
        failure ??= error;
        internalAbort.abort();
      },
    ));
  let taken = 0;
  /** Workers waiting on an item (its request, its retries). */
  let busy = 0;
  // One plain controller that the caller's signal forwards to: requests listen on a plain signal,
  // which is measurably cheaper per request than a composite AbortSignal.any() on Node 20.
  const internalAbort = new AbortController();
  const abortSignal = internalAbort.signal;
  const forwardAbort = () => internalAbort.abort();
  if (options.abortSignal?.aborted) internalAbort.abort();
  options.abortSignal?.addEventListener("abort", forwardAbort, { once: true });
  // Every request in flight listens on this one signal.
  setMaxListeners(0, abortSignal);
  let next = 0;
  let successes = 0;
  let judgedOk = 0;
  /** What stopped the run from inside: a feed that failed, or a record that could not be made or written. */
  let failure: unknown;
  let authError: ApiCallError | undefined;
  let revokedError: ApiCallError | undefined;
  let addressError: ApiCallError | undefined;
  let outageError: ApiCallError | undefined;
  // While the endpoint is unreachable mid-run: resolves true when it answers again, false when the run gives up.
  let outage: Promise<boolean> | undefined;
  let resolveOutage: ((answering: boolean) => void) | undefined;
  const warnings = new Set<string>();
  let stoppedBy: RunItemsResult["stoppedBy"];

  const shouldStop = () =>
    failure !== undefined ||
    authError !== undefined ||
    revokedError !== undefined ||
    addressError !== undefined ||
    outageError !== undefined ||
    options.stopSignal?.aborted === true ||
    abortSignal.aborted;

  // Records are made and written on the turn after their replies (record-queue.ts), at most twice the
  // concurrency of them waiting; one that cannot be made or written stops the run.
  const records = new RecordQueue(
    (record) => {
      // Sample r of an item asked k times says the seed it was generated with, so a resume repeats it exactly.
      if (record.trial !== undefined) record.seed = (options.settings.seed ?? 0) + record.trial - 1;
      return options.onRecord(record);
    },
    (error) => {
      failure ??= error;
      internalAbort.abort();
    },
  );
  const waitForRoom = 2 * options.concurrency;

  /**
   * An item whose request failed to connect after the endpoint had answered: while another item
   * probes the outage, wait for it and try again; else become the probe: retry this item with
   * backoff until it is answered (the others resume) or `outage.maxMs` has passed (the run stops,
   * partial; items cut off get no record and are redone on resume).
   */
  const processItem = async (item: SuiteItem): Promise<void> => {
    for (;;) {
      if (outage && !(await outage)) return;
      const lost = await attemptItem(item);
      if (!lost) return;
      if (outage) continue;
      const { maxMs, onNote, firstDelayMs = 1_000 } = options.outage!;
      const since = Date.now();
      outage = new Promise((resolve) => (resolveOutage = resolve));
      onNote?.(
        `endpoint stopped answering (${lost.message}); workers paused, probing with backoff (giving up after ${formatSeconds(maxMs)})`,
      );
      for (let probe = 0; ; probe++) {
        const waited = Date.now() - since;
        if (waited >= maxMs || shouldStopOutage()) {
          if (waited >= maxMs)
            onNote?.(`endpoint did not answer for ${formatSeconds(waited)} (--max-outage); stopping: the run is partial and resumable`);
          outageError ??= lost;
          resolveOutage!(false);
          return;
        }
        const delay = Math.min(30_000, firstDelayMs * 2 ** probe, maxMs - waited);
        onNote?.(`endpoint not answering for ${formatSeconds(waited)}; next probe in ${formatSeconds(delay)}`);
        try {
          await sleep(delay, undefined, { signal: abortSignal });
        } catch {
          resolveOutage!(false);
          return;
        }
        if (!(await attemptItem(item))) break;
      }
      onNote?.(`endpoint answers again after ${formatSeconds(Date.now() - since)}; workers resumed`);
      const resolve = resolveOutage!;
      outage = undefined;
      resolveOutage = undefined;
      resolve(true);
      return;
    }
  };
  const shouldStopOutage = () => abortSignal.aborted || options.stopSignal?.aborted === true;

  /** One try of an item; returns the connection error of an outage (no record made), else undefined. */
  const attemptItem = async (item: SuiteItem): Promise<ApiCallError | undefined> => {
    const prompt = options.render(item);
    // The prompt's hash is only for its record: worked out when the record is made, after the request
    // is on the wire, so a worker whose reply came in sends its next request without waiting on it.
    const hashed = () => promptHash(prompt);
    if (options.rateLimiter) {
      try {
        await options.rateLimiter.take(abortSignal);
      } catch {
        return;
      }
    }
    if (abortSignal.aborted) return;
    try {
      if (options.scoring === "loglikelihood") {
        const labels = OPTION_LABELS.slice(0, item.choices?.length ?? 4).split("");
        const context = prompt.messages.map((message) => message.content).join("\n\n");
        const response = await adapter.doLogLikelihood!(
          labels.map((label) => ({ context, continuation: ` ${label}` })),
          { signal: abortSignal },
        );
        successes++;
        records.defer(() => logLikelihoodRecord(item, hashed(), labels, response));
        if (records.unfinished > waitForRoom) await records.roomFor(waitForRoom);
        return;
      }
      const settings = settingsFor(options.settings, item);
      let result: GenerateResult;
      let agent: AgentOutcome | undefined;
      let turns: string[] | undefined;
      if (prompt.followUps?.length) {
        const conversation = await runConversation({
          adapter,
          messages: prompt.messages,
          followUps: prompt.followUps,
          settings,
          itemId: item.id,
          signal: abortSignal,
        });
        result = conversation.result;
        turns = conversation.replies;
      } else if (options.agent?.user && options.agent.environment && item.task) {
        const loop = await runDualControlLoop({
          adapter,
          user: { adapter: options.agent.user.adapter, settings: settingsFor(options.agent.user.settings, item) },
          task: item.task,
          messages: prompt.messages,
          tools: prompt.tools ?? [],
          settings,
          limits: options.agent.limits,
          environment: options.agent.environment,
          itemId: item.id,
          signal: abortSignal,
        });
        agent = loop.outcome;
        result = { ...loop.last, usage: loop.usage, latencyMs: loop.latencyMs, attempts: loop.attempts };
      } else if (options.agent && item.task) {
        const loop = await runAgentLoop({
          adapter,
          task: item.task,
          messages: prompt.messages,
          tools: prompt.tools ?? [],
          settings,
          limits: options.agent.limits,
          ...(options.agent.environment ? { environment: options.agent.environment } : {}),
          itemId: item.id,
          signal: abortSignal,
        });
        agent = loop.outcome;
        result = { ...loop.last, usage: loop.usage, latencyMs: loop.latencyMs, attempts: loop.attempts };
      } else {
        const request = { messages: prompt.messages, settings, itemId: item.id, ...(prompt.tools?.length ? { tools: prompt.tools } : {}) };
        result = await adapter.doGenerate(request, { signal: abortSignal });
      }
      successes++;
      for (const warning of result.warnings) warnings.add(warning.setting ? `${warning.setting}: ${warning.message}` : warning.message);
      const input = {
        item,
        text: result.text,
        ...(result.reasoning ? { reasoning: result.reasoning } : {}),
        ...(result.toolCalls && !agent ? { toolCalls: result.toolCalls } : {}),
        ...(agent ? { agent } : {}),
        ...(turns ? { turns } : {}),
      };
      const extra = agent || turns ? { ...(agent ? { agent } : {}), ...(turns ? { turns } : {}) } : NO_EXTRA;
      records.defer(() => {
        const score = scorer.score(input);
        const hash = hashed();
        if (!(score instanceof Promise)) return answeredRecord(item, hash, result, score, options.maxReplyChars, extra);
        // A judge that fails is an error on the item, with the reply kept so a re-score can judge it again.
        return score.then(
          (judged) => {
            judgedOk++;
            return answeredRecord(item, hash, result, judged, options.maxReplyChars, extra);
          },
          (error: unknown) => {
            if (!(KfmError.isInstance(error) && error.code === "judge")) throw error;
            // A judge whose key is refused before any judgment succeeded would fail every item: stop, as for the model's key.
            const cause = (error as { cause?: unknown }).cause;
            if (judgedOk === 0 && KfmError.isInstance(cause) && (cause as ApiCallError).isAuthError === true) {
              authError ??= cause as ApiCallError;
              internalAbort.abort();
            }
            return judgeErrorRecord(item, hash, result, error, options.maxReplyChars, extra);
          },
        );
      });
    } catch (error) {
      if (abortSignal.aborted) return; // cancelled, not failed: resume redoes it
      if (KfmError.isInstance(error) && (error as ApiCallError).isAuthError === true && successes === 0) {
        authError ??= error as ApiCallError;
        internalAbort.abort();
        return;
      }
      // A key that worked and is now refused (401) fails every item left: stop taking items (no record
      // for this one, so a resume with a good key redoes it) and let the requests in flight finish.
      // A 403 stays an error on its item: some gateways answer 403 to one prompt they refuse.
      if (KfmError.isInstance(error) && (error as ApiCallError).isAuthError === true && (error as ApiCallError).status === 401) {
        revokedError ??= error as ApiCallError;
        return;
      }
      // The endpoint answered before and now cannot be reached: an outage to ride out, not an error on this item.
      if (options.outage && successes > 0 && KfmError.isInstance(error) && (error as ApiCallError).connectionLost === true)
        return error as ApiCallError;
      if (KfmError.isInstance(error) && (error as ApiCallError).isAddressError === true && successes === 0) {
        addressError ??= error as ApiCallError;
        internalAbort.abort();
        return;
      }
      if (KfmError.isInstance(error) && error.code === "aborted") return;
      records.defer(() => errorRecord(item, hashed(), error));
    }
    if (records.unfinished > waitForRoom) await records.roomFor(waitForRoom);
  };

  const worker = async (): Promise<void> => {
    while (!shouldStop()) {
      let item = batch[next];
      while (item === undefined && !feedDone) {
        await refill();
        if (shouldStop()) return;
        item = batch[next];
      }
      if (item === undefined) {
        const extra = shouldStop() ? undefined : options.whenIdle?.(busy);
        await extra?.catch(() => {});
        return;
      }
      next++;
      taken++;
      busy++;
      try {
        await processItem(item);
      } finally {
        busy--;
      }
    }
  };

  const workers = Math.max(1, Math.min(options.concurrency, total));
  try {
    await Promise.all(Array.from({ length: workers }, worker));
    await records.settle();
  } finally {
    options.abortSignal?.removeEventListener("abort", forwardAbort);
    // A run that stops early closes the feed (no further file is read).
    if (feed && !feedDone) await feed.return?.();
  }
  if (failure !== undefined) throw failure;

  if (authError) stoppedBy = "auth";
  else if (addressError) stoppedBy = "address";
  else if (revokedError) stoppedBy = "revoked";
  else if (outageError) stoppedBy = "outage";
  else if (options.abortSignal?.aborted) stoppedBy = "abort";
  else if (options.stopSignal?.aborted && taken < total) stoppedBy = "stop";
  const result: RunItemsResult = { written: records.written, warnings: [...warnings] };
  if (stoppedBy) result.stoppedBy = stoppedBy;
  if (authError) result.authError = authError;
  if (addressError) result.addressError = addressError;
  if (revokedError) result.revokedError = revokedError;
  if (outageError) result.outageError = outageError;
  return result;
}

function formatSeconds(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 100) / 10} s`;
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${Math.floor(ms / 60_000)} min${seconds ? ` ${seconds} s` : ""}`;
}
