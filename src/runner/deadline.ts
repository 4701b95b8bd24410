import type { ChatAdapterV1, GenerateRequest, GenerateResult } from "../spec/adapter.js";

/** What `beforeDeadline` gives back when the deadline came first. */
export const LATE = Symbol("late");

/**
 * The value of `work`, or LATE once `deadline` passes first: a model or environment call that runs
 * past `limits.seconds` ends the task as a time limit instead of holding its worker. `late` is told
 * (to cancel the request); the call itself may go on, but the loop no longer waits for it.
 */
export async function beforeDeadline<T>(
  work: Promise<T>,
  deadline: number,
  now: () => number,
  late?: () => void,
): Promise<T | typeof LATE> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof LATE>((resolve) => {
    timer = setTimeout(
      () => {
        // Settled before the cancel, so the cancelled request's rejection cannot win the race.
        resolve(LATE);
        late?.();
      },
      Math.max(0, deadline - now()),
    );
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * One model turn of an agent loop within the task's deadline: the request listens on its own
 * controller, so the time limit can cancel it without cancelling the run (the run's `signal` still
 * cancels it). LATE when the deadline came first, even when the adapter ignores the cancel.
 */
export async function generateBeforeDeadline(
  adapter: ChatAdapterV1,
  request: GenerateRequest,
  signal: AbortSignal | undefined,
  deadline: number,
  now: () => number,
): Promise<GenerateResult | typeof LATE> {
  const turnAbort = new AbortController();
  const forward = () => turnAbort.abort(signal?.reason);
  signal?.addEventListener("abort", forward, { once: true });
  if (signal?.aborted) turnAbort.abort(signal.reason);
  try {
    const generating = adapter.doGenerate(request, { signal: turnAbort.signal });
    // A request cancelled by the time limit rejects later: that rejection is expected, not an error.
    generating.catch(() => undefined);
    return await beforeDeadline(generating, deadline, now, () => turnAbort.abort());
  } finally {
    signal?.removeEventListener("abort", forward);
  }
}
