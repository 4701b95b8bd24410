import type { AnswerKeyEntry, SimSettings } from "./options.js";
import { pick, uniform } from "./random.js";
import { formatted, type AnswerFormat } from "./answer-format.js";
import { programReply } from "./program-policy.js";

export type Outcome = "correct" | "incorrect" | "no-answer";
const LETTERS = ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"] as const;
const CIRCLED = ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧", "⑨", "⑩"] as const;

/** The labels of an item with `count` options (A–D when the count is unknown): a reply never names an option the item lacks. */
function labelsFor(count: number | undefined): readonly string[] {
  return LETTERS.slice(0, Math.max(2, Math.min(LETTERS.length, count || 4)));
}

/**
 * What the simulated model does with an item, decided only by the seed and the item: first
 * whether it declines (noAnswerRate), then whether it is right (the subject's accuracy).
 * Tests use this to know the exact accuracy a run must report.
 */
export type OutcomeOptions = Partial<Pick<SimSettings, "seed" | "accuracy" | "noAnswerRate" | "subjectAccuracy">>;

export function expectedOutcome(options: OutcomeOptions, entry: AnswerKeyEntry): Outcome {
  const seed = options.seed ?? 0;
  if (uniform(seed, `no-answer\u0000${entry.question}`) < (options.noAnswerRate ?? 0.02)) return "no-answer";
  const accuracy = options.subjectAccuracy?.[entry.subject] ?? options.accuracy ?? 0.6;
  return uniform(seed, `correct\u0000${entry.question}`) < accuracy ? "correct" : "incorrect";
}

/** The simulator's seed for sample `sample` (a request's seed) of a run seeded `seed`; sample 0 is the run's own. */
export function sampleSeed(seed: number, sample: number): number {
  return sample === 0 ? seed : (seed ^ Math.imul(sample, 0x9e3779b1)) | 0;
}

/**
 * The outcome of one sample of an item when a request carries a seed (repeated sampling): with
 * seed 0 (or none) the item's `expectedOutcome`; with another seed, half the items (chosen by
 * the item) answer as they always do and the rest draw again with the sample's seed, so repeated
 * samples vary the way a model's do at temperature: avg@k stays near the accuracy, pass@k rises
 * above it, and majority vote differs from both.
 */
export function sampleOutcome(options: OutcomeOptions, entry: AnswerKeyEntry, sample: number): Outcome {
  const first = expectedOutcome(options, entry);
  const seed = options.seed ?? 0;
  if (sample === 0 || uniform(seed, `stable\u0000${entry.question}`) < 0.5) return first;
  return expectedOutcome({ ...options, seed: sampleSeed(seed, sample) }, entry);
}

/** The letter the model gives: the key's when correct, a fixed other one when not. */
export function chosenLetter(seed: number, entry: AnswerKeyEntry, outcome: Outcome): string {
  if (outcome === "correct") return entry.answer;
  const others = labelsFor(entry.choices.length).filter((letter) => letter !== entry.answer);
  return pick(others, uniform(seed, `wrong\u0000${entry.question}`));
}

export interface SimReply {
  content: string;
  reasoning?: string;
  /** `content` carries a `<think>` block instead of a separate reasoning field. */
  inlineReasoning: boolean;
}

function reasoningText(letter: string, other: string): string {
  return `문제의 조건을 정리하면 선택지 ${other}는 조건 하나를 만족하지 않는다. 나머지 선택지를 하나씩 대입해 확인하면 ${letter}만 모든 조건을 만족한다.`;
}

/** Answer styles real models use; every one names exactly one option, so extraction is unambiguous. */
const STYLES: ReadonlyArray<(letter: string, index: number, options: string[], other: string) => string> = [
  (letter) => `정답: ${letter}`,
  (letter) => `정답：${letter}`,
  (letter) => `답은 (${letter})입니다.`,
  (letter) => `**${letter}**`,
  (letter) => `(${letter})`,
  (letter, index, options) => `${letter}. ${options[index] ?? ""}`,
  (_letter, index) => CIRCLED[index]!,
  (_letter, index) => `${index + 1}번`,
  (letter) => `\\boxed{${letter}}`,
  (letter) => `{"answer": "${letter}"}`,
  (letter, _index, _options, other) =>
    `선택지를 하나씩 검토해 보겠습니다. ${other}는 문제의 조건과 맞지 않습니다.\n\n따라서 정답은 ${letter}입니다.`,
  (letter) => `The answer is (${letter}).`,
];

const NO_ANSWERS = [
  (a: string, b: string) => `확실하지 않습니다. ${a} 또는 ${b}일 수 있습니다.`,
  () => "죄송하지만 이 문제는 답하기 어렵습니다.",
  () => "주어진 정보만으로는 알 수 없습니다.",
];

