/**
 * Checkers for verifiable instructions (IFEval's ids, as KITE uses them, plus KITE's Korean ones).
 * Each returns whether the response follows the instruction, or undefined when the instruction's
 * arguments are ones this checker does not understand (then it is skipped, never failed).
 */
export type Kwargs = Record<string, unknown>;
export type Checker = (response: string, kwargs: Kwargs, prompt: string) => boolean | undefined;

/** IFEval's relations, and the Korean words KITE uses for them. */
function compare(count: number, relation: unknown, target: unknown): boolean | undefined {
  const limit = Number(target);
  if (!Number.isFinite(limit)) return undefined;
  const text = String(relation ?? "").trim();
  if (["at least", "최소", "적어도", "최소한", "이상"].includes(text)) return count >= limit;
  if (["less than", "미만"].includes(text)) return count < limit;
  return undefined;
}

function occurrences(text: string, needle: string): number {
  if (!needle) return 0;
  const haystack = text.toLowerCase();
  const lower = needle.toLowerCase();
  let count = 0;
  for (let index = haystack.indexOf(lower); index !== -1; index = haystack.indexOf(lower, index + lower.length)) count++;
  return count;
}

const words = (text: string) => text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word));
const sentences = (text: string) => text.split(/(?<=[.!?。！？])\s+|\n+/).filter((sentence) => /[\p{L}\p{N}]/u.test(sentence));

/** Python's `str.split()` with no argument, which KITE's Korean checkers use to cut a response into tokens. */
const pythonTokens = (text: string) => text.split(/[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/).filter(Boolean);

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

export const CHECKERS: Readonly<Record<string, Checker>> = {
  "punctuation:no_comma": (response) => !/[,，]/.test(response),
  "length_constraints:number_words": (response, kwargs) => compare(words(response).length, kwargs.relation, kwargs.num_words),
  "length_constraints:number_sentences": (response, kwargs) => compare(sentences(response).length, kwargs.relation, kwargs.num_sentences),
  "length_constraints:number_paragraphs": (response, kwargs) => {
    const paragraphs = response.split(/\s?\*\*\*\s?/).filter((paragraph) => paragraph.trim() !== "");
    return paragraphs.length === Number(kwargs.num_paragraphs);
  },
  "length_constraints:nth_paragraph_first_word": (response, kwargs) => {
    const paragraphs = response.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== "");
    const nth = paragraphs[Number(kwargs.nth_paragraph) - 1];
    if (paragraphs.length !== Number(kwargs.num_paragraphs) || nth === undefined) return false;
    return nth.trim().replace(/^["'*#\s]+/, "").startsWith(String(kwargs.first_word ?? ""));
  },
  "detectable_format:title": (response) => /<<[^\n]+>>/.test(response),
  "detectable_format:number_bullet_lists": (response, kwargs) => response.split("\n").filter((line) => /^\s*[*-]\s/.test(line)).length === Number(kwargs.num_bullets),
  "detectable_format:number_highlighted_sections": (response, kwargs) => (response.match(/\*[^\n*]+\*/g) ?? []).length >= Number(kwargs.num_highlights),
  "detectable_format:json_format": (response) => {
    const body = response.trim().replace(/^```(?:json)?\s*/i, "").replace(/\s*```$/, "");
    try {
      JSON.parse(body);
      return true;
    } catch {
      return false;
    }
  },
  "detectable_format:multiple_sections": (response, kwargs) => {
    const marker = String(kwargs.section_spliter ?? "").trim();
    if (!marker) return undefined;
    const escaped = marker.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return response.split(new RegExp(`\\s?${escaped}\\s?\\d+\\s?`)).length - 1 >= Number(kwargs.num_sections);
  },
  "startend:end_checker": (response, kwargs) => response.trim().endsWith(String(kwargs.end_phrase ?? "\u0000").trim()),
  "startend:quotation": (response) => {
    const text = response.trim();
    return text.length > 1 && /^["“]/.test(text) && /["”]$/.test(text);
  },
  "keywords:frequency": (response, kwargs) => compare(occurrences(response, String(kwargs.keyword ?? "")), kwargs.relation, kwargs.frequency),
  "keywords:forbidden_words": (response, kwargs) => (Array.isArray(kwargs.forbidden_words) ? kwargs.forbidden_words.every((word) => occurrences(response, String(word)) === 0) : undefined),
  "keywords:existence": (response, kwargs) => (Array.isArray(kwargs.keywords) ? kwargs.keywords.every((word) => occurrences(response, String(word)) > 0) : undefined),
  "keywords:letter_frequency": (response, kwargs) => compare(occurrences(response, String(kwargs.letter ?? "")), kwargs.let_relation, kwargs.let_frequency),
  "detectable_content:postscript": (response, kwargs) => {
    const marker = String(kwargs.postscript_marker ?? "").trim();
    return marker ? response.toLowerCase().includes(marker.toLowerCase()) : undefined;
  },
  "detectable_content:number_placeholders": (response, kwargs) => (response.match(/\[[^\]\n]*\]/g) ?? []).length >= Number(kwargs.num_placeholders),
  "combination:repeat_prompt": (response, kwargs) => response.trim().toLowerCase().startsWith(String(kwargs.prompt_to_repeat ?? "\u0000").trim().toLowerCase()),
  "combination:two_responses": (response) => {
    const parts = response.split("******").map((part) => part.trim());
    return parts.length === 2 && parts[0] !== "" && parts[1] !== "" && parts[0] !== parts[1];
  },
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
  "Korean:postposition_drop": (response) => !pythonTokens(response).some((token) => POSTPOSITIONS.some((particle) => token.endsWith(particle))),
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
    const numerals = typeof kwargs.direction_to === "string" && Object.hasOwn(NUMERALS, kwargs.direction_to) ? NUMERALS[kwargs.direction_to] : undefined;
    if (!numerals) return undefined;
    return pythonTokens(response).some((token) => numerals.some((numeral) => numeral.includes(token)));
  },
};

/** IFEval's loose variants: the response, and without its first line, last line, or both, and with `*` removed. */
export function looseVariants(response: string): string[] {
  const lines = response.split("\n");
  const base = [response, lines.slice(1).join("\n"), lines.slice(0, -1).join("\n"), lines.slice(1, -1).join("\n")];
  return [...base, ...base.map((variant) => variant.replace(/\*/g, ""))];
}
