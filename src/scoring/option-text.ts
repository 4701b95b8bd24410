/**
 * A reply that names an option by its text ("광합성", "정답은 '광합성'입니다") rather than its
 * label: compared with the item's option texts with case, spacing, quotes, brackets and a polite
 * ending aside.
 */
import { normalize } from "./normalize.js";

/** The label whose option text equals `text` (case, spacing, quotes and a final period aside). */
export function optionLabel(text: string, choiceTexts: readonly string[] | undefined, labels: readonly string[]): string | undefined {
  if (!choiceTexts) return undefined;
  const wanted = squash(text);
  if (wanted === "") return undefined;
  let hit: number | undefined;
  const squashed = squashedOptions(choiceTexts);
  for (let index = 0; index < squashed.length; index++) {
    if (squashed[index] !== wanted) continue;
    if (hit !== undefined) return undefined;
    hit = index;
  }
  return hit === undefined ? undefined : labels[hit];
}

/** A number some datasets keep at the start of an option's text: "④ 헌법재판소장", "(2) 고려". */
const OPTION_NUMBER = /^\s*(?:[\u2460-\u2473]|\(\d{1,2}\))\s*/;

/**
 * The last item's option texts, squashed once however many of its reply's lines are compared with
 * them (a reply is scored in one go, so one entry is enough). Not a WeakMap keyed by the item's
 * options: an item lives long enough to be promoted, and a young value under an old key survives
 * every scavenge until a full collection (4.7 MB promoted in a 20,000-item KMMLU run).
 */
let lastTexts: readonly string[] | undefined;
let lastSquashed: readonly string[] = [];

function squashedOptions(choiceTexts: readonly string[]): readonly string[] {
  if (choiceTexts !== lastTexts) {
    lastSquashed = choiceTexts.map((text) => squash(text.replace(OPTION_NUMBER, "")));
    lastTexts = choiceTexts;
  }
  return lastSquashed;
}

const LEADING_NOISE = /^[\s"'`*$:=\-–—([{]+/;
const TRAILING_NOISE = /[\s"'`*$.,;!。)\]}]+$/;
/** One character of `TRAILING_NOISE`, tested at the end: most texts end in none, and then the scan is skipped. */
const TRAILING_MARK = /[\s"'`*$.,;!。)\]}]/y;
/** Spacing other than single spaces: without any, collapsing runs of whitespace changes nothing. */
const UNEVEN_SPACING = /[^\S ]| {2}/;
/** No ending is the tail of another, so at most one of them can end a text. */
const POLITE_ENDINGS = ["입니다", "이에요", "예요", "이다", "임"];

/** Quotes, brackets, emphasis and spaces off both ends (a text of only such marks goes whole). */
function trimNoise(text: string): string {
  const leading = LEADING_NOISE.exec(text);
  const rest = leading ? text.slice(leading[0].length) : text;
  if (rest === "") return rest;
  TRAILING_MARK.lastIndex = rest.length - 1;
  if (!TRAILING_MARK.test(rest)) return rest;
  const trailing = TRAILING_NOISE.exec(rest);
  return trailing ? rest.slice(0, trailing.index) : rest;
}

function squash(text: string): string {
  let value = trimNoise(normalize(text));
  for (const ending of POLITE_ENDINGS) {
    if (!value.endsWith(ending)) continue;
    value = value.slice(0, -ending.length);
    break;
  }
  value = trimNoise(value);
  return (UNEVEN_SPACING.test(value) ? value.replace(/\s+/g, " ") : value).toLowerCase();
}