/** A wrong open answer: the number plus one (plus up to two more in a repeated sample), or twice the expression (which no extractor can mistake for it). */
function wrongValue(answer: string, shift = 0): string {
  const value = Number(answer);
  return Number.isFinite(value) ? formatValue(value + 1 + shift) : `2\\cdot(${answer})`;
}

function formatValue(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Number(value.toFixed(6)));
}

const OPEN_STYLES: ReadonlyArray<(value: string) => string> = [
  (value) => `풀이를 정리하면 다음과 같습니다.\n\n정답: ${value}`,
  (value) => `단계별로 계산하면 최종 값은 다음과 같습니다. $\\boxed{${value}}$`,
  (value) => `계산 과정을 정리했습니다.\n#### ${value}`,
  (value) => `따라서 답은 ${value}입니다.`,
  (value) => `The answer is ${value}.`,
];

/** The confidence the simulated model states (HLE asks for one): 40–99%, seeded by the question. */
function confidenceFor(seed: number, key: string): number {
  return 40 + Math.floor(uniform(seed, `confidence\u0000${key}`) * 60);
}

/** Replies to a question without options (math): a final value in a realistic style, or in the format the prompt asks for. */
function openReply(
  seed: number,
  entry: AnswerKeyEntry,
  outcome: Outcome,
  reasoningRate: number,
  format?: AnswerFormat,
  sample = 0,
): SimReply {
  const key = entry.question;
  if (outcome === "no-answer") return { content: "죄송하지만 이 문제는 잘 모르겠습니다.", inlineReasoning: false };
  const numeric = Number(entry.answer);
  const correct = Number.isFinite(numeric) ? formatValue(numeric) : entry.answer;
  const shift = sample === 0 ? 0 : Math.floor(uniform(seed, `wrong\u0000${key}`) * 3);
  const value = outcome === "correct" ? correct : wrongValue(entry.answer, shift);
  const content = format
    ? formatted(format, value, confidenceFor(seed, key))
    : pick(OPEN_STYLES, uniform(seed, `style\u0000${key}`))(value);
  if (uniform(seed, `reasoning\u0000${key}`) >= reasoningRate) return { content, inlineReasoning: false };
  const reasoning = "문제의 조건을 식으로 세우고 차례로 계산했다. 중간 값 12, 30, 7을 검산했다.";
  if (uniform(seed, `inline\u0000${key}`) < 0.5)
    return { content: `<think>\n${reasoning}\n</think>\n\n${content}`, reasoning, inlineReasoning: true };
  return { content, reasoning, inlineReasoning: false };
}

export function replyFor(
  seed: number,
  entry: AnswerKeyEntry | undefined,
  prompt: string,
  choices: string[] | undefined,
  reasoningRate: number,
  outcomeOf: (entry: AnswerKeyEntry) => Outcome,
  format?: AnswerFormat,
  /** The request's seed: a repeated sample other than the first words and errs differently. */
  sample = 0,
): SimReply {
  seed = sampleSeed(seed, sample);
  if (entry?.program) return programReply({ ...entry, program: entry.program }, outcomeOf(entry));
  if (entry && entry.choices.length === 0) return openReply(seed, entry, outcomeOf(entry), reasoningRate, format, sample);
  const key = entry?.question ?? prompt;
  const direct = /정답\s*[:：]\s*$/.test(prompt);
  let outcome: Outcome;
  let letter: string;
  if (entry) {
    outcome = outcomeOf(entry);
    letter = chosenLetter(seed, entry, outcome);
  } else {
    // A prompt the key does not know: guess, as a model would.
    outcome = "incorrect";
    letter = pick(labelsFor(choices?.length), uniform(seed, `guess\u0000${key}`));
  }
  // A key whose answer lies beyond its options (a suite mistake) still names that answer.
  const labels = labelsFor(
    Math.max(entry?.choices.length || choices?.length || 4, LETTERS.indexOf(letter as (typeof LETTERS)[number]) + 1),
  );
  const index = labels.indexOf(letter);
  const count = labels.length;
  const other = labels[(index + 1 + Math.floor(uniform(seed, `other\u0000${key}`) * (count - 1))) % count]!;
  let content: string;
  if (outcome === "no-answer") content = pick(NO_ANSWERS, uniform(seed, `style\u0000${key}`))(letter, other);
  else if (direct) content = letter;
  else if (format) content = formatted(format, letter, confidenceFor(seed, key));
  else content = pick(STYLES, uniform(seed, `style\u0000${key}`))(letter, index, choices ?? [], other);
  if (direct || uniform(seed, `reasoning\u0000${key}`) >= reasoningRate) return { content, inlineReasoning: false };
  const reasoning = reasoningText(letter, other);
  if (uniform(seed, `inline\u0000${key}`) < 0.5)
    return { content: `<think>\n${reasoning}\n</think>\n\n${content}`, reasoning, inlineReasoning: true };
  return { content, reasoning, inlineReasoning: false };
}
