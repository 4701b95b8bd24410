import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryDirectory } from "../../tests/helpers/cli.js";
import { indexItemLog, readRecordAt } from "./item-index.js";

const line = (id: string, index: number, status: string, reply: string) =>
  `${JSON.stringify({ v: 1, id, index, subject: "수학", status, target: "A", extracted: "B", reply, promptHash: "h", time: "t" })}\n`;

describe("the item-log index", () => {
  it("keeps each item's final record, in item order, skips a torn last line, and reads a record back by its place", async () => {
    const file = join(await temporaryDirectory(), "items.jsonl");
    // Korean text in earlier records: places are bytes, not characters.
    await writeFile(
      file,
      line("b", 1, "error", "연결 실패") +
        line("a", 0, "correct", "정답: A") +
        line("b", 1, "incorrect", "정답은 B 입니다") +
        '{"id":"c","ind',
    );
    const index = await indexItemLog(file);
    expect(index.map((entry) => [entry.id, entry.status])).toEqual([
      ["a", "correct"],
      ["b", "incorrect"],
    ]);
    expect(index[1]!.text).toContain("정답은 b 입니다");
    const record = await readRecordAt(file, index[1]!.offset, index[1]!.length);
    expect(record.reply).toBe("정답은 B 입니다");
    expect(await indexItemLog(join(file, "..", "missing.jsonl"))).toEqual([]);
  });
});
