/** Reasoning that models write into the answer text: `<think>` (Qwen, DeepSeek, EXAONE) and `<thinking>`. */
const OPEN_TAG = /<(?:think|thinking)>/i;
const CLOSE_TAG = /<\/(?:think|thinking)>/i;
const CLOSED_BLOCK = /<(?:think|thinking)>([\s\S]*?)<\/(?:think|thinking)>/gi;
const ANY_TAG = /<\/?(?:think|thinking)>/i;
const STRAY_CLOSE_TAGS = new RegExp(CLOSE_TAG.source, "gi");

export interface SplitReply {
  /** The reply with every reasoning block removed, trimmed. */
  answer: string;
  /** The blocks' contents, in order, separated by blank lines. */
  reasoning: string;
}

/**
 * Separates reasoning from the answer. Three shapes occur in real replies:
 * - closed blocks anywhere (`<think>…</think>정답: C`): removed;
 * - a close tag with no open tag before it: the chat template opened the block in the prompt
 *   (Qwen3, DeepSeek-R1), so everything before `</think>` is reasoning;
 * - an open tag that never closes: the model ran out of tokens while thinking, so everything from
 *   the tag on is reasoning and, for a leading tag, there is no answer at all.
 */
export function stripReasoning(text: string): SplitReply {
  // Most replies carry no tag at all; every step below would leave them as they are.
  if (!ANY_TAG.test(text)) return { answer: text.trim(), reasoning: "" };
  const reasoning: string[] = [];
  let answer = text;

  const firstClose = answer.search(CLOSE_TAG);
  const firstOpen = answer.search(OPEN_TAG);
  if (firstClose >= 0 && (firstOpen < 0 || firstClose < firstOpen)) {
    const closeTag = CLOSE_TAG.exec(answer)!;
    reasoning.push(answer.slice(0, firstClose));
    answer = answer.slice(firstClose + closeTag[0].length);
  }

  answer = answer.replace(CLOSED_BLOCK, (_block, inner: string) => {
    reasoning.push(inner);
    return "\n";
  });

  const unclosed = answer.search(OPEN_TAG);
  if (unclosed >= 0) {
    reasoning.push(answer.slice(unclosed).replace(OPEN_TAG, ""));
    answer = answer.slice(0, unclosed);
  }

  // A stray close tag left over (two closes for one open) is markup, not answer text.
  answer = answer.replace(STRAY_CLOSE_TAGS, "");
  return {
    answer: answer.trim(),
    reasoning: reasoning
      .map((part) => part.trim())
      .filter(Boolean)
      .join("\n\n"),
  };
}
