import type { LogLikelihoodRequest, LogLikelihoodResult, TokenUsage } from "../../spec/adapter.js";

/** The parts of an OpenAI `text_completion` with `echo` and `logprobs` that kfm reads. */
export interface CompletionBody {
  choices?: Array<{
    index?: number;
    logprobs?: {
      tokens?: string[];
      token_logprobs?: Array<number | null>;
      /** Character offset of each token in the echoed text (Python str offsets: code points). */
      text_offset?: number[];
      top_logprobs?: Array<Record<string, number> | null> | null;
    } | null;
  }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

/**
 * The request lm-evaluation-harness sends to a completions server for loglikelihood: the context
 * and continuation as one prompt, echoed back with each token's log-probability, plus one
 * generated token (some servers refuse max_tokens 0). All continuations of one item go in one
 * request, as a list of prompts.
 */
export function logLikelihoodBody(model: string, requests: readonly LogLikelihoodRequest[]): string {
  return JSON.stringify({
    model,
    prompt: requests.map((request) => request.context + request.continuation),
    max_tokens: 1,
    temperature: 0,
    echo: true,
    logprobs: 1,
  });
}

const codePoints = (text: string) => [...text].length;

/**
 * The continuation's log-probability from an echoed completion: the tokens that reach past the end
 * of the context and start before the end of the prompt (the one generated token is left out). A
 * token that straddles the boundary counts for the continuation, since without the server's
 * tokenizer kfm cannot split it.
 */
export function readLogLikelihood(
  body: CompletionBody,
  requests: readonly LogLikelihoodRequest[],
): { results: LogLikelihoodResult[]; usage: TokenUsage } {
  const choices = body.choices ?? [];
  const results = requests.map((request, position) => {
    const choice = choices.find((candidate) => candidate.index === position) ?? choices[position];
    const logprobs = choice?.logprobs;
    const tokens = logprobs?.tokens;
    const values = logprobs?.token_logprobs;
    const offsets = logprobs?.text_offset;
    if (!tokens || !values || !offsets)
      throw new Error(
        `the completion for prompt ${position} has no echoed token log-probabilities (does the server support echo with logprobs?)`,
      );
    const start = codePoints(request.context);
    const end = start + codePoints(request.continuation);
    let logprob = 0;
    let count = 0;
    let isGreedy = true;
    for (let index = 0; index < tokens.length; index++) {
      const offset = offsets[index]!;
      const tokenEnd = offset + codePoints(tokens[index]!);
      if (tokenEnd <= start || offset >= end) continue;
      const value = values[index];
      if (typeof value !== "number") throw new Error(`token ${index} of prompt ${position} has no log-probability`);
      logprob += value;
      count++;
      const top = logprobs.top_logprobs?.[index];
      if (top) {
        const best = Object.entries(top).reduce((a, b) => (b[1] > a[1] ? b : a));
        if (best[0] !== tokens[index] && best[1] > value) isGreedy = false;
      }
    }
    if (count === 0) throw new Error(`no token of prompt ${position} covers the continuation ${JSON.stringify(request.continuation)}`);
    return { logprob, isGreedy, tokens: count };
  });
  const usage: TokenUsage = {};
  if (typeof body.usage?.prompt_tokens === "number") usage.inputTokens = body.usage.prompt_tokens;
  if (typeof body.usage?.completion_tokens === "number") usage.outputTokens = body.usage.completion_tokens;
  return { results, usage };
}
