/** Reasoning that models put inside the answer text: `<think>` (Qwen, DeepSeek, EXAONE) and `<thinking>`. */
const CLOSED_BLOCK = /<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi;
const UNOPENED_END = /^[\s\S]*?<\/(think|thinking|reasoning)>/i;
const UNCLOSED_START = /<(think|thinking|reasoning)>[\s\S]*$/i;

export interface SplitReply {
  answer: string;
  reasoning: string;
}

/**
 * Separates reasoning from the answer. Some servers strip the opening tag and leave only
 * `</think>`; a block that never closes means the model ran out of tokens while thinking,
 * so everything after the tag is reasoning and there is no answer.
 */
export function stripReasoning(text: string): SplitReply {
  const reasoning: string[] = [];
  let answer = text.replace(CLOSED_BLOCK, (block) => {
    reasoning.push(block.replace(/^<[^>]+>|<\/[^>]+>$/g, "").trim());
    return "";
  });
  answer = answer.replace(UNOPENED_END, (block) => {
    reasoning.push(block.replace(/<\/[^>]+>$/, "").trim());
    return "";
  });
  answer = answer.replace(UNCLOSED_START, (block) => {
    reasoning.push(block.replace(/^<[^>]+>/, "").trim());
    return "";
  });
  return { answer: answer.trim(), reasoning: reasoning.filter(Boolean).join("\n\n") };
}
