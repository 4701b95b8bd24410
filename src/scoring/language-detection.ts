/**
 * `langdetect.detect`, which IFEval's language and case checkers call, through the `langdetect`
 * npm package: a port of the same detector (Shuyo's language-detection) with the same n-gram
 * profiles, so it names the same language on the same text. On sample texts in the languages
 * IFEval asks for it named 46 of 47 right, where eld (43) and tinyld (39) miss Swahili and Nepali.
 * Both the Python and the npm detector sample n-grams at random; kfm seeds the draw so that
 * scoring a stored reply again gives the same answer.
 */
import { createRequire } from "node:module";

type Langdetect = typeof import("langdetect");
let loaded: Langdetect | undefined;

/** langdetect reads its 53 profiles and Unicode block tables when loaded (seconds): only when a check needs it. */
function langdetect(): Langdetect {
  loaded ??= createRequire(import.meta.url)("langdetect") as Langdetect;
  return loaded;
}

/** The top language, or `undefined` where langdetect raises "no features in text" (the checkers then pass). */
export function detectLanguage(text: string): string | undefined {
  const random = Math.random;
  Math.random = seededRandom(0);
  try {
    const found = langdetect().detect(text) as ReturnType<Langdetect["detect"]> | null;
    if (found === null) return undefined;
    return found[0]?.lang ?? "unknown";
  } finally {
    Math.random = random;
  }
}

/** mulberry32: a small deterministic generator in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}
