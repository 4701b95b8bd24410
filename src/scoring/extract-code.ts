import { stripReasoning } from "./reasoning.js";

/**
 * The program in a reply, as LiveCodeBench reads it (lcb_runner/utils/extraction_utils.py,
 * `extract_code` for chat models): the lines between the last two lines that contain three
 * backticks, so the last fenced block wins; fewer than two such lines is no code. Reasoning
 * (`<think>…</think>`) is set aside first, as a model's separate reasoning field would be.
 */
export function extractCode(reply: string): string | undefined {
  const lines = stripReasoning(reply).answer.split("\n");
  const fences = lines.flatMap((line, index) => (line.includes("```") ? [index] : []));
  if (fences.length < 2) return undefined;
  return lines.slice(fences.at(-2)! + 1, fences.at(-1)!).join("\n");
}
