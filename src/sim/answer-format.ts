/**
 * The answer format a prompt asks for, so the simulated model follows instructions as a real one
 * does: a benchmark whose reference evaluator reads only its own format (MathArena's last \boxed{},
 * MMLU-Pro's "The answer is (X)", simple-evals' "Answer: X", HLE's Explanation/Answer/Confidence)
 * then scores the simulator exactly as its policy decided.
 */
export type AnswerFormat = "boxed" | "answer-is" | "answer-line" | "explanation-answer-confidence";

export function requestedFormat(instructions: string): AnswerFormat | undefined {
  if (instructions.includes("Confidence: {your confidence")) return "explanation-answer-confidence";
  if (instructions.includes("within \\boxed{}")) return "boxed";
  if (/the answer is \(X\)/i.test(instructions)) return "answer-is";
  if (instructions.includes("'Answer: $LETTER'")) return "answer-line";
  return undefined;
}

/** A reply in the requested format naming `value` (a letter or an open answer), after a short explanation; `confidence` in percent. */
export function formatted(format: AnswerFormat, value: string, confidence: number): string {
  switch (format) {
    case "boxed":
      return `Working through the conditions step by step gives the value below.\n\nThe final answer is $\\boxed{${value}}$.`;
    case "answer-is":
      return `Let's think step by step. Checking each option against the question leaves one that fits.\nThe answer is (${value}).`;
    case "answer-line":
      return `Checking each option against the question leaves one that fits.\n\nAnswer: ${value}`;
    case "explanation-answer-confidence":
      return `Explanation: Working from the definitions in the question leads to the answer below.\nAnswer: ${value}\nConfidence: ${confidence}%`;
  }
}
