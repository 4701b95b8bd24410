import { open } from "node:fs/promises";
import type { ItemRecord } from "../spec/record.js";
import { forEachLine, parseLine } from "./log-lines.js";

/** Where an item's final record sits in items.jsonl, with what a list shows and a search looks at. */
export interface IndexedRecord {
  id: string;
  index: number;
  subject: string;
  supercategory?: string;
  status: string;
  target: string;
  extracted?: string;
  /** Byte offset and length of the record's line. */
  offset: number;
  length: number;
  /** Lower-cased text a search matches: id, subject, status, target, answer, error, the first 4,000 characters of the reply. */
  text: string;
}

const SEARCHED_REPLY = 4000;

function entryOf(record: ItemRecord, offset: number, length: number): IndexedRecord {
  const text = [
    record.id,
    record.subject,
    record.status,
    record.target,
    record.extracted,
    record.error?.message,
    record.reply?.slice(0, SEARCHED_REPLY),
  ]
    .filter((part) => part !== undefined)
    .join("\n")
    .toLowerCase();
  const entry: IndexedRecord = {
    id: record.id,
    index: record.index,
    subject: record.subject,
    status: record.status,
    target: record.target,
    offset,
    length,
    text,
  };
  if (record.supercategory !== undefined) entry.supercategory = record.supercategory;
  if (record.extracted !== undefined) entry.extracted = record.extracted;
  return entry;
}

/**
 * One streaming pass over items.jsonl that keeps, per item, the final record's place in the file
 * and a line of searchable text, never the replies whole: a viewer lists and searches 35,030 items
 * from this and reads one record back (`readRecordAt`) when it is opened.
 */
export async function indexItemLog(file: string): Promise<IndexedRecord[]> {
  const latest = new Map<string, IndexedRecord>();
  await forEachLine(file, (line, offset) => {
    const record = parseLine(line) as ItemRecord | undefined; // undefined: a torn last line after a crash
    if (typeof record?.id === "string" && typeof record.status === "string") latest.set(record.id, entryOf(record, offset, line.length));
  });
  return [...latest.values()].sort((a, b) => a.index - b.index || a.offset - b.offset);
}

/** The record at a place `indexItemLog` gave. */
export async function readRecordAt(file: string, offset: number, length: number): Promise<ItemRecord> {
  const handle = await open(file, "r");
  try {
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, offset);
    return JSON.parse(buffer.toString("utf8")) as ItemRecord;
  } finally {
    await handle.close();
  }
}
