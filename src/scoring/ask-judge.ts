import { createHash } from "node:crypto";
import { KfmError } from "../spec/errors.js";
import type { JudgeModel } from "../spec/scorer.js";

export interface JudgeRequest {
  system?: string;
  prompt: string;
}

/**
 * Asks the judge `repeats` times for one request, reading the replies cached under (judge model,
 * prompt hash) first, and reads each reply with `parse`. A reply `parse` cannot read is an error on
 * the item (never a low score) and is not cached, so the judge is asked again next time.
 */
export async function askJudge<T>(options: {
  model: JudgeModel | undefined;
  cache: Map<string, string[]>;
  request: JudgeRequest;
  repeats: number;
  parse(reply: string): T | undefined;
  /** For messages: `item q:3, turn 2`. */
  what: string;
  /** What a readable reply holds, for the error: `a [[rating]]`, `a pass or fail`. */
  expects: string;
}): Promise<{ hash: string; replies: string[]; values: T[] }> {
  const { model, cache, request } = options;
  const hash = createHash("sha256").update(JSON.stringify(request)).digest("hex").slice(0, 16);
  const key = `${model?.id ?? ""}\u0000${hash}`;
  let replies = cache.get(key) ?? [];
  while (replies.length < options.repeats) {
    if (!model)
      throw new KfmError("judge", `${options.what}: no judge reply is cached and no judge model is configured`, {
        hint: "Pass --judge <endpoint>.",
      });
    let reply: string;
    try {
      reply = (await model.complete(request)).text;
    } catch (error) {
      throw new KfmError("judge", `${options.what}: the judge ${model.id} failed: ${(error as Error).message}`, { cause: error });
    }
    replies = [...replies, reply];
  }
  replies = replies.slice(0, options.repeats);
  const values = replies.map(options.parse);
  const missing = values.findIndex((value) => value === undefined);
  if (missing >= 0)
    throw new KfmError(
      "judge",
      `${options.what}: the judge's reply has no ${options.expects}: ${JSON.stringify(replies[missing]!.slice(-120))}`,
    );
  cache.set(key, replies);
  return { hash, replies, values: values as T[] };
}

/** `{name}` placeholders of a judge template filled; unknown names stay as written. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(values, name) ? values[name]! : whole));
}
