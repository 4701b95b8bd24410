import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../spec/record.js";
import { Progress } from "./progress.js";
import { RateLimiter } from "./rate-limiter.js";

function sink() {
  const chunks: string[] = [];
  return { stream: { write: (chunk: string) => chunks.push(chunk) } as unknown as NodeJS.WriteStream, chunks };
}

const record = (status: ItemRecord["status"]) => ({ status }) as ItemRecord;

describe("Progress", () => {
  it("shows done/total, rate, ETA, accuracy so far and errors", () => {
    let now = 0;
    const { stream, chunks } = sink();
    const progress = new Progress({ total: 10, alreadyDone: 2, mode: "lines", stream, now: () => now });
    now = 2000;
    progress.record(record("correct"));
    progress.record(record("incorrect"));
    progress.record(record("error"));
    expect(progress.line()).toBe("5/10 (50%)  1.5 items/s  ETA 0m03s  acc 50.0%  errors 1");
    expect(chunks.length).toBeGreaterThan(0);
  });

  it("prints nothing in `none` mode and redraws one line on a TTY", () => {
    const quiet = sink();
    new Progress({ total: 3, mode: "none", stream: quiet.stream }).record(record("correct"));
    expect(quiet.chunks).toEqual([]);
    const tty = sink();
    const bar = new Progress({ total: 2, mode: "bar", stream: tty.stream, now: () => 0 });
    bar.record(record("correct"));
    bar.finish();
    expect(tty.chunks.at(-2)).toContain("\r");
    expect(tty.chunks.at(-2)).toContain("[");
    expect(tty.chunks.at(-1)).toBe("\n");
  });
});

describe("RateLimiter", () => {
  it("spaces starts evenly at the configured rate", async () => {
    let now = 1000;
    const limiter = new RateLimiter(600, () => now); // one every 100 ms
    await limiter.take();
    const pending = limiter.take();
    // The second start is scheduled 100 ms after the first; with the clock frozen it must wait.
    let resolved = false;
    void pending.then(() => (resolved = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resolved).toBe(false);
    now = 1100;
    await pending;
    expect(resolved).toBe(true);
  });
});
