/**
 * The answer-extraction ladder for multiple choice. Rules are tried from the most explicit
 * (a stated final answer) to the weakest (a lone letter in a short reply); the name of the rule
 * that decided is kept on the record so a disputed item can be audited and re-scored.
 */
export interface Extraction {
  /** The choice letter, absent when nothing defensible was found. */
  answer?: string;
  rule: string;
  /** Distinct letters seen by the deciding rule, when it refused to choose among several. */
  candidates?: string[];
}

export interface ExtractOptions {
  /** Letters of the options in order, e.g. A–D. An answer given as a number (2번, ②) is its position. */
  choices?: readonly string[];
  /** The options' texts, so a reply that repeats one option verbatim can be matched. */
  choiceTexts?: readonly string[];
}

const DEFAULT_CHOICES = ["A", "B", "C", "D"] as const;
const CIRCLED = "①②③④⑤⑥⑦⑧⑨";

const REFUSAL = [
  /모르겠/,
  /답(?:을|변을|변)?\s*(?:할|드릴|드리기|하기)\s*(?:수\s*)?(?:없|어렵)/,
  /(?:알|판단할|확인할|결정할)\s*수\s*없/,
  /확실하지\s*않/,
  /정답이\s*없/,
  /\bI\s+(?:cannot|can't|can not|am unable to|am not able to)\b/i,
  /\bI\s+(?:don't|do not)\s+know\b/i,
  /\b(?:not sure|unsure|cannot be determined|none of the (?:above|options))\b/i,
];

interface Letters {
  letters: string[];
  /** Character class body for the letters, upper and lower case. */
  letterClass: string;
  digitClass: string;
  fromToken(token: string): string | undefined;
}

function lettersOf(choices: readonly string[]): Letters {
  const letters = choices.map((choice) => choice.toUpperCase());
  const escape = (text: string) => text.replace(/[\\\]^-]/g, "\\$&");
  const letterClass = letters.map(escape).join("") + letters.map((letter) => escape(letter.toLowerCase())).join("");
  const digitClass = `1-${Math.min(letters.length, 9)}`;
  return {
    letters,
    letterClass,
    digitClass,
    fromToken(token) {
      if (/^\d$/.test(token)) return letters[Number(token) - 1];
      const upper = token.toUpperCase();
      return letters.includes(upper) ? upper : undefined;
    },
  };
}

/** NFKC folds full-width letters and colons (Ａ, ：) and circled digits (② -> 2) to plain ones. */
function normalize(text: string): string {
  return text.normalize("NFKC").replace(/[‘’“”]/g, '"').replace(/\r\n?/g, "\n");
}

function distinct(values: Iterable<string | undefined>): string[] {
  return [...new Set([...values].filter((value): value is string => value !== undefined))];
}

interface Hit {
  index: number;
  answer: string;
  rule: string;
}

/** What may follow an answer token: not another letter or digit (so "Answer: Apple" and "답: 12" do not count). */
function tokenPattern(l: Letters): string {
  return `(?:\\(\\s*|\\[\\s*)?(?:\\*\\*)?["'「『]?([${l.letterClass}]|[${l.digitClass}])["'」』]?(?:\\*\\*)?(?:\\s*[)\\]])?(?![A-Za-z0-9]|[.,]\\d)`;
}

/** A lower-case letter is accepted only where it cannot be an English word ("the answer is a good…"). */
function lowerCaseAllowed(text: string, tokenEnd: number, token: string): boolean {
  if (token === token.toUpperCase()) return true;
  return !/^\s+[a-z]/.test(text.slice(tokenEnd));
}

/** "정답은 A가 아닙니다" and "the answer is not B" state what the answer is not. */
function negated(text: string, tokenEnd: number): boolean {
  return /^\s*(?:번)?\s*(?:이|가|는|은)?\s*(?:아니|아닙|아님|틀|오답)|^\s*(?:is\s+)?(?:not|isn't|is wrong|is incorrect)\b/i.test(text.slice(tokenEnd, tokenEnd + 16));
}

/** "정답: A, C" or "A 또는 B": a stated answer that names several options is no answer. */
function followedByAnother(text: string, tokenEnd: number, l: Letters): boolean {
  return new RegExp(`^\\s*(?:,|와|과|및|또는|혹은|or|and|/|&)\\s*(?:\\(|\\*\\*)?[${l.letters.join("")}](?![A-Za-z])`).test(text.slice(tokenEnd, tokenEnd + 12));
}

function explicitHits(text: string, l: Letters): Hit[] | "ambiguous" {
  const token = tokenPattern(l);
  const rules: Array<{ rule: string; pattern: RegExp }> = [
    { rule: "json-answer", pattern: new RegExp(`"(?:answer|final_answer|정답|답)"\\s*:\\s*"?\\s*${token}`, "gi") },
    { rule: "boxed", pattern: new RegExp(`\\\\boxed\\s*\\{\\s*(?:\\\\text\\{\\s*)?${token}`, "g") },
    {
      rule: "korean-final-answer",
      pattern: new RegExp(`(?:최종\\s*)?(?:정답|답변|답)\\s*[】\\]]?\\s*(?:은|는|:|=|은요)?\\s*(?:[:=]\\s*)?(?:\\*\\*\\s*)?(?:바로\\s*|아마\\s*)?(?:보기|선택지|옵션)?\\s*${token}`, "g"),
    },
    {
      rule: "english-final-answer",
      pattern: new RegExp(`(?:final\\s+answer|correct\\s+answer|correct\\s+option|correct\\s+choice|the\\s+answer|answer)\\s*(?:is|:|=|-|would be|should be)?\\s*(?::\\s*)?(?:\\*\\*\\s*)?(?:option\\s+|choice\\s+)?${token}`, "gi"),
    },
    { rule: "korean-answer-first", pattern: new RegExp(`(?<![A-Za-z])\\(?([${l.letters.join("")}]|[${l.digitClass}])\\)?\\s*(?:번)?\\s*(?:이|가|[-–—:])\\s*(?:정답|답|맞)`, "g") },
  ];
  const hits: Hit[] = [];
  for (const { rule, pattern } of rules) {
    for (const match of text.matchAll(pattern)) {
      const raw = match[1]!;
      const end = match.index + match[0].length;
      // A marker on its own line ("### 정답") counts only if the next line is just the answer,
      // so a list that follows ("정답\n4) D - 오답") is not read as answer 4.
      if (match[0].includes("\n") && !/^\s*[.!]?\s*(?:\n|$)/.test(text.slice(end))) continue;
      if (!lowerCaseAllowed(text, end, raw)) continue;
      if (negated(text, end)) continue;
      const answer = l.fromToken(raw);
      if (!answer) continue;
      if (followedByAnother(text, end, l)) return "ambiguous";
      hits.push({ index: match.index, answer, rule });
    }
  }
  return hits.sort((a, b) => a.index - b.index);
}

function weakRule(rule: string, answers: string[]): Extraction | undefined {
  if (answers.length === 1) return { answer: answers[0]!, rule };
  if (answers.length > 1) return { rule: "ambiguous", candidates: answers };
  return undefined;
}

export function extractChoice(reply: string, options: ExtractOptions = {}): Extraction {
  const l = lettersOf(options.choices ?? DEFAULT_CHOICES);
  const original = reply.trim();
  if (original === "") return { rule: "empty" };
  const text = normalize(original);

  // 1. An explicit statement of the answer. When a reply states several (a model that
  //    reconsiders), the last one is its conclusion: models write the final answer last.
  const hits = explicitHits(text, l);
  if (hits === "ambiguous") return { rule: "ambiguous" };
  if (hits.length > 0) {
    const last = hits[hits.length - 1]!;
    return { answer: last.answer, rule: last.rule };
  }

  // 2. The whole reply is an option: "B", "(B)", "**B**", "B.", "B. <option text>".
  const stripped = text.replace(/\*\*/g, "").replace(/^["'`]+|["'`]+$/g, "").trim();
  const whole = new RegExp(`^\\(?([${l.letters.join("")}]|[${l.digitClass}])\\)?\\s*(?:번)?[.):]?\\s*(?:입니다|이다|임)?\\.?$`, "i").exec(stripped);
  if (whole && lowerCaseAllowed(stripped, whole[0].length, whole[1]!)) {
    const answer = l.fromToken(whole[1]!);
    if (answer) return { answer, rule: "bare-letter" };
  }
  const firstLine = stripped.split("\n").find((line) => line.trim() !== "")?.trim() ?? "";
  const leading = new RegExp(`^\\(?([${l.letters.join("")}])[.)]\\s+\\S`).exec(firstLine);
  if (leading) return { answer: leading[1]!, rule: "leading-choice" };

  // 3. A refusal or a hedge is no answer, whatever letters it mentions.
  if (REFUSAL.some((pattern) => pattern.test(text))) return { rule: "refusal" };

  // 4. Emphasis and option notation anywhere, if they all point to one option.
  const bold = distinct([...text.matchAll(new RegExp(`\\*\\*\\s*\\(?([${l.letters.join("")}])\\)?(?:[.)][^*\\n]*)?\\s*\\*\\*`, "g"))].map((m) => m[1]));
  const byBold = weakRule("bold-letter", bold);
  if (byBold) return byBold;
  const circled = distinct([...original.matchAll(new RegExp(`[${CIRCLED.slice(0, l.letters.length)}]`, "g"))].map((m) => l.letters[CIRCLED.indexOf(m[0])]));
  const byCircled = weakRule("circled-number", circled);
  if (byCircled) return byCircled;
  const numbered = distinct([...text.matchAll(new RegExp(`(?<![0-9])([${l.digitClass}])\\s*번(?!째)`, "g"))].map((m) => l.fromToken(m[1]!)));
  const byNumber = weakRule("number-beon", numbered);
  if (byNumber) return byNumber;
  const parenthesized = distinct([...text.matchAll(new RegExp(`\\(([${l.letters.join("")}])\\)`, "g"))].map((m) => m[1]));
  const byParentheses = weakRule("parenthesized-letter", parenthesized);
  if (byParentheses) return byParentheses;

  // 5. The reply repeats one option's text.
  if (options.choiceTexts) {
    const squash = (value: string) => normalize(value).replace(/\s+/g, " ").replace(/[.。]$/, "").trim();
    const reply = squash(stripped);
    const exact = options.choiceTexts.map((choice, index) => (squash(choice) === reply && reply !== "" ? l.letters[index] : undefined));
    const byText = weakRule("option-text", distinct(exact));
    if (byText) return byText;
  }

  // 6. A short reply with exactly one standalone option letter ("C입니다", "아마 B").
  const letterSet = l.letters.join("");
  if (new RegExp(`(?<![A-Za-z])[${letterSet}]\\s*(?:and|or|,|와|과|및|또는|혹은|/)\\s*[${letterSet}](?![A-Za-z])`).test(stripped)) return { rule: "ambiguous" };
  if (stripped.length <= 40) {
    const lone = distinct(
      [...stripped.matchAll(new RegExp(`(?<![A-Za-z])([${l.letters.join("")}])(?![A-Za-z])`, "g"))]
        .filter((m) => !(m[1] === "A" && /^\s+[a-z]/.test(stripped.slice(m.index + 1))))
        .map((m) => m[1]),
    );
    const byLone = weakRule("lone-letter", lone);
    if (byLone) return byLone;
  }
  return { rule: "none" };
}
