import { appendFile, mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import type { ItemRecord } from "../spec/record.js";
import { ItemLogWriter, readFinalRecords, readItemLog, SessionRecords, SYNC_EVERY_RECORDS } from "./item-log.js";

function record(id: string, status: ItemRecord["status"], reply = "정답: A"): ItemRecord {
  return { v: 1, id, index: 0, subject: "s", status, target: "A", promptHash: "h", time: "t", reply };
}

describe("item log", () => {
  it("appends one line per record and keeps the last record of each id", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    const writer = await ItemLogWriter.open(file);
    await writer.append(record("a", "error"));
    await writer.append(record("b", "correct"));
    await writer.append(record("a", "incorrect"));
    await writer.close();
    expect((await readFile(file, "utf8")).trim().split("\n")).toHaveLength(3);
    const log = await readItemLog(file);
    expect(log.records.size).toBe(2);
    expect(log.records.get("a")!.status).toBe("incorrect");
    expect(log.lines).toBe(3);
  });

  it("has each record on the file once the event loop turns, before close (a crash after it loses none)", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    const writer = await ItemLogWriter.open(file);
    await Promise.all([writer.append(record("a", "correct")), writer.append(record("b", "error"))]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(
      (await readFile(file, "utf8"))
        .trim()
        .split("\n")
        .map((line) => JSON.parse(line).id),
    ).toEqual(["a", "b"]);
    await writer.append(record("c", "correct"));
    await new Promise((resolve) => setImmediate(resolve));
    expect((await readFile(file, "utf8")).trim().split("\n")).toHaveLength(3);
    await writer.close();
  });

  it("says which file it cannot open, as a storage error", async () => {
    const folder = await mkdtemp(join(tmpdir(), "kfm-log-"));
    await mkdir(join(folder, "items.jsonl"));
    const error = await ItemLogWriter.open(join(folder, "items.jsonl")).catch((caught: unknown) => caught);
    expect(KfmError.isInstance(error) && error.code).toBe("storage");
    expect((error as Error).message).toContain(join(folder, "items.jsonl"));
  });

  it("survives a torn last line, as a crash mid-write leaves it", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    await appendFile(file, `${JSON.stringify(record("a", "correct"))}\n{"v":1,"id":"b","sta`);
    const log = await readItemLog(file);
    expect([...log.records.keys()]).toEqual(["a"]);
    expect(log.skippedLines).toBe(1);
    // Appending after the torn line still yields readable records.
    const writer = await ItemLogWriter.open(file);
    await writer.append(record("b", "correct"));
    await writer.close();
    const again = await readItemLog(file);
    expect([...again.records.keys()]).toEqual(["a", "b"]);
    expect(again.skippedLines).toBe(0);
  });

  it("slim reading drops reply text", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    await appendFile(file, `${JSON.stringify(record("a", "correct", "long reply"))}\n`);
    const log = await readItemLog(file, { slim: true });
    expect(log.records.get("a")!.reply).toBeUndefined();
    expect(log.records.get("a")!.status).toBe("correct");
  });

  it("a missing log is empty", async () => {
    const log = await readItemLog(join(tmpdir(), "kfm-does-not-exist", "items.jsonl"));
    expect(log.records.size).toBe(0);
  });
});

describe("readFinalRecords", () => {
  it("keeps the last record of each selected item, in item order, without reply text", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    const lines = [
      { ...record("b", "error"), index: 1 },
      { ...record("a", "correct"), index: 0 },
      { ...record("c", "correct"), index: 2 },
      { ...record("b", "incorrect"), index: 1 },
    ];
    await appendFile(file, `${lines.map((line) => JSON.stringify(line)).join("\n")}\n{"torn`);
    const { readFinalRecords } = await import("./item-log.js");
    const final = await readFinalRecords(file, (id) => id !== "c");
    expect(final.map((entry) => [entry.id, entry.status])).toEqual([
      ["a", "correct"],
      ["b", "incorrect"],
    ]);
    expect(Object.keys(final[0]!).filter((key) => ["reply", "promptHash", "time", "v"].includes(key))).toEqual([]);
  });

  it("keeps records that share an index (a task's trials) in the order of their final lines", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    const lines = [record("t#1", "error"), record("t#2", "correct"), record("t#1", "incorrect"), record("s", "correct")].map((line) =>
      JSON.stringify(line),
    );
    await appendFile(file, `${lines.join("\n")}\n`);
    const { readFinalRecords } = await import("./item-log.js");
    const final = await readFinalRecords(file, () => true);
    expect(final.map((entry) => [entry.id, entry.status])).toEqual([
      ["t#2", "correct"],
      ["t#1", "incorrect"],
      ["s", "correct"],
    ]);
  });
});

describe("item log durability (fsync policy)", () => {
  it(`fsyncs every ${SYNC_EVERY_RECORDS} records and at close, so a power cut loses at most the last batch`, async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    const writer = await ItemLogWriter.open(file);
    for (let index = 0; index < 2_500; index++) {
      await writer.append(record(`i${index}`, "correct"));
      // Records finishing in one turn of the event loop go out in one write: here, 100 a turn.
      if (index % 100 === 99) await new Promise(setImmediate);
    }
    await writer.close();
    // During the run (each time 1,000 more records are written, or a second after one), not only at close.
    expect(writer.syncs).toBeGreaterThanOrEqual(2);
    expect((await readItemLog(file)).records.size).toBe(2_500);
  });

  it("fsyncs a log of a single record at close, once", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    const writer = await ItemLogWriter.open(file);
    await writer.append(record("a", "correct"));
    await writer.close();
    expect(writer.syncs).toBe(1);
    expect((await readFile(file, "utf8")).trim().split("\n")).toHaveLength(1);
  });
});

describe("SessionRecords (a new run's records, kept for its summary)", () => {
  it("lists what readFinalRecords reads back from the log the session wrote", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kfm-log-")), "items.jsonl");
    const kept = new SessionRecords();
    const writer = await ItemLogWriter.open(file, kept);
    // Out of item order, an id written twice (an error, then its retry), trials sharing an index.
    const written: ItemRecord[] = [
      { ...record("s:3", "correct"), index: 3 },
      { ...record("s:1", "error"), index: 1, error: { code: "api-call", message: "HTTP 500" } },
      { ...record("t:2#2", "correct"), index: 2, trial: 2 },
      { ...record("t:2#1", "incorrect"), index: 2, trial: 1 },
      { ...record("s:1", "incorrect"), index: 1 },
      { ...record("s:0", "no-answer"), index: 0 },
    ];
    for (const entry of written) await writer.append(entry);
    await writer.close();
    const fromLog = await readFinalRecords(file, () => true);
    expect(kept.list()).toEqual(fromLog);
    expect(fromLog.map((entry) => entry.id)).toEqual(["s:0", "s:1", "t:2#2", "t:2#1", "s:3"]);
  });

  it("gives up past its limit, so the log is read instead and memory stays bounded", () => {
    const kept = new SessionRecords(2);
    kept.add(record("a", "correct"));
    kept.add(record("b", "correct"));
    expect(kept.list()).toHaveLength(2);
    kept.add(record("c", "correct"));
    expect(kept.list()).toBeUndefined();
    kept.add(record("d", "correct"));
    expect(kept.list()).toBeUndefined();
  });
});
