/**
 * Whether a reply stops mid-sentence: the sign of a generation cut off by the token limit. The
 * stored record keeps the reply text but not the endpoint's finish reason, so the scorers judge
 * from the text alone, and a re-score of a stored run reads it the same way.
 *
 * A reply is finished when its last line ends in sentence punctuation or a closing mark, in a
 * Korean sentence ending (`…다`, `…요`, `…음`), or in a number, optionally with a unit or counter
 * (`40일`, `3.5 km`). It is unfinished when it ends in an operator or a comma (`17,000 × 1.1 =`),
 * or in a word that no number precedes (`그중`, `which gives`, `이 설명은`).
 */
const FINISHED_MARK = /[.!?。…)\]}"'`*$」』】>|\\]$/u;
const KOREAN_SENTENCE_END = /(?:다|요|죠|음|함|임|까|오|네|군)$/u;
const NUMBER_WITH_UNIT = /\d(?:[\d,.]*\d)?[^\S\n]*(?:[\p{L}²³°%/^\d]+[^\S\n]*){0,2}$/u;
const OPERATOR_OR_COMMA = /[=+\-−×÷*/^,:;(]$/u;

export function endsMidSentence(text: string): boolean {
  const last = text.trimEnd().split("\n").at(-1)?.trim() ?? "";
  if (last === "") return false;
  if (OPERATOR_OR_COMMA.test(last)) return true;
  if (FINISHED_MARK.test(last) || KOREAN_SENTENCE_END.test(last)) return false;
  return !NUMBER_WITH_UNIT.test(last);
}
