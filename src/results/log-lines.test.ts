import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { forEachLine, parseLine } from "./log-lines.js";

async function linesOf(text: string | Buffer): Promise<Array<{ text: string; offset: number }>> {
  const file = join(await mkdtemp(join(tmpdir(), "kfm-lines-")), "items.jsonl");
  await writeFile(file, text);
  const seen: Array<{ text: string; offset: number }> = [];
  await forEachLine(file, (line, offset) => seen.push({ text: line.toString("utf8"), offset }));
  return seen;
}

describe("forEachLine", () => {
  it("gives every line with its byte offset, across chunks, skipping empty lines, the last without a newline too", async () => {
    const long = JSON.stringify({ id: "a:1", reply: "정답".repeat(400_000) }); // 2.4 MB: spans the 1 MB chunks
    const text = `{"id":"한:0"}\n\n${long}\n{"id":"a:2"}\r\n{"torn`;
    const seen = await linesOf(text);
    expect(seen.map((line) => line.text)).toEqual(['{"id":"한:0"}', long, '{"id":"a:2"}\r', '{"torn']);
    const bytes = Buffer.from(text);
    for (const line of seen)
      expect(bytes.subarray(line.offset, line.offset + Buffer.byteLength(line.text)).toString("utf8")).toBe(line.text);
    // A line ending in \r\n parses as its record; a torn one does not.
    expect(parseLine(Buffer.from(seen[2]!.text))).toEqual({ id: "a:2" });
    expect(parseLine(Buffer.from(seen[3]!.text))).toBeUndefined();
  });

  it("a file that does not exist has no lines", async () => {
    const seen: Buffer[] = [];
    await forEachLine(join(tmpdir(), "kfm-no-such-dir", "items.jsonl"), (line) => seen.push(line));
    expect(seen).toEqual([]);
  });
});
