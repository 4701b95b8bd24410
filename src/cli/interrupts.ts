/** Seconds in-flight requests get to finish after the first Ctrl-C. */
export const GRACE_SECONDS = 10;
/** Seconds after the abort that a hung plugin or environment may take to notice it, before kfm exits anyway. */
const FORCE_SECONDS = 3;

/**
 * Ends the process (exit 130) if it has not ended this long after an interrupt: a plugin or an
 * environment that never returns and ignores the abort must not make Ctrl-C and SIGTERM useless.
 * Items already recorded stay in items.jsonl, and the lock left behind is stale, so the run resumes.
 */
function forceExitAfter(seconds: number, resume: string): void {
  setTimeout(() => {
    process.stderr.write(`\nkfm: stopping now: something in flight did not stop; ${resume}\n`);
    process.exit(130);
  }, seconds * 1000).unref();
}

export interface Interrupts {
  /** Aborted at the first Ctrl-C or SIGTERM: take no new work. */
  stop: AbortSignal;
  /** Aborted at the second, or when the grace ends: cancel what is in flight. */
  abort: AbortSignal;
  /** Stop listening (call in a finally). */
  dispose(): void;
}

/**
 * Ctrl-C and SIGTERM as `kfm eval` and `kfm campaign run` handle them: the first stops new work and
 * gives requests in flight GRACE_SECONDS, the second aborts them; either way the process ends with
 * 130 a few seconds later even when something in flight ignores the abort.
 * `work` names what stops ("items", "items or runs"); `resume` says how to continue.
 */
export function listenForInterrupts(work: string, resume: string): Interrupts {
  const stop = new AbortController();
  const abort = new AbortController();
  let interrupts = 0;
  const onInterrupt = () => {
    interrupts++;
    if (interrupts === 1) {
      process.stderr.write(
        `\nkfm: stopping: no new ${work}; waiting up to ${GRACE_SECONDS}s for requests in flight (Ctrl-C again to stop now)\n`,
      );
      stop.abort();
      setTimeout(() => abort.abort(), GRACE_SECONDS * 1000).unref();
      forceExitAfter(GRACE_SECONDS + FORCE_SECONDS, resume);
    } else {
      abort.abort();
      forceExitAfter(FORCE_SECONDS, resume);
    }
  };
  process.on("SIGINT", onInterrupt);
  process.on("SIGTERM", onInterrupt);
  return {
    stop: stop.signal,
    abort: abort.signal,
    dispose: () => {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onInterrupt);
    },
  };
}
