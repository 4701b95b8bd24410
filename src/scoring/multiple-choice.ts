import { isAccepted } from "./accepted.js";
import { KfmError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import type { ScoreInput, ScoreResult } from "../spec/scorer.js";
import { defineScorer } from "./define-scorer.js";
import { multipleChoiceDeclaration } from "./multiple-choice-declaration.js";
import { itemLabels } from "./choice-reader.js";
import { extractChoice, extractStatedAnswer, type ExtractedChoice } from "./extract-choice.js";
import { stripReasoning } from "./reasoning.js";

/**
 * Multiple choice scored by extraction: the extracted label against the item's target, `no-answer`
 * when nothing defensible can be extracted (never `incorrect`: a format failure is not a wrong answer,
 * and the no-answer rate is reported apart).
 *
 * Only the answer text is searched. Reasoning is where a model weighs every option, so a letter
 * found there is not its answer. One exception, when the answer text is empty: if the reasoning's
 * last line states an answer explicitly ("정답: C", "Final answer: C"), the reply was complete but
 * the server filed it all as reasoning (a reasoning parser that never saw `</think>`), and the rule
 * is recorded as `reasoning-<rule>` so such items can be counted and re-scored. A reasoning cut off
 * by the token limit ends mid-thought and stays `no-answer`.
 */
export const multipleChoice = defineScorer({
  ...multipleChoiceDeclaration,
  create(args) {
    return { score: (input) => scoreReply(args.choices, input) };
  },
});

function scoreReply(choices: readonly string[], { item, text, reasoning }: ScoreInput): ScoreResult {
  const target = targetLabel(choices, item);
  const labels = itemLabels(choices, item.choices);
  // Option texts help only when they line up with the labels one to one.
  const choiceTexts = item.choices?.length === labels.length ? item.choices : undefined;
  const reply = stripReasoning(text);
  let extraction: ExtractedChoice = extractChoice(reply.answer, labels, choiceTexts);
  if (extraction.rule === "empty") {
    const thought = [reasoning, reply.reasoning].filter((part) => part && part.trim() !== "").join("\n\n");
    const stated = thought ? extractStatedAnswer(thought, labels, choiceTexts) : undefined;
    if (stated?.answer !== undefined) extraction = { answer: stated.answer, rule: `reasoning-${stated.rule}` };
  }
  if (extraction.answer === undefined) return { status: "no-answer", rule: extraction.rule };
  return {
    status: isAccepted(item, extraction.answer, target) ? "correct" : "incorrect",
    extracted: extraction.answer,
    rule: extraction.rule,
  };
}

/**
 * The item's target as one of the labels. A target outside the labels is a suite mistake (a dataset
 * answer "3" not mapped to "C"), raised so the item is recorded as an error rather than scored wrong.
 */
function targetLabel(choices: readonly string[], item: SuiteItem): string {
  const target = item.target.trim();
  const label = choices.find((choice) => choice === target) ?? choices.find((choice) => choice.toUpperCase() === target.toUpperCase());
  if (label === undefined) {
    throw new KfmError("data", `item ${item.id}: target "${item.target}" is not one of the choices ${choices.join(", ")}`, {
      hint: "Map the dataset's answer column to a label with data.target.map in the suite.",
    });
  }
  return label;
}
