import { describe, expect, it } from "vitest";
import { backoffDelay, MAX_RETRY_AFTER_MS, parseRetryAfter } from "./retry.js";

const policy = { maxRetries: 6, baseDelayMs: 500, maxDelayMs: 8000 };

describe("backoff", () => {
  it("grows exponentially under a cap, with full jitter", () => {
    expect(backoffDelay(1, policy, undefined, () => 0.999)).toBeCloseTo(499.5);
    expect(backoffDelay(3, policy, undefined, () => 0.5)).toBe(1000);
    expect(backoffDelay(10, policy, undefined, () => 1)).toBe(8000);
    expect(backoffDelay(2, policy, undefined, () => 0)).toBe(0);
  });

  it("never waits less than Retry-After, even past maxDelayMs, up to a hard bound", () => {
    expect(backoffDelay(1, policy, 30_000, () => 0)).toBe(30_000);
    expect(backoffDelay(1, policy, 10 * 3600_000, () => 0)).toBe(MAX_RETRY_AFTER_MS);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(parseRetryAfter("2")).toBe(2000);
    expect(parseRetryAfter("0.5")).toBe(500);
    const now = Date.parse("2026-11-23T00:00:00Z");
    expect(parseRetryAfter("Mon, 23 Nov 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("soon")).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });
});
