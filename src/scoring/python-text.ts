/**
 * Python string and `re` behaviour that the official IFEval and IFBench checkers rely on, so the
 * TypeScript checkers can follow them line for line: `str.split()`, `str.strip(chars)`,
 * `str.isupper()`/`islower()`, `string.punctuation`, and Unicode `\w`, `\b`, `\d`, `^`, `$`, `.`.
 */

/** Python's `\w` for `str` patterns: letters, numbers (Nd, Nl, No) and the underscore; marks are not word characters. */
export const WORD_CHARACTER = "[\\p{L}\\p{N}_]";

/** `string.punctuation`. */
export const PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

/** `''.join(string.punctuation) + ' '`, which IFBench strips from words' ends. */
export const PUNCTUATION_AND_SPACE = `${PUNCTUATION} `;

/** `text[0]`: the first code point, or "" for an empty string. */
export const firstCharacter = (text: string) => [...text][0] ?? "";

/** The characters `str.split()` with no argument splits on (`str.isspace()`). */
const SPACE = "\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const SPACE_RUN = new RegExp(`[${SPACE}]+`, "u");
const SPACE_ONE = new RegExp(`^[${SPACE}]$`, "u");

/** `str.split()`: runs of whitespace separate, and no empty strings. */
export function pythonSplit(text: string): string[] {
  return text.split(SPACE_RUN).filter((part) => part !== "");
}

/** `str.isspace()` for one character. */
export function isPythonSpace(character: string): boolean {
  return SPACE_ONE.test(character);
}

/** `str.strip()` with no argument. */
export function pythonTrim(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPythonSpace(text[start]!)) start++;
  while (end > start && isPythonSpace(text[end - 1]!)) end--;
  return text.slice(start, end);
}

/** `str.strip(chars)`, `lstrip(chars)`, `rstrip(chars)`. */
export function stripChars(text: string, chars: string, side: "both" | "start" | "end" = "both"): string {
  const set = new Set(chars);
  const characters = [...text];
  let start = 0;
  let end = characters.length;
  if (side !== "end") while (start < end && set.has(characters[start]!)) start++;
  if (side !== "start") while (end > start && set.has(characters[end - 1]!)) end--;
  return characters.slice(start, end).join("");
}

/** `str.translate(str.maketrans('', '', string.punctuation))`. */
export function removePunctuation(text: string): string {
  let out = "";
  for (const character of text) if (!PUNCTUATION.includes(character)) out += character;
  return out;
}

/** `str.isupper()`: some cased character and none lowercase or titlecase. */
export function isUpper(text: string): boolean {
  return /\p{Uppercase}/u.test(text) && !/[\p{Lowercase}\p{Lt}]/u.test(text);
}

/** `str.islower()`: some cased character and none uppercase or titlecase. */
export function isLower(text: string): boolean {
  return /\p{Lowercase}/u.test(text) && !/[\p{Uppercase}\p{Lt}]/u.test(text);
}

/** `str.isalpha()` for one character (categories L*). */
export const isAlpha = (character: string) => /^\p{L}$/u.test(character);

/** `str.isalnum()` for one character. */
export const isAlphanumeric = (character: string) => /^[\p{L}\p{N}]$/u.test(character);

/** `str.isdigit()`. */
export const isDigitString = (text: string) => text !== "" && /^\p{Nd}+$/u.test(text);

/**
 * A Python pattern given as data (a keyword, a section marker), compiled for JavaScript with
 * Python's meanings of `\b`, `\w`, `\d` and, with `multiline`, `^`, `$` and `.`. A pattern that
 * JavaScript cannot compile is matched literally, as the characters the prompt showed.
 */
export function pythonPattern(pattern: string, flags: { ignoreCase?: boolean; global?: boolean; multiline?: boolean } = {}): RegExp {
  const translated = translate(pattern, flags.multiline === true);
  const options = `u${flags.ignoreCase ? "i" : ""}${flags.global ? "g" : ""}`;
  try {
    return new RegExp(translated, options);
  } catch {
    return new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), options);
  }
}

function translate(pattern: string, multiline: boolean): string {
  let out = "";
  let inClass = false;
  for (let index = 0; index < pattern.length; index++) {
    const character = pattern[index]!;
    if (character === "\\" && index + 1 < pattern.length) {
      const next = pattern[index + 1]!;
      index++;
      if (next === "b" && !inClass) out += `(?:(?<=${WORD_CHARACTER})(?!${WORD_CHARACTER})|(?<!${WORD_CHARACTER})(?=${WORD_CHARACTER}))`;
      else if (next === "B" && !inClass)
        out += `(?:(?<=${WORD_CHARACTER})(?=${WORD_CHARACTER})|(?<!${WORD_CHARACTER})(?!${WORD_CHARACTER}))`;
      else if (next === "w") out += inClass ? "\\p{L}\\p{N}_" : WORD_CHARACTER;
      else if (next === "W") out += inClass ? "\\W" : "[^\\p{L}\\p{N}_]";
      else if (next === "d") out += "\\p{Nd}";
      else if (/[A-Za-z0-9]/.test(next) && !"nrtfvsSD0123456789xu".includes(next)) out += next;
      else if (!/[A-Za-z0-9]/.test(next) && !/[\^$\\.*+?()[\]{}|/-]/.test(next)) out += next;
      else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (character === "]") inClass = false;
      out += character;
      continue;
    }
    if (character === "[") inClass = true;
    if (multiline && character === "^") out += "(?<![^\\n])";
    else if (multiline && character === "$") out += "(?![^\\n])";
    else if (character === ".") out += "[^\\n]";
    else out += character;
  }
  return out;
}

/** `len(re.findall(pattern, text))`: non-overlapping matches, an empty match advancing one character. */
export function countMatches(pattern: RegExp, text: string): number {
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  let count = 0;
  for (const _ of text.matchAll(global)) count++;
  return count;
}

/** `re.findall(r"\w+", text)`: `nltk.tokenize.RegexpTokenizer(r"\w+")` and IFEval's `count_words`. */
export function pythonWords(text: string): string[] {
  return text.match(new RegExp(`${WORD_CHARACTER}+`, "gu")) ?? [];
}
