/**
 * `nltk.pos_tag(tokens)` for English: NLTK's greedy averaged perceptron tagger
 * (`nltk/tag/perceptron.py`, PerceptronTagger.tag, `normalize`, `_get_features`, and
 * AveragedPerceptron.predict) with NLTK's trained model, the three JSON files of nltk_data's
 * `averaged_perceptron_tagger_eng` (MIT; models/averaged-perceptron-tagger-eng/SOURCE.txt). The
 * model (about 5.7 MB of JSON) is read on the first call, not when kfm starts.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

interface PerceptronModel {
  /** feature -> (tag -> weight), as NLTK's `model.weights`, read with Object.hasOwn so nothing comes from Object.prototype. */
  weights: Record<string, Record<string, number>>;
  /** Words always given one tag, looked up as written. */
  tagdict: Map<string, string>;
  classes: string[];
}

const MODEL_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "models", "averaged-perceptron-tagger-eng");
const START = ["-START-", "-START2-"];
const END = ["-END-", "-END2-"];

let model: PerceptronModel | undefined;

function readModelFile(part: "weights" | "tagdict" | "classes"): unknown {
  return JSON.parse(gunzipSync(readFileSync(join(MODEL_DIR, `averaged_perceptron_tagger_eng.${part}.json.gz`))).toString("utf8"));
}

function loadModel(): PerceptronModel {
  if (model) return model;
  model = {
    weights: readModelFile("weights") as Record<string, Record<string, number>>,
    // A Map, so that no word is found on Object.prototype.
    tagdict: new Map(Object.entries(readModelFile("tagdict") as Record<string, string>)),
    classes: readModelFile("classes") as string[],
  };
  return model;
}

/**
 * Characters Python's `str.isdigit()` accepts besides the decimal digits (`\p{Nd}`): those of
 * Numeric_Type Digit, such as superscripts and circled digits (computed with Python 3.11, Unicode 14).
 */
const OTHER_DIGITS =
  "\\u{b2}-\\u{b3}\\u{b9}\\u{1369}-\\u{1371}\\u{19da}\\u{2070}\\u{2074}-\\u{2079}\\u{2080}-\\u{2089}\\u{2460}-\\u{2468}\\u{2474}-\\u{247c}\\u{2488}-\\u{2490}\\u{24ea}\\u{24f5}-\\u{24fd}\\u{24ff}\\u{2776}-\\u{277e}\\u{2780}-\\u{2788}\\u{278a}-\\u{2792}\\u{10a40}-\\u{10a43}\\u{10e60}-\\u{10e68}\\u{11052}-\\u{1105a}\\u{1f100}-\\u{1f10a}";
const PYTHON_DIGITS = new RegExp(`^[\\p{Nd}${OTHER_DIGITS}]+$`, "u");

/** PerceptronTagger.normalize: hyphenated words, four-digit years and numbers become classes; the rest lower-cased. */
function normalize(word: string): string {
  const characters = [...word];
  if (word.includes("-") && characters[0] !== "-") return "!HYPHEN";
  if (PYTHON_DIGITS.test(word) && characters.length === 4) return "!YEAR";
  if (characters.length > 0 && PYTHON_DIGITS.test(characters[0]!)) return "!DIGITS";
  return word.toLowerCase();
}

/** `text[-3:]` over code points. */
const lastThree = (text: string) => [...text].slice(-3).join("");

/** PerceptronTagger._get_features, in its order (the order the scores are summed in). */
function features(index: number, word: string, context: string[], previous: string, beforePrevious: string): Map<string, number> {
  const found = new Map<string, number>();
  const add = (name: string, ...args: string[]) => {
    const key = [name, ...args].join(" ");
    found.set(key, (found.get(key) ?? 0) + 1);
  };
  const i = index + START.length;
  add("bias");
  add("i suffix", lastThree(word));
  add("i pref1", [...word][0] ?? "");
  add("i-1 tag", previous);
  add("i-2 tag", beforePrevious);
  add("i tag+i-2 tag", previous, beforePrevious);
  add("i word", context[i]!);
  add("i-1 tag+i word", previous, context[i]!);
  add("i-1 word", context[i - 1]!);
  add("i-1 suffix", lastThree(context[i - 1]!));
  add("i-2 word", context[i - 2]!);
  add("i+1 word", context[i + 1]!);
  add("i+1 suffix", lastThree(context[i + 1]!));
  add("i+2 word", context[i + 2]!);
  return found;
}

/** AveragedPerceptron.predict: the highest score, ties going to the tag that sorts last. */
function predict(active: Map<string, number>, { weights, classes }: PerceptronModel): string {
  const scores = new Map<string, number>();
  for (const [feature, value] of active) {
    if (!Object.hasOwn(weights, feature) || value === 0) continue;
    for (const [tag, weight] of Object.entries(weights[feature]!)) scores.set(tag, (scores.get(tag) ?? 0) + value * weight);
  }
  let best = classes[0]!;
  for (const tag of classes) {
    const score = scores.get(tag) ?? 0;
    const bestScore = scores.get(best) ?? 0;
    if (score > bestScore || (score === bestScore && tag > best)) best = tag;
  }
  return best;
}

/** `nltk.pos_tag(tokens)`: one Penn Treebank tag per token, each decided left to right from the two before. */
export function partOfSpeechTags(tokens: readonly string[]): string[] {
  const loaded = loadModel();
  const context = [...START, ...tokens.map(normalize), ...END];
  const tags: string[] = [];
  let [previous, beforePrevious] = START as [string, string];
  tokens.forEach((word, index) => {
    const tag = loaded.tagdict.get(word) || predict(features(index, word, context, previous, beforePrevious), loaded);
    tags.push(tag);
    beforePrevious = previous;
    previous = tag;
  });
  return tags;
}
