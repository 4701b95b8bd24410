/**
 * Checkers for verifiable instructions (IFEval's ids, as KITE uses them, plus KITE's acrostic).
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
  /** KITE: each line of the poem starts with the next syllable of the target word. */
  "Korean:acrostic_poem": (response, kwargs) => {
    const word = [...String(kwargs.target_word ?? "")];
    if (word.length === 0) return undefined;
    const lines = response.split("\n").map((line) => line.trim().replace(/^[*#>\-\s]+/, "")).filter(Boolean);
    let next = 0;
    for (const line of lines) if (next < word.length && line.startsWith(word[next]!)) next++;
    return next === word.length;
  },
};

/** IFEval's loose variants: the response, and without its first line, last line, or both, and with `*` removed. */
export function looseVariants(response: string): string[] {
  const lines = response.split("\n");
  const base = [response, lines.slice(1).join("\n"), lines.slice(0, -1).join("\n"), lines.slice(1, -1).join("\n")];
  return [...base, ...base.map((variant) => variant.replace(/\*/g, ""))];
}
