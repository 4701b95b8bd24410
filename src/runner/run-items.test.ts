import { describe, expect, it } from "vitest";
import { ApiCallError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import type { ItemRecord } from "../spec/record.js";
import { runItems } from "./run-items.js";
import { fakeAdapter, items, ok, render, runShared, scorer } from "./__fixtures__/run-items.js";

describe("runItems", () => {
  it("writes exactly one record per item and records endpoint errors on their item", async () => {
    const records: ItemRecord[] = [];
    const adapter = fakeAdapter(async (request) => {
      const n = Number(request.messages[0]!.content.slice(1));
      if (n % 10 === 3) throw new ApiCallError("HTTP 500 after 7 attempts", { url: "http://x", status: 500 });
      return ok(n % 2 ? "B" : "A");
    });
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 7,
      onRecord: async (r) => void records.push(r),
    });
    expect(result.written).toBe(40);
    expect(new Set(records.map((r) => r.id)).size).toBe(40);
    const errors = records.filter((r) => r.status === "error");
    expect(errors.map((r) => r.id).sort()).toEqual(["s:13", "s:23", "s:3", "s:33"]);
    expect(errors[0]!.error).toMatchObject({ code: "api-call", status: 500 });
    expect(records.filter((r) => r.status === "correct")).toHaveLength(20);
  });

  it("takes a writer that returns nothing (no promise a record), and one that fails stops the run with its error", async () => {
    const adapter = fakeAdapter(async () => ok("A"));
    const records: ItemRecord[] = [];
    const synchronous = await runShared({ adapter, concurrency: 5, onRecord: (r) => void records.push(r) });
    expect(synchronous.written).toBe(40);
    expect(new Set(records.map((r) => r.id)).size).toBe(40);
    // The disk fills at the 12th record: the run stops with that error and writes nothing after it.
    let calls = 0;
    const full = new Error("ENOSPC: no space left on device");
    const onRecord = () => {
      if (++calls === 12) throw full;
    };
    await expect(runShared({ adapter, concurrency: 5, onRecord })).rejects.toBe(full);
    expect(calls).toBeLessThan(40);
  });

  it("bounds the records waiting on a slow writer to twice the concurrency", async () => {
    let waiting = 0;
    let most = 0;
    const onRecord = async () => {
      most = Math.max(most, ++waiting);
      await new Promise((resolve) => setTimeout(resolve, 2));
      waiting--;
    };
    const result = await runShared({ adapter: fakeAdapter(async () => ok("A")), concurrency: 3, onRecord });
    expect(result.written).toBe(40);
    expect(most).toBeGreaterThan(1);
    expect(most).toBeLessThanOrEqual(2 * 3 + 3);
  });

  it("stops at once when the first requests all fail authentication, recording nothing", async () => {
    const records: ItemRecord[] = [];
    let calls = 0;
    const adapter = fakeAdapter(async () => {
      calls++;
      await new Promise((resolve) => setTimeout(resolve, 2));
      throw new ApiCallError("HTTP 401: set TEAM_KEY", { url: "http://x", status: 401 });
    });
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 4,
      onRecord: async (r) => void records.push(r),
    });
    expect(result.stoppedBy).toBe("auth");
    expect(result.authError?.message).toContain("TEAM_KEY");
    expect(records).toHaveLength(0);
    expect(calls).toBeLessThanOrEqual(4);
  });

  it("records a later auth failure as an item error once the key has worked", async () => {
    const records: ItemRecord[] = [];
    const adapter = fakeAdapter(async (_request, call) => {
      if (call === 5) throw new ApiCallError("HTTP 403", { url: "http://x", status: 403 });
      return ok("A");
    });
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 1,
      onRecord: async (r) => void records.push(r),
    });
    expect(result.stoppedBy).toBeUndefined();
    expect(records.filter((r) => r.status === "error")).toHaveLength(1);
  });

  it("a key refused (401) once it has worked stops taking items, with no record for the refused ones", async () => {
    const records: ItemRecord[] = [];
    const adapter = fakeAdapter(async (_request, call) => {
      if (call >= 5) throw new ApiCallError("HTTP 401", { url: "http://x", status: 401 });
      return ok("A");
    });
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 1,
      onRecord: async (r) => void records.push(r),
    });
    expect(result.stoppedBy).toBe("revoked");
    expect(result.revokedError?.status).toBe(401);
    expect(records.some((r) => r.status === "error")).toBe(false);
    expect(records).toHaveLength(5); // calls 0..4 answered
  });

  it("stop signal: no new items, in-flight ones finish and are recorded", async () => {
    const records: ItemRecord[] = [];
    const stop = new AbortController();
    const adapter = fakeAdapter(async (_request, call) => {
      if (call === 9) stop.abort();
      await new Promise((resolve) => setTimeout(resolve, 1));
      return ok("A");
    });
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 3,
      stopSignal: stop.signal,
      onRecord: async (r) => void records.push(r),
    });
    expect(result.stoppedBy).toBe("stop");
    expect(records.length).toBeGreaterThanOrEqual(10);
    expect(records.length).toBeLessThan(40);
  });

  it("abort signal: in-flight items are dropped, not recorded as errors", async () => {
    const records: ItemRecord[] = [];
    const abort = new AbortController();
    const adapter = fakeAdapter(
      (_request, call) =>
        new Promise((resolve, reject) => {
          if (call === 4) abort.abort();
          if (abort.signal.aborted) return reject(new Error("aborted"));
          resolve(ok("A"));
        }),
    );
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 1,
      abortSignal: abort.signal,
      onRecord: async (r) => void records.push(r),
    });
    expect(result.stoppedBy).toBe("abort");
    expect(records).toHaveLength(4);
    expect(records.every((r) => r.status !== "error")).toBe(true);
  });

  it("collects adapter warnings once each", async () => {
    const adapter = fakeAdapter(async () => ({
      ...ok("A"),
      warnings: [{ type: "unsupported-setting", setting: "seed", message: "not supported" }],
    }));
    const result = await runItems({ items, render, adapter, scorer, settings: {}, concurrency: 4, onRecord: async () => {} });
    expect(result.warnings).toEqual(["seed: not supported"]);
  });
});

