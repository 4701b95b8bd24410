import type { ItemRecord } from "../spec/record.js";
import type { ItemView } from "./report-input.js";
import { transcriptOf } from "./transcript.js";

/** A record as the item browser shows it; `prompt` is the prompt as sent, when the caller could re-render it. */
export function itemViewOf(record: ItemRecord, prompt?: string): ItemView {
  const view: ItemView = { id: record.id, subject: record.subject, status: record.status, target: record.target };
  if (record.supercategory !== undefined) view.supercategory = record.supercategory;
  if (record.extracted !== undefined) view.extracted = record.extracted;
  if (record.rule !== undefined) view.rule = record.rule;
  if (record.reply !== undefined) view.reply = record.reply;
  if (record.reasoning !== undefined) view.reasoning = record.reasoning;
  const transcript = transcriptOf(record);
  if (transcript) view.transcript = transcript;
  const judged = record.details?.judge;
  if (judged)
    view.judge = judged.turns
      .map(
        (turn, index) =>
          `[${turn.prompt}, turn ${index + 1}: ${turn.rating}/${judged.scale} by ${judged.model}]\n${turn.replies.join("\n---\n")}`,
      )
      .join("\n\n");
  if (record.error) view.error = `${record.error.code}${record.error.status ? ` ${record.error.status}` : ""}: ${record.error.message}`;
  if (prompt !== undefined) view.prompt = prompt;
  return view;
}
