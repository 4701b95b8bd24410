import { setImmediate as nextTurn } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import type { ItemRecord } from "../spec/record.js";
import { RecordQueue } from "./record-queue.js";

const record = (id: string) => ({ id, status: "correct" }) as ItemRecord;

describe("RecordQueue", () => {
  it("makes a turn's records on the next turn, in order, and waits for a judge's before it settles", async () => {
    const written: string[] = [];
    const queue = new RecordQueue(
      (made) => void written.push(made.id),
      (error) => {
        throw error;
      },
    );
    let made = 0;
    queue.defer(() => (made++, record("a")));
    let judged!: (value: ItemRecord) => void;
    queue.defer(() => new Promise<ItemRecord>((resolve) => (judged = resolve)));
    queue.defer(() => (made++, record("c")));
    // Nothing is made in the turn the replies came in: the workers send their next requests first.
    expect(made).toBe(0);
    expect(queue.unfinished).toBe(3);
    await nextTurn();
    expect(written).toEqual(["a", "c"]);
    expect(queue.unfinished).toBe(1);
    const settled = queue.settle();
    judged(record("b"));
    await settled;
    expect(written).toEqual(["a", "c", "b"]);
    expect(queue.written).toBe(3);
  });

  it("hands a record that cannot be made, or written, to fail and goes on with the rest", async () => {
    const failures: unknown[] = [];
    const queue = new RecordQueue(
      async (made) => {
        if (made.id === "w") throw new Error("disk full");
      },
      (error) => failures.push(error),
    );
    queue.defer(() => {
      throw new Error("scorer broke");
    });
    queue.defer(() => record("w"));
    queue.defer(() => record("ok"));
    await queue.settle();
    expect(failures.map((error) => (error as Error).message)).toEqual(["scorer broke", "disk full"]);
    expect(queue.written).toBe(1);
  });
});
