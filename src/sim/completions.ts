import type { AnswerKey } from "./answer-key.js";
import type { SimSettings } from "./options.js";
import { chosenLetter, expectedOutcome } from "./policy.js";

interface CompletionRequest {
  prompt?: unknown;
  echo?: boolean;
  logprobs?: number | null;
}

/** Whitespace-led pieces of text (they cover it exactly) with their code-point offsets: the simulator's stand-in for a tokenizer. */
function tokenize(text: string): Array<{ token: string; offset: number }> {
  const tokens: Array<{ token: string; offset: number }> = [];
  let offset = 0;
  for (const match of text.matchAll(/\s*\S+|\s+$/g)) {
    tokens.push({ token: match[0], offset });
    offset += [...match[0]].length;
  }
  return tokens;
}

/**
 * `/v1/completions` for log-likelihood scoring: each prompt is echoed back with a log-probability
 * per token and one generated token. A prompt that ends in ` X` after a known multiple-choice item
 * gets its label's log-probability from the same seeded policy as a chat answer: the letter the
 * simulated model would choose is likely, every other letter is not, so a log-likelihood run and a
 * chat run of the same items score the same (no-answer becomes a wrong letter: an argmax always answers).
 */
export function completionsBody(
  settings: SimSettings,
  key: AnswerKey,
  request: CompletionRequest,
  requestNumber: number,
): Record<string, unknown> | { error: string } {
  const prompts =
    typeof request.prompt === "string"
      ? [request.prompt]
      : Array.isArray(request.prompt) && request.prompt.every((entry) => typeof entry === "string")
        ? (request.prompt as string[])
        : undefined;
  if (!prompts) return { error: "prompt must be a string or a list of strings" };
  const wantLogprobs = typeof request.logprobs === "number";
  let promptTokens = 0;
  const choices = prompts.map((prompt, index) => {
    const label = /\s([A-J])$/.exec(prompt)?.[1];
    let chosen: string | undefined;
    if (label) {
      const { entry } = key.lookup(prompt.slice(0, -2));
      if (entry) {
        const outcome = expectedOutcome(settings, entry);
        chosen = chosenLetter(settings.seed, entry, outcome === "correct" ? "correct" : "incorrect");
      }
    }
    const tokens = tokenize(prompt);
    promptTokens += tokens.length;
    const logprobs: Array<number | null> = tokens.map((_, position) => (position === 0 ? null : -1));
    if (label && tokens.length > 0) logprobs[tokens.length - 1] = label === chosen ? -0.05 : -4 - "ABCDEFGHIJ".indexOf(label) * 0.01;
    const generated = { token: "\n", offset: [...prompt].length };
    const all = request.echo ? [...tokens, generated] : [generated];
    const values = request.echo ? [...logprobs, -0.5] : [-0.5];
    const top = all.map((token, position) => {
      const value = values[position];
      if (value === null || value === undefined) return null;
      // The label the model prefers is the top token where a label goes.
      if (label && position === tokens.length - 1 && chosen && chosen !== label) return { [` ${chosen}`]: -0.05 };
      return { [token.token]: value };
    });
    return {
      index,
      text: (request.echo ? prompt : "") + generated.token,
      logprobs: wantLogprobs
        ? {
            tokens: all.map((token) => token.token),
            token_logprobs: values,
            text_offset: all.map((token) => token.offset),
            top_logprobs: top,
          }
        : null,
      finish_reason: "length",
    };
  });
  return {
    id: `cmpl-sim-${requestNumber}`,
    object: "text_completion",
    created: Math.floor(Date.now() / 1000),
    model: settings.model,
    choices,
    usage: { prompt_tokens: promptTokens, completion_tokens: prompts.length, total_tokens: promptTokens + prompts.length },
  };
}
