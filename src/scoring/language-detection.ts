/**
 * `langdetect.detect(text)`, which IFEval's language and case checkers call: Python langdetect's
 * Detector (Shuyo's language-detection) ported step for step (`append`, `cleaning_text`,
 * `_extract_ngrams` with `NGram.normalize`, `_detect_block`, `_sort_probability`), over the n-gram
 * profiles the `langdetect` npm package ships, which are Shuyo's. That package's own detector
 * departs from Python's (its smoothing alpha is 0.05–0.1 instead of 0.5 ± 0.05, its cleaning drops
 * spaces from non-Latin text), which read "HELLO THIS IS AN ENGLISH SENTENCE" as Somali where the
 * reference says English; kfm uses its profiles only. It has 53 of Python's 55 profiles (no Catalan
 * or Welsh), and Python's folding of CJK ideograph variants (which only tells Chinese from Japanese)
 * is left out. Both detectors draw n-grams at random, Python unseeded by default; kfm seeds the
 * draw so that scoring a stored reply again gives the same answer.
 */
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { seededRandom } from "../stats/seeded-random.js";

interface Profiles {
  languages: string[];
  /** n-gram -> probability in each language (0 where absent). */
  probabilities: Map<string, Float64Array>;
}

let loaded: Profiles | undefined;

/** Reading the 53 profiles takes a moment: only when a check needs them. */
function profiles(): Profiles {
  if (loaded) return loaded;
  const folder = join(dirname(createRequire(import.meta.url).resolve("langdetect/package.json")), "profiles");
  const files = readdirSync(folder)
    .filter((file) => file.endsWith(".json"))
    .sort();
  const languages: string[] = [];
  const probabilities = new Map<string, Float64Array>();
  files.forEach((file, index) => {
    const profile = JSON.parse(readFileSync(join(folder, file), "utf8")) as {
      name: string;
      freq: Record<string, number>;
      n_words: number[];
    };
    languages.push(profile.name);
    for (const [gram, count] of Object.entries(profile.freq)) {
      const length = [...gram].length;
      if (length < 1 || length > 3) continue;
      let row = probabilities.get(gram);
      if (!row) probabilities.set(gram, (row = new Float64Array(files.length)));
      row[index] = count / profile.n_words[length - 1]!;
    }
  });
  loaded = { languages, probabilities };
  return loaded;
}

