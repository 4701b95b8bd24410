import type { JudgeDetails, ScorerContext } from "../spec/scorer.js";
import { askJudge, fill } from "./ask-judge.js";
import { defuse, promptFor } from "./judge.js";

/**
 * One judgment of a reply with a named plain-text judge prompt (HLE's, AA-LCR's): the prompt's
 * `{name}` slots filled, the reply's markers defused, the judge's reply read by `parse` (cached by
 * judge model and prompt hash, an unreadable reply an error), and the judge details a record keeps,
 * rated 1 when `correct` says so.
 */
export async function judgeOnce<T>(options: {
  context: ScorerContext;
  cache: Map<string, string[]>;
  prompt: string;
  values: Record<string, string>;
  /** The slot holding the model's reply, defused against the prompt's markers. */
  reply: { slot: string; text: string };
  parse(reply: string): T | undefined;
  correct(value: T): boolean;
  what: string;
  expects: string;
}): Promise<{ value: T; judge: JudgeDetails }> {
  const prompt = promptFor(options.context, options.prompt);
  const values = { ...options.values, [options.reply.slot]: defuse(options.reply.text, prompt.template) };
  const asked = await askJudge({
    model: options.context.judge,
    cache: options.cache,
    request: { ...(prompt.system ? { system: prompt.system } : {}), prompt: fill(prompt.template, values) },
    repeats: 1,
    parse: options.parse,
    what: options.what,
    expects: options.expects,
  });
  const value = asked.values[0]!;
  const rating = options.correct(value) ? 1 : 0;
  return {
    value,
    judge: {
      model: options.context.judge?.id ?? "(cache)",
      scale: 1,
      turns: [{ prompt: options.prompt, promptHash: asked.hash, replies: asked.replies, rating }],
    },
  };
}
