import { createReadStream } from "node:fs";

/**
 * Calls `take` with each line of a JSON-lines file (without its newline) and the byte offset it
 * starts at, reading the file in large chunks: one pass, and only a line at a time beyond the
 * chunk in memory, however large the file. Several times faster than `readline` over a stream,
 * which costs a promise per line (a 35,030-item log). A missing file has no lines.
 */
export async function forEachLine(file: string, take: (line: Buffer, offset: number) => void): Promise<void> {
  let pending: Buffer = Buffer.alloc(0);
  let base = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
      pending = pending.length ? Buffer.concat([pending, chunk as Buffer]) : (chunk as Buffer);
      let start = 0;
      for (let newline = pending.indexOf(0x0a); newline >= 0; newline = pending.indexOf(0x0a, start)) {
        if (newline > start) take(pending.subarray(start, newline), base + start);
        start = newline + 1;
      }
      base += start;
      pending = pending.subarray(start);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
    throw error;
  }
  if (pending.length > 0) take(pending, base);
}

/** A line as JSON, or undefined when it is not (a torn last line after a crash, a blank line). */
export function parseLine(line: Buffer): unknown {
  try {
    return JSON.parse(line.toString("utf8"));
  } catch {
    return undefined;
  }
}