const URL = /https?:\/\/[-_.?&~;+=/#0-9A-Za-z]{1,2076}/g;
const MAIL = /[-_.0-9A-Za-z]{1,64}@[-_0-9A-Za-z]{1,255}[-_.0-9A-Za-z]{1,255}/g;
const LATIN1_EXCLUDED = "\u00a0\u00ab\u00b0\u00bb";
/** `NGram.normalize_vi`: a Vietnamese vowel and a combining tone mark become the precomposed letter. */
const VIETNAMESE = /([AEIOUYaeiouyÂÊÔâêôĂăƠơƯư])([\u0300\u0301\u0303\u0309\u0323])/gu;

const inRange = (code: number, low: number, high: number) => code >= low && code <= high;

/** `NGram.normalize(ch)`, with the Unicode blocks it looks at. */
function normalize(character: string): string {
  const code = character.codePointAt(0)!;
  if (code <= 0x7f) return character < "A" || (character > "Z" && character < "a") || character > "z" ? " " : character;
  if (inRange(code, 0x80, 0xff)) return LATIN1_EXCLUDED.includes(character) ? " " : character;
  if (inRange(code, 0x180, 0x24f)) return code === 0x219 ? "\u015f" : code === 0x21b ? "\u0163" : character;
  if (inRange(code, 0x2000, 0x206f)) return " ";
  if (inRange(code, 0x600, 0x6ff)) return code === 0x6cc ? "\u064a" : character;
  if (inRange(code, 0x1e00, 0x1eff)) return code >= 0x1ea0 ? "\u1ec3" : character;
  if (inRange(code, 0x3040, 0x309f)) return "\u3042";
  if (inRange(code, 0x30a0, 0x30ff)) return "\u30a2";
  if (inRange(code, 0x3100, 0x312f) || inRange(code, 0x31a0, 0x31bf)) return "\u3105";
  if (inRange(code, 0xac00, 0xd7af)) return "\uac00";
  return character;
}

const isUpperCharacter = (character: string) => /^\p{Uppercase}$/u.test(character);

/** `Detector.append` then `cleaning_text`: the text the n-grams are drawn from, as code points. */
function prepare(text: string): string[] {
  const source = [
    ...text
      .replace(URL, " ")
      .replace(MAIL, " ")
      .replace(VIETNAMESE, (_, letter: string, mark: string) => (letter + mark).normalize("NFC")),
  ];
  const kept: string[] = [];
  let previous = "";
  for (const character of source.slice(0, 10000)) {
    if (character !== " " || previous !== " ") kept.push(character);
    previous = character;
  }
  let latin = 0;
  let nonLatin = 0;
  for (const character of kept) {
    const code = character.codePointAt(0)!;
    if (character >= "A" && character <= "z") latin++;
    else if (code >= 0x300 && !inRange(code, 0x1e00, 0x1eff)) nonLatin++;
  }
  return latin * 2 < nonLatin ? kept.filter((character) => character < "A" || character > "z") : kept;
}

/** `Detector._extract_ngrams`: the 1- to 3-grams the profiles know, skipping words in capitals. */
function ngrams(text: string[], known: Map<string, Float64Array>): string[] {
  const result: string[] = [];
  let grams = [" "];
  let capitalWord = false;
  for (const raw of text) {
    const character = normalize(raw);
    const last = grams.at(-1)!;
    if (last === " ") {
      grams = [" "];
      capitalWord = false;
      if (character === " ") continue;
    } else if (grams.length >= 3) grams = grams.slice(1);
    grams.push(character);
    if (isUpperCharacter(character)) {
      if (isUpperCharacter(last)) capitalWord = true;
    } else capitalWord = false;
    if (capitalWord) continue;
    for (let n = 1; n <= 3 && n <= grams.length; n++) {
      const gram = grams.slice(-n).join("");
      if (gram !== " " && known.has(gram)) result.push(gram);
    }
  }
  return result;
}

/** The top language, or `undefined` where langdetect raises "No features in text" (the checkers then pass). */
export function detectLanguage(text: string): string | undefined {
  const { languages, probabilities } = profiles();
  const grams = ngrams(prepare(text), probabilities);
  if (grams.length === 0) return undefined;
  const random = seededRandom(0);
  const total = new Float64Array(languages.length);
  for (let trial = 0; trial < 7; trial++) {
    const probability = new Float64Array(languages.length).fill(1 / languages.length);
    const alpha = 0.5 + gaussian(random) * 0.05;
    const weight = alpha / 10000;
    for (let iteration = 0; ; iteration++) {
      const row = probabilities.get(grams[Math.floor(random() * grams.length)]!)!;
      for (let index = 0; index < probability.length; index++) probability[index]! *= weight + row[index]!;
      if (iteration % 5 === 0 && (normalized(probability) > 0.99999 || iteration >= 1000)) break;
    }
    for (let index = 0; index < total.length; index++) total[index]! += probability[index]! / 7;
  }
  let best: { language: string; probability: number } | undefined;
  total.forEach((probability, index) => {
    if (probability > 0.1 && (!best || probability > best.probability)) best = { language: languages[index]!, probability };
  });
  return best?.language ?? "unknown";
}

/** `_normalize_prob`: scale to sum 1, returning the largest. */
function normalized(probability: Float64Array): number {
  const sum = probability.reduce((left, right) => left + right, 0);
  let largest = 0;
  for (let index = 0; index < probability.length; index++) {
    probability[index]! /= sum;
    largest = Math.max(largest, probability[index]!);
  }
  return largest;
}

/** A standard normal draw (Box–Muller), as `random.gauss(0.0, 1.0)`. */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}