describe("a streamed feed", () => {
  async function* batches(fail?: Error): AsyncGenerator<SuiteItem[]> {
    for (let start = 0; start < items.length; start += 9) {
      if (fail && start >= 18) throw fail;
      await new Promise((resolve) => setTimeout(resolve, 2));
      yield items.slice(start, start + 9);
    }
  }

  it("runs every item of every batch once, in order of the batches", async () => {
    const records: ItemRecord[] = [];
    const sent: string[] = [];
    const adapter = fakeAdapter(async (request) => (sent.push(request.messages[0]!.content), ok("A")));
    const result = await runItems({
      items: batches(),
      total: items.length,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 5,
      onRecord: async (r) => void records.push(r),
    });
    expect(result.written).toBe(40);
    expect(result.stoppedBy).toBeUndefined();
    expect(sent).toEqual(items.map((item) => item.fields.question));
    expect(records.map((r) => r.id).sort()).toEqual(items.map((item) => item.id).sort());
  });

  it("a stop closes the feed: no further batch is read", async () => {
    const stop = new AbortController();
    let read = 0;
    async function* counted(): AsyncGenerator<SuiteItem[]> {
      for await (const batch of batches()) {
        read++;
        yield batch;
      }
    }
    const adapter = fakeAdapter(async (_, call) => (call === 3 && stop.abort(), ok("A")));
    const result = await runItems({
      items: counted(),
      total: items.length,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 2,
      stopSignal: stop.signal,
      onRecord: async () => {},
    });
    expect(result.stoppedBy).toBe("stop");
    expect(read).toBe(1);
  });

  it("a feed that fails (a data file changed mid-run) ends the run with its error once in-flight items are recorded", async () => {
    const records: ItemRecord[] = [];
    const adapter = fakeAdapter(async () => ok("A"));
    const failure = new Error("data file changed");
    await expect(
      runItems({
        items: batches(failure),
        total: items.length,
        render,
        adapter,
        scorer,
        settings: {},
        concurrency: 3,
        onRecord: async (r) => void records.push(r),
      }),
    ).rejects.toBe(failure);
    expect(records).toHaveLength(18);
    expect(new Set(records.map((r) => r.id)).size).toBe(18);
  });
});

