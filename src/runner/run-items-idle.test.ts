import { describe, expect, it } from "vitest";
import { fakeAdapter, items, ok, runShared } from "./__fixtures__/run-items.js";

describe("runItems: work for workers left without items (the closing identity probes)", () => {
  it("gives workers left without items the caller's extra requests, never more than the concurrency in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const busy = async <T>(work: () => T): Promise<T> => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return work();
    };
    const adapter = fakeAdapter(() => busy(() => ok("A")));
    const othersBusy: number[] = [];
    const extras: Array<Promise<void>> = [];
    const result = await runShared({
      items: items.slice(0, 10),
      adapter,
      concurrency: 4,
      whenIdle: (others) => {
        othersBusy.push(others);
        const extra = busy(() => undefined);
        extras.push(extra);
        return extra;
      },
    });
    expect(result.written).toBe(10);
    // Each of the 4 workers asked once as it ran out, each time with fewer others still busy.
    expect(othersBusy).toHaveLength(4);
    expect(othersBusy.at(-1)).toBe(0);
    expect([...othersBusy].sort().reverse()).toEqual(othersBusy);
    await Promise.all(extras);
    expect(peak).toBe(4);
  });

  it("asks for no extra work when the run was stopped", async () => {
    const stop = new AbortController();
    const adapter = fakeAdapter(async (_, call) => {
      if (call === 2) stop.abort();
      return ok("A");
    });
    let asked = 0;
    await runShared({
      adapter,
      concurrency: 2,
      stopSignal: stop.signal,
      whenIdle: () => {
        asked++;
        return undefined;
      },
    });
    expect(asked).toBe(0);
  });
});
