import { describe, expect, it } from "vitest";
import type { ChatAdapterV1, GenerateResult } from "../spec/adapter.js";
import { closingProbes, IDENTITY_PROBES, probeFirst } from "./identity.js";

/** A fake adapter whose every reply is `text(probe)`, given once `hold(probe)` resolves (or what it throws). */
function fakeAdapter(hold: (probe: string) => Promise<void>, text: (probe: string) => string): ChatAdapterV1 {
  return {
    specificationVersion: "v1",
    adapterId: "fake",
    modelId: "m",
    publicSettings: {},
    async doGenerate(request) {
      const probe = request.messages[0]!.content as string;
      await hold(probe);
      const result: GenerateResult = { text: text(probe), usage: {}, latencyMs: 1, attempts: 1, warnings: [], responseModel: "m" };
      return result;
    },
  };
}

/** An adapter whose replies the test releases one at a time, to see what was sent while others wait. */
function heldAdapter(first?: Error) {
  const sent: string[] = [];
  const waiting: Array<() => void> = [];
  const adapter = fakeAdapter(
    async (probe) => {
      sent.push(probe);
      if (first && sent.length === 1) throw first;
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    () => `answer ${sent.length}`,
  );
  const release = async () => {
    while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
    waiting.shift()!();
  };
  return { adapter, sent, release };
}

describe("probeFirst", () => {
  it("returns once the first probe is answered, the others still under way, and then the whole snapshot", async () => {
    const { adapter, sent, release } = heldAdapter();
    const opening = probeFirst(adapter);
    await release();
    const { rest } = await opening;
    expect(sent).toEqual(IDENTITY_PROBES.slice(0, 2)); // the second is in flight beside the run's items
    await release();
    await release();
    const snapshot = await rest;
    expect(sent).toEqual(IDENTITY_PROBES);
    expect(snapshot.answers).toEqual(["answer 1", "answer 2", "answer 3"]);
    expect(snapshot.models).toEqual(["m"]);
  });

  it("a rejected key on the first probe rejects before any other request", async () => {
    const refused = Object.assign(new Error("401"), { isAuthError: true });
    const { adapter, sent } = heldAdapter(refused);
    await expect(probeFirst(adapter)).rejects.toBe(refused);
    expect(sent).toHaveLength(1);
  });
});

describe("closingProbes (a run's closing snapshot)", () => {
  /** Answers each probe with its own number, once the test releases it (in any order). */
  function echoAdapter() {
    const held = new Map<string, () => void>();
    const adapter = fakeAdapter(
      (probe) => new Promise<void>((resolve) => held.set(probe, resolve)),
      (probe) => `reply ${IDENTITY_PROBES.indexOf(probe) + 1}`,
    );
    const settle = () => new Promise((resolve) => setImmediate(resolve));
    return { adapter, held, settle };
  }

  it("sends every probe at once to an endpoint that takes that many, and lists the answers in probe order", async () => {
    const { adapter, held, settle } = echoAdapter();
    const closing = closingProbes(adapter, undefined, 16).snapshot();
    await settle();
    expect([...held.keys()]).toEqual(IDENTITY_PROBES);
    for (const probe of [...IDENTITY_PROBES].reverse()) held.get(probe)!();
    expect((await closing).answers).toEqual(["reply 1", "reply 2", "reply 3"]);
  });

  it("sends them one after another to an endpoint of concurrency 1", async () => {
    const { adapter, held, settle } = echoAdapter();
    const closing = closingProbes(adapter, undefined, 1).snapshot();
    for (const [number, probe] of IDENTITY_PROBES.entries()) {
      await settle();
      expect(held.size).toBe(number + 1);
      held.get(probe)!();
    }
    expect((await closing).answers).toEqual(["reply 1", "reply 2", "reply 3"]);
  });

  it("sends a probe for each worker left without items while others still wait, and the rest at the end", async () => {
    const { adapter, held, settle } = echoAdapter();
    const closing = closingProbes(adapter, undefined, 2);
    // The last worker of a run has no one to overlap with: it takes none.
    expect(closing.take(0)).toBeUndefined();
    const first = closing.take(3);
    const second = closing.take(2);
    await settle();
    expect([...held.keys()]).toEqual(IDENTITY_PROBES.slice(0, 2));
    held.get(IDENTITY_PROBES[1]!)!();
    held.get(IDENTITY_PROBES[0]!)!();
    await Promise.all([first, second]);
    const snapshot = closing.snapshot();
    await settle();
    expect([...held.keys()]).toEqual(IDENTITY_PROBES);
    held.get(IDENTITY_PROBES[2]!)!();
    expect((await snapshot).answers).toEqual(["reply 1", "reply 2", "reply 3"]);
    expect(closing.take(5)).toBeUndefined(); // all three sent
  });
});