describe("stored reply cap", () => {
  it("a reply longer than the cap is cut in storage and flagged, and still scored on the full text", async () => {
    const records: ItemRecord[] = [];
    const long = `${"생각 ".repeat(5000)}정답: A`;
    const adapter = fakeAdapter(async () => ok(long));
    await runItems({
      items: items.slice(0, 1),
      render,
      adapter,
      scorer: {
        ...scorer,
        score: ({ text }) =>
          text.endsWith("A") ? { status: "correct", extracted: "A", rule: "end" } : { status: "incorrect", rule: "end" },
      },
      settings: {},
      concurrency: 1,
      maxReplyChars: 1000,
      onRecord: async (r) => void records.push(r),
    });
    expect(records[0]!.reply).toHaveLength(1000);
    expect(records[0]!.truncated).toBe(true);
    expect(records[0]!.status).toBe("correct");
  });
});

describe("runItems through a mid-run outage", () => {
  const refused = () =>
    new ApiCallError("network error calling http://x: connect ECONNREFUSED 127.0.0.1:9", {
      url: "http://x",
      isRetryable: true,
      connectionLost: true,
    });

  it("pauses the workers while one item probes with backoff, and resumes them when the endpoint answers again: no item is an error", async () => {
    const records: ItemRecord[] = [];
    const notes: string[] = [];
    let failures = 0;
    const adapter = fakeAdapter(async (_request, call) => {
      await new Promise((resolve) => setImmediate(resolve));
      // Answers 8 requests, then refuses connections 7 times (those in flight, then the probes), then answers again.
      if (call >= 8 && failures < 7) {
        failures++;
        throw refused();
      }
      return ok("A");
    });
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 4,
      outage: { maxMs: 60_000, firstDelayMs: 5, onNote: (message) => notes.push(message) },
      onRecord: async (r) => void records.push(r),
    });
    expect(result.stoppedBy).toBeUndefined();
    expect(result.written).toBe(40);
    expect(records.filter((r) => r.status === "error")).toEqual([]);
    expect(new Set(records.map((r) => r.id)).size).toBe(40);
    expect(notes[0]).toMatch(
      /^endpoint stopped answering \(network error calling http:\/\/x: connect ECONNREFUSED.*\); workers paused, probing with backoff/,
    );
    // Failures the paused workers met before the pause, then the probes: 7 in all, one probe note per probe.
    expect(notes.filter((note) => note.includes("next probe in")).length).toBeGreaterThanOrEqual(3);
    expect(notes.at(-1)).toMatch(/^endpoint answers again after .*; workers resumed$/);
  });

  it("gives up after outage.maxMs: the run stops partial with no record for the items cut off (resume redoes them)", async () => {
    const records: ItemRecord[] = [];
    const notes: string[] = [];
    const adapter = fakeAdapter(async (_request, call) => {
      await new Promise((resolve) => setImmediate(resolve));
      if (call >= 8) throw refused();
      return ok("A");
    });
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 4,
      outage: { maxMs: 40, firstDelayMs: 5, onNote: (message) => notes.push(message) },
      onRecord: async (r) => void records.push(r),
    });
    expect(result.stoppedBy).toBe("outage");
    expect(result.outageError?.message).toMatch(/ECONNREFUSED/);
    expect(result.written).toBe(8);
    expect(records.every((r) => r.status === "correct")).toBe(true);
  });

  it("without the outage option, a refused connection mid-run stays an error on its item, as before", async () => {
    const records: ItemRecord[] = [];
    const adapter = fakeAdapter(async (_request, call) => (call === 3 ? Promise.reject(refused()) : ok("A")));
    const result = await runItems({
      items,
      render,
      adapter,
      scorer,
      settings: {},
      concurrency: 1,
      onRecord: async (r) => void records.push(r),
    });
    expect(result.written).toBe(40);
    expect(records.filter((r) => r.status === "error")).toHaveLength(1);
  });
});
