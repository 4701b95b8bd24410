/**
 * `syllapy.count(word)`, which IFBench's AlternateParitySyllablesChecker calls: syllapy 0.7.2
 * (MIT, Michael Holtzscher; its word list and licence are in data/syllapy-words.json) ported
 * behaviour for behaviour from `syllapy/__init__.py`: `count` cleans the word, gives 0 to
 * anything holding a digit, looks it up in `data.csv`, splits unknown compounds at their first
 * hyphen, and otherwise counts vowel groups with `_syllables`.
 */
import { readScoringData } from "./data-file.js";
import { PUNCTUATION, pythonTrim, stripChars } from "./python-text.js";

// A Map rather than an object, so that "constructor" or "__proto__" are not found in the list.
/** syllapy's word list, read and made a map on the first count (not when the scorers load). */
let knownWords: Map<string, number> | undefined;
const known = (): Map<string, number> =>
  (knownWords ??= new Map(
    (readScoringData("syllapy-words.json") as { words: Array<[string | number, number]> }).words.map(([word, syllables]) => [
      String(word),
      Number(syllables),
    ]),
  ));
const VOWELS = "aeiouy";
// `re.match("([^-]+)-(.+)", word)`: anchored at the start only, and `.` stops at a newline.
const COMPOUND = /^([^-]+)-([^\n]+)/u;

/** `syllapy.count(word)`: the syllables of one word, 0 for an empty word or one with a digit. */
export function countSyllables(word: string): number {
  const cleaned = stripChars(pythonTrim(word).toLowerCase(), PUNCTUATION);
  if (cleaned === "") return 0;
  // `_contains_numbers`: Python's `\d`, any Unicode decimal digit.
  if (/\p{Nd}/u.test(cleaned)) return 0;
  const listed = known().get(cleaned);
  if (listed !== undefined) return listed;
  const compound = COMPOUND.exec(cleaned);
  if (compound) {
    const first = countSyllables(compound[1]!);
    const second = countSyllables(compound[2]!);
    return first === 0 || second === 0 ? 0 : first + second;
  }
  return vowelGroups([...cleaned]);
}

/** `syllapy._syllables`: vowel groups (y counts), less a final e, plus a final consonant-le; at least 1. */
function vowelGroups(characters: string[]): number {
  const isVowel = (character: string | undefined) => character !== undefined && VOWELS.includes(character);
  let syllables = isVowel(characters[0]) ? 1 : 0;
  for (let index = 1; index < characters.length; index++) {
    if (isVowel(characters[index]) && !isVowel(characters[index - 1])) syllables++;
  }
  const word = characters.join("");
  if (word.endsWith("e")) syllables--;
  if (word.endsWith("le") && characters.length > 2 && !isVowel(characters.at(-3))) syllables++;
  return syllables === 0 ? 1 : syllables;
}
