import { setTimeout as sleepFor } from "node:timers/promises";

export interface RetryPolicy {
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 60_000 };

/**
 * While nothing has ever answered at an endpoint, a connection failure is retried only this much
 * (about 2 s in all): a server that is down or an address that is wrong fails the run at once,
 * instead of every item waiting out the full policy. Once the endpoint has answered, the endpoint's
 * own policy rides out an outage.
 */
export function firstContactPolicy(policy: RetryPolicy): RetryPolicy {
  return {
    maxRetries: Math.min(policy.maxRetries, 3),
    baseDelayMs: Math.min(policy.baseDelayMs, 250),
    maxDelayMs: Math.min(policy.maxDelayMs, 1000),
  };
}

/**
 * Delay before retry number `attempt` (1-based): exponential backoff with full jitter, so that
 * many workers hitting the same 429 do not come back in lockstep. A server's `Retry-After` is a
 * floor that neither jitter nor `maxDelayMs` shortens (coming back early only earns another 429),
 * bounded only by `MAX_RETRY_AFTER_MS` against a server that asks for hours.
 */
export const MAX_RETRY_AFTER_MS = 10 * 60_000;

export function backoffDelay(attempt: number, policy: RetryPolicy, retryAfterMs?: number, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const jittered = random() * ceiling;
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, MAX_RETRY_AFTER_MS));
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(text.trim())) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const sleep: Sleep = async (ms, signal) => {
  if (ms <= 0) return;
  await sleepFor(ms, undefined, signal ? { signal } : undefined);
};
