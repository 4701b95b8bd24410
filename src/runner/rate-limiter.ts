import { setTimeout as sleep } from "node:timers/promises";

/**
 * Spaces request starts evenly to stay under `requestsPerMinute`. Even spacing rather than a burst
 * bucket: hosted endpoints count requests in sliding windows and punish bursts with 429s.
 */
export class RateLimiter {
  private nextSlot = 0;
  private readonly intervalMs: number;

  constructor(
    requestsPerMinute: number,
    private readonly now: () => number = Date.now,
  ) {
    this.intervalMs = 60_000 / requestsPerMinute;
  }

  async take(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const slot = Math.max(now, this.nextSlot);
    this.nextSlot = slot + this.intervalMs;
    if (slot > now) await sleep(slot - now, undefined, signal ? { signal } : undefined);
  }
}
