/**
 * KITE's Korean instruction checkers (acrostic, particles, honorifics, number systems) and its
 * Korean constrained answers, following the rules of KITE's own checkers.
 */
import type { Checker } from "./checker.js";
import { pythonSplit } from "./python-text.js";

/** The particles KITE lists in its postposition-drop prompts, which its checker rejects at the end of a token. */
const POSTPOSITIONS = ["가", "이", "은", "는", "을", "를", "에", "에서", "와", "과", "로", "으로"];

/**
 * The numerals KITE's number-system checker looks for. Native: 1-4 in their attributive forms (한, 두,
 * 세, 네) alone and after every ten (스무 for 20), the cardinals 하나-아홉, and 열-아흔 with cardinal units,
 * except that KITE's list has no 일흔하나-일흔아홉 and 여든하나-여든아홉; kept so, to score as KITE does.
 * Sino-Korean: every numeral from 일 to 구십구.
 */
const NATIVE_ATTRIBUTIVE_UNITS = ["한", "두", "세", "네"];
const NATIVE_UNITS = ["하나", "둘", "셋", "넷", "다섯", "여섯", "일곱", "여덟", "아홉"];
const NATIVE_TENS = ["열", "스물", "서른", "마흔", "쉰", "예순", "일흔", "여든", "아흔"];
const SINO_DIGITS = ["일", "이", "삼", "사", "오", "육", "칠", "팔", "구"];
/** 1-99 in Sino-Korean: 일, 십, 십일, 이십, 구십구. */
function sinoKorean(value: number): string {
  const tens = Math.floor(value / 10);
  const units = value % 10;
  return (tens > 1 ? SINO_DIGITS[tens - 1]! : "") + (tens > 0 ? "십" : "") + (units > 0 ? SINO_DIGITS[units - 1]! : "");
}
const NUMERALS: Readonly<Record<string, readonly string[]>> = {
  korean: [
    ...NATIVE_ATTRIBUTIVE_UNITS,
    ...NATIVE_UNITS,
    ...NATIVE_TENS,
    "스무",
    ...NATIVE_TENS.flatMap((ten) => NATIVE_ATTRIBUTIVE_UNITS.map((unit) => ten + unit)),
    ...NATIVE_TENS.filter((ten) => ten !== "일흔" && ten !== "여든").flatMap((ten) => NATIVE_UNITS.map((unit) => ten + unit)),
  ],
  chinese: Array.from({ length: 99 }, (_, index) => sinoKorean(index + 1)),
};

/** KITE's options for a constrained response ("My answer is yes / no / maybe" in Korean). */
const CONSTRAINED_RESPONSES = ["제 대답은 예입니다.", "제 대답은 아니오입니다.", "제 대답은 아마도입니다."];

export const KITE_CHECKERS: Readonly<Record<string, Checker>> = {
  /**
   * KITE: an acrostic poem, checked as KITE checks it: exactly as many lines as the word has
   * syllables (a blank line counts as a line) and line i, trimmed, starts with syllable i. A title
   * or closing line fails strictly; the loose variants (first or last line dropped, `*` removed)
   * give such replies their chance, as IFEval's loose accuracy does.
   */
  "Korean:acrostic_poem": (response, kwargs) => {
    const word = [...String(kwargs.target_word ?? "")];
    if (word.length === 0) return undefined;
    const lines = response.split("\n");
    return lines.length === word.length && lines.every((line, index) => line.trim().startsWith(word[index]!));
  },
  /** KITE's constrained answers (its Korean options): the reply contains one of them. */
  "detectable_format:constrained_response": (response) => CONSTRAINED_RESPONSES.some((option) => response.trim().includes(option)),
  /**
   * KITE: a response without particles. As KITE checks it, fails when any whitespace-separated token
   * ends with one of the listed particles, so "학교에." (punctuation last) passes and "나이" fails.
   */
  "Korean:postposition_drop": (response) =>
    !pythonSplit(response).some((token) => POSTPOSITIONS.some((particle) => token.endsWith(particle))),
  /**
   * KITE: rewrite in honorific or plain speech. KITE takes a polite ending followed by a full stop
   * ("니다." or "요.") anywhere in the response as honorific speech; "honorific" requires one and
   * "non-honorific" forbids one. Endings before "?" or "!" are not seen, as in KITE. KITE looks in
   * each token, which finds the same as looking in the whole text. KITE reads any direction but
   * "honorific" as plain speech; kfm skips one that is neither, since the data use only these two.
   */
  "Korean:honorifics": (response, kwargs) => {
    if (kwargs.direction_to !== "honorific" && kwargs.direction_to !== "non-honorific") return undefined;
    return /니다\.|요\./.test(response) === (kwargs.direction_to === "honorific");
  },
  /**
   * KITE: rewrite numbers in native ("korean") or Sino-Korean ("chinese") numerals. As KITE checks it
   * (Python's `token in numeral`), passes when some whitespace-separated token is a numeral of the
   * target system or part of one: "세 송이" and "삼 일" pass, "셋째" and "3일" do not. The other
   * system's numerals are not looked for.
   */
  "Korean:numbers": (response, kwargs) => {
    const numerals =
      typeof kwargs.direction_to === "string" && Object.hasOwn(NUMERALS, kwargs.direction_to) ? NUMERALS[kwargs.direction_to] : undefined;
    if (!numerals) return undefined;
    return pythonSplit(response).some((token) => numerals.some((numeral) => numeral.includes(token)));
  },
};
