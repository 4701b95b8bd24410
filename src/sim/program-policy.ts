import type { AnswerKeyEntry } from "./options.js";

/**
 * A code-generation reply (LiveCodeBench): the item's reference program in a fenced block when the
 * outcome is correct and the item has one (test fixtures carry `kfm_reference_solution`), otherwise a
 * plausible wrong program of the right shape, the starter code with a body that returns nothing useful,
 * or a stdin program that prints a count; a declined item gets prose without a code block.
 */
export function programReply(
  entry: AnswerKeyEntry & { program: NonNullable<AnswerKeyEntry["program"]> },
  outcome: "correct" | "incorrect" | "no-answer",
): { content: string; inlineReasoning: false } {
  if (outcome === "no-answer") return { content: "I am not able to solve this problem.", inlineReasoning: false };
  const { reference, starter } = entry.program;
  const code =
    outcome === "correct" && reference
      ? reference
      : starter.trim()
        ? `${starter.trimEnd()}\n        return None`
        : "import sys\n\ndata = sys.stdin.read().split()\nprint(len(data))";
  return { content: `Here is my solution.\n\n\`\`\`python\n${code}\n\`\`\`\n`, inlineReasoning: false };
}
