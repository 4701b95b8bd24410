import { DEFAULT_CHOICES } from "./multiple-choice-declaration.js";

/**
 * Reads answer tokens: a choice label (`B`, `(b)`, `**C**`, `D번`), a circled number (`③`) or an
 * option number (`2번`, and a bare `2` where an answer is expected). Numbers name options by
 * position, so `3번` and `③` are the third label whatever the labels are.
 */

/** First code point and length of each run of circled digits: ①–⑳, ❶–❿, ➀–➉, ➊–➓. */
const CIRCLED_RUNS: ReadonlyArray<readonly [number, number]> = [
  [0x2460, 20],
  [0x2776, 10],
  [0x2780, 10],
  [0x278a, 10],
];

export const CIRCLED_CLASS = "\\u2460-\\u2473\\u2776-\\u277F\\u2780-\\u2793";
/** Ⓐ–Ⓩ and ⓐ–ⓩ: circled letters, read as the letter. */
const CIRCLED_LETTER_CLASS = "\\u24B6-\\u24E9";

/** `Ⓑ`, `ⓑ` -> `B`; undefined for any other character. */
export function circledLetter(char: string): string | undefined {
  const code = char.codePointAt(0);
  if (code === undefined || [...char].length !== 1) return undefined;
  if (code >= 0x24b6 && code <= 0x24cf) return String.fromCharCode(0x41 + code - 0x24b6);
  if (code >= 0x24d0 && code <= 0x24e9) return String.fromCharCode(0x41 + code - 0x24d0);
  return undefined;
}

/** `①` -> 1, `❷` -> 2; undefined for any other character. */
export function circledNumber(char: string): number | undefined {
  const code = char.codePointAt(0);
  if (code === undefined || [...char].length !== 1) return undefined;
  for (const [first, count] of CIRCLED_RUNS) if (code >= first && code < first + count) return code - first + 1;
  return undefined;
}

/** Per suite labels, the prefix for each option count, so every item with n options shares one array (and one reader). */
const prefixes = new WeakMap<readonly string[], Map<number, readonly string[]>>();

/**
 * The labels of one item: the suite's first n labels for an item with n options. A suite declares
 * one label set (CLIcK A–E, KMMLU-Pro A–J) while its items may have fewer options, and `⑤` or `E`
 * on a four-option item names no option: it is no answer, not a wrong one. Without options, or
 * with more options than labels (a suite mistake the target check reports), the suite's labels.
 */
export function itemLabels(labels: readonly string[], options: readonly string[] | undefined): readonly string[] {
  const count = options?.length ?? 0;
  if (count < 2 || count >= labels.length) return labels;
  let byCount = prefixes.get(labels);
  if (byCount === undefined) prefixes.set(labels, (byCount = new Map()));
  let prefix = byCount.get(count);
  if (prefix === undefined) byCount.set(count, (prefix = labels.slice(0, count)));
  return prefix;
}

/** The label of the option at 1-based position `number`, or undefined when there is no such option. */
export function choiceForNumber(choices: readonly string[], number: number): string | undefined {
  return Number.isInteger(number) && number >= 1 ? choices[number - 1] : undefined;
}

export type TokenMode =
  /** Where an answer is expected (after `정답:`, inside `\boxed{}`): lower case and bare numbers count. */
  | "lenient"
  /** Anywhere else: only the labels as written, circled numbers and `N번`. */
  | "strict";

/** `ordinal` is "세 번째 선택지", "the third option": read where an answer is stated, never as a mere mention. */
export type TokenKind = "label" | "circled" | "number" | "ordinal";

export type TokenRead =
  | {
      kind: "token";
      answer: string;
      tokenKind: TokenKind;
      /** Where the label, number or circled digit itself starts. */
      start: number;
      /** After closing brackets, quotes and `번`. */
      end: number;
      /** Other labels joined to this one ("A 또는 B", "A, C"): a stated answer naming several options. */
      alternatives: string[];
      /** After the last joined token; `end` when there is none. */
      through: number;
    }
  /** "A가 아니라", "B is wrong": the token is named only to be rejected. */
  | { kind: "negated"; answer: string; start: number; end: number }
  /** "정답이 A인지", "the answer is B?": the token is wondered about, not stated. */
  | { kind: "hedged"; answer: string; start: number; end: number };

/**
 * English words that may follow an option letter ("A is", "A and C"). After "A", any other
 * lower-case word means the article: "A good approach is…" is not answer A.
 */
const LINKING_WORDS = new Set(
  [
    "is was are were seems seem appears looks would will should must might may can could cannot does did has had",
    "and or but because since as which then instead vs versus nor too also only alone here there",
    // An article is never followed by a preposition or a conjunction: "A if…", "A for…" name option A.
    "if when unless for in on at under with without by from to than",
    "describes states says means refers matches fits shows uses ignores includes contains assumes follows applies gives requires",
  ]
    .join(" ")
    .split(" "),
);

/**
 * Words before a capital letter that make it a name, not an option: "vitamin C", "Plan B",
 * "hepatitis A". Only mentions in running text are checked; an answer marker is never read this way.
 */
const NAMING_WORDS = new Set(
  "vitamin vitamins type plan hepatitis grade class group level section part appendix chapter figure table step phase series model category tier rank size team zone area vector matrix point case scenario exhibit".split(
    " ",
  ),
);

/** Words and marks skipped between an answer marker and the token: "정답은 바로 보기 (C)", "the answer is option **B**". */
const LEAD =
  /[^\S\n]+|\n|(?:보기|선택지|옵션|번호|바로|아마도?)(?:는|은|[^\S\n]*:)?|(?:option|choice|letter|therefore|thus|clearly|definitely|probably|likely)\b|\\(?:boxed|text|textbf|mathrm|mathbf)\{|[([（【「『"'`$*]/iy;
const CLOSE = /(?:[)\]）】」』"'`$*}]|[^\S\n]*번(?![째지호])|[^\S\n]+(?=[)\]）】」』]))+/y;
const JOIN = /[^\S\n]*(?:,|\/|또는|혹은|이나|나|와|과|및|&|\bor\b|\band\b|\bvs\.?)[^\S\n]*/iy;
const GLOSS_OPEN = /[^\S\n]*[(（[]/y;
/** Text between two tokens that joins them into one statement: "1번과 3번", "A, C". */
const JOIN_ONLY = new RegExp(`^(?:${JOIN.source})$`, "i");

export function joinsTokens(between: string): boolean {
  return JOIN_ONLY.test(between);
}
const NEGATION =
  /^[^\S\n]*(?:[-–—:]\s*)?(?:은|는|이|가|도)?[^\S\n]*(?:(?:정답|답)(?:이|은)?[^\S\n]*)?(?:아니|아님|아닙|아닌|틀리|틀렸|틀림|틀린|오답|not\b|isn['’]t\b|is\s+(?:not|incorrect|wrong|false)\b|was\s+(?:not|incorrect|wrong)\b|(?:is\s+)?(?:incorrect|wrong|false)\b|can(?:no|['’])t\b)/i;
const HEDGE = /^[^\S\n]*(?:인지|일까|일지|인가|일\s*수도|처럼|(?:이?라고|로)\s*(?:볼|할|생각할)\s*수도|라고\s*생각하기\s*쉽|\?)/;
/** After a label: another letter or digit means a word ("Apple", "B2B"), `+`/`#`/`-x` a name ("C++", "D-day"). */
const WORD_CONTINUES = /^(?:[A-Za-z0-9]|[+#]|[-‐][A-Za-z0-9]|[.,]\d)/;
const KOREAN_ORDINALS = ["첫", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열"];
const ENGLISH_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"];
/**
 * "세 번째 선택지", "3번째 보기", "the fourth option". In running text the noun is required ("첫 번째로"
 * opens a list); after an answer marker "정답은 세 번째입니다" suffices.
 */
/** "[Ff]irst": the ordinals may open a sentence, while the mention pattern stays case-sensitive for labels. */
const anyCase = (word: string) => `[${word[0]!.toUpperCase()}${word[0]}]${word.slice(1)}`;
const ORDINAL_SOURCE = `(?:(?<![가-힣])(?:${KOREAN_ORDINALS.join("|")})|[1-9])[^\\S\\n]*번째(?:[^\\S\\n]*(?:선택지|보기|항목|옵션|답|것))?|\\b(?:${anyCase("the")}[^\\S\\n]+)?(?:${ENGLISH_ORDINALS.map(anyCase).join("|")})\\b(?:[^\\S\\n]+(?:option|choice|answer|alternative|one)\\b)?`;
const ORDINAL = new RegExp(ORDINAL_SOURCE, "y");
const ORDINAL_NOUN = /(?:선택지|보기|항목|옵션|답|것|option|choice|answer|alternative|one)$/i;

/** The 1-based position an ordinal names: "세 번째" -> 3, "fourth" -> 4. */
function ordinalNumber(text: string): number {
  const digit = /[1-9]/.exec(text);
  if (digit) return Number(digit[0]);
  const english = ENGLISH_ORDINALS.findIndex((word) => new RegExp(`\\b${word}\\b`, "i").test(text));
  if (english >= 0) return english + 1;
  return KOREAN_ORDINALS.findIndex((word) => text.trimStart().startsWith(word)) + 1;
}

/** Korean nouns glued to a letter make a name: "A형 간염", "B급", "C조". */
const KOREAN_NAME_SUFFIX = /^(?:형|급|등급|학점|조|팀|타입|사이즈|형태)/;

export interface MentionOptions {
  /** Drop tokens that are rejected in place ("A는 틀렸다"). */
  skipNegated?: boolean;
}

export class ChoiceReader {
  readonly choices: readonly string[];
  /** Labels are single upper-case letters, so a lower-case letter names one without doubt. */
  private readonly foldsCase: boolean;
  private readonly numericLabels: boolean;
  /** Longest first, so a label never matches as the prefix of a longer one. */
  private readonly longestFirst: readonly string[];
  private readonly mentionPattern: RegExp;

  constructor(choices: readonly string[] = DEFAULT_CHOICES) {
    this.choices = choices;
    this.foldsCase = choices.every((choice) => /^[A-Z]$/.test(choice));
    this.numericLabels = choices.some((choice) => /^\d+$/.test(choice));
    this.longestFirst = [...choices].sort((a, b) => b.length - a.length);
    const labels = this.longestFirst.map(escapeRegExp).join("|");
    this.mentionPattern = new RegExp(
      `${ORDINAL_SOURCE}|(?<![A-Za-z0-9])(?:${labels})(?![A-Za-z0-9])|[${CIRCLED_CLASS}${CIRCLED_LETTER_CLASS}]|(?<![0-9])[1-9][0-9]?[^\\S\\n]*번`,
      "gi",
    );
  }

  /** The label for an option number or a circled digit. */
  fromNumber(number: number): string | undefined {
    return choiceForNumber(this.choices, number);
  }

  /** The label a token names exactly (`b` -> `B` when labels fold case), or undefined. */
  labelOf(raw: string, mode: TokenMode): string | undefined {
    if (this.choices.includes(raw)) return raw;
    if (mode === "lenient" && this.foldsCase && raw.length === 1) {
      const upper = raw.toUpperCase();
      if (this.choices.includes(upper)) return upper;
    }
    return undefined;
  }

  /**
   * Reads the token at `from`, after spaces and lead words ("보기", "option", "(", "**"). Crosses at
   * most two line breaks: a marker alone on its line ("## 정답") is followed by its answer.
   */
  readAt(text: string, from: number, mode: TokenMode, joined = true): TokenRead | undefined {
    let position = from;
    let newlines = 0;
    for (;;) {
      LEAD.lastIndex = position;
      const lead = LEAD.exec(text);
      if (!lead || lead[0].length === 0) break;
      if (lead[0] === "\n" && ++newlines > 2) return undefined;
      position = LEAD.lastIndex;
    }
    const token = this.tokenAt(text, position, mode);
    if (!token) return undefined;
    CLOSE.lastIndex = token.end;
    let end = CLOSE.exec(text) ? CLOSE.lastIndex : token.end;
    // "C (3번)", "③ (B)": the option named twice. When the two disagree the reply names two options.
    const gloss = this.glossAt(text, end);
    if (gloss?.answer === token.answer) end = gloss.end;
    const rest = text.slice(end, end + 40);
    if (NEGATION.test(rest)) return { kind: "negated", answer: token.answer, start: position, end };
    if (HEDGE.test(rest)) return { kind: "hedged", answer: token.answer, start: position, end };

    const alternatives: string[] = gloss && gloss.answer !== token.answer ? [gloss.answer] : [];
    let cursor = end;
    while (joined) {
      JOIN.lastIndex = cursor;
      if (!JOIN.exec(text)) break;
      const next = this.readAt(text, JOIN.lastIndex, mode, false);
      if (next?.kind !== "token" || text.slice(cursor, next.start).includes("\n")) break;
      if (next.answer !== token.answer && !alternatives.includes(next.answer)) alternatives.push(next.answer);
      cursor = next.end;
    }
    return { kind: "token", answer: token.answer, tokenKind: token.kind, start: position, end, alternatives, through: cursor };
  }

  /** A token in brackets right at `from` ("(2번)", "(option 3)", "(B)"), or undefined. */
  private glossAt(text: string, from: number): { answer: string; end: number } | undefined {
    GLOSS_OPEN.lastIndex = from;
    if (!GLOSS_OPEN.test(text)) return undefined;
    const inner = this.readAt(text, from, "lenient", false);
    if (inner?.kind !== "token" || !/[)）\]]/.test(text.slice(inner.start, inner.end))) return undefined;
    return { answer: inner.answer, end: inner.end };
  }

  /**
   * Every token in running text, in order: labels as written, circled numbers and `N번`. A capital
   * letter that is an article ("A good…") or part of a name ("vitamin C", "A형") is not a mention.
   */
  mentions(text: string, options: MentionOptions = {}): Array<Extract<TokenRead, { kind: "token" }>> {
    const found: Array<Extract<TokenRead, { kind: "token" }>> = [];
    for (const match of text.matchAll(this.mentionPattern)) {
      const before = text.slice(Math.max(0, match.index - 24), match.index);
      const word = /([A-Za-z]+)[^\S\n]+$/.exec(before)?.[1]?.toLowerCase();
      if (word !== undefined && NAMING_WORDS.has(word)) continue;
      const read = this.readAt(text, match.index, "strict", false);
      if (!read || read.start !== match.index) continue;
      if (read.kind === "negated" && options.skipNegated) continue;
      if (read.kind === "hedged") continue;
      const tokenKind = read.kind === "token" && read.tokenKind === "ordinal" ? "ordinal" : this.kindAt(text, match.index);
      found.push({ kind: "token", answer: read.answer, tokenKind, start: read.start, end: read.end, alternatives: [], through: read.end });
    }
    return found;
  }

  private kindAt(text: string, index: number): TokenKind {
    const char = String.fromCodePoint(text.codePointAt(index) ?? 0);
    if (circledNumber(char) !== undefined) return "circled";
    return /\d/.test(char) && !this.numericLabels ? "number" : "label";
  }

  private tokenAt(text: string, position: number, mode: TokenMode): { answer: string; kind: TokenKind; end: number } | undefined {
    ORDINAL.lastIndex = position;
    const ordinal = ORDINAL.exec(text);
    // Without its noun an ordinal counts only after a marker and only in Korean ("정답은 세 번째"): "Answer: first, …" opens a list.
    if (ordinal && (ORDINAL_NOUN.test(ordinal[0]) || (mode === "lenient" && ordinal[0].includes("번째")))) {
      const answer = this.fromNumber(ordinalNumber(ordinal[0]));
      return answer === undefined ? undefined : { answer, kind: "ordinal", end: position + ordinal[0].length };
    }
    const char = String.fromCodePoint(text.codePointAt(position) ?? 0);
    const circled = circledNumber(char);
    if (circled !== undefined) {
      const answer = this.fromNumber(circled);
      return answer === undefined ? undefined : { answer, kind: "circled", end: position + char.length };
    }
    const letter = circledLetter(char);
    if (letter !== undefined) {
      const answer = this.choices.find((choice) => choice.toUpperCase() === letter);
      return answer === undefined ? undefined : { answer, kind: "label", end: position + char.length };
    }
    const previous = text[position - 1] ?? "";
    if (/[A-Za-z0-9]/.test(previous)) return undefined;

    if (!this.numericLabels) {
      const digits = /^\d+/.exec(text.slice(position, position + 4))?.[0];
      if (digits !== undefined) {
        const end = position + digits.length;
        const after = text.slice(end, end + 3);
        const withBeon = /^[^\S\n]*번(?![째지호])/.test(after);
        if (!withBeon && (mode === "strict" || /^(?:[.,]\d|%|\d)/.test(after))) return undefined;
        const answer = this.fromNumber(Number(digits));
        return answer === undefined ? undefined : { answer, kind: "number", end };
      }
    }

    for (const choice of this.longestFirst) {
      const raw = text.slice(position, position + choice.length);
      const answer = this.labelOf(raw, mode);
      if (answer !== choice) continue;
      const end = position + raw.length;
      const after = text.slice(end, end + 40);
      if (WORD_CONTINUES.test(after) || KOREAN_NAME_SUFFIX.test(after)) return undefined;
      if (isArticle(raw, after)) return undefined;
      return { answer, kind: /^\d+$/.test(choice) ? "number" : "label", end };
    }
    return undefined;
  }
}

/** "A good approach", "I think": the English article or pronoun, not an option letter. */
function isArticle(raw: string, after: string): boolean {
  if (!/^[AaIi]$/.test(raw)) return false;
  const word = /^[^\S\n]+([a-z][a-z'’-]*)/.exec(after)?.[1];
  return word !== undefined && !LINKING_WORDS.has(word);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
