import { KfmError } from "../spec/errors.js";
import type { JudgeDetails, JudgePrompt, ScorerContext } from "../spec/scorer.js";
import { askJudge, fill } from "./ask-judge.js";
import { defineScorer } from "./define-scorer.js";
import { judgeDeclaration } from "./judge-declaration.js";
import { ownValue } from "../spec/own-value.js";

/** MT-Bench's patterns: `[[7]]`, then `[7]` as FastChat's backup. */
const RATING = /\[\[(\d+\.?\d*)\]\]/;
const RATING_BACKUP = /\[(\d+\.?\d*)\]/;

/** The judge's rating, only from the judge's own reply; undefined when it gave none (an error, never a zero). */
export function parseRating(reply: string, scale: number): number | undefined {
  const match = RATING.exec(reply) ?? RATING_BACKUP.exec(reply);
  if (!match) return undefined;
  const value = Number(match[1]);
  return Number.isFinite(value) && value >= 0 && value <= scale ? value : undefined;
}

/**
 * Whether a reply is Korean: Hangul is at least half of its letters (Hangul, Latin, kana, Han).
 * Code, numbers and punctuation do not count either way.
 */
export function isKorean(text: string): boolean {
  const hangul = text.match(/[\uAC00-\uD7A3\u3131-\u318E]/g)?.length ?? 0;
  const other = text.match(/[A-Za-z\u3040-\u30FF\u4E00-\u9FFF]/g)?.length ?? 0;
  return hangul + other === 0 || hangul / (hangul + other) >= 0.5;
}

/**
 * A candidate reply cannot close its own delimiter: bracketed marker lines of the judge template
 * that appear inside the reply are defused (full-width brackets), so the judge sees one answer block.
 */
export function defuse(reply: string, template: string): string {
  const markers = [...template.matchAll(/(\[[^\]\n{}]{2,40}\]|<\|[^|\n]{2,40}\|>)/g)].map((match) => match[1]!);
  // Nor can it hand the judge a rating: `[[10]]` (and FastChat's backup `[10]`) in the reply is
  // what a judge that reads its input carelessly would echo as its verdict.
  let safe = reply.replace(/\[\[([^\]\n]{0,20})\]\]/g, "［［$1］］").replace(/\[(\d+\.?\d*)\]/g, "［$1］");
  for (const marker of new Set(markers)) {
    const defused = marker.replace(/^\[/, "［").replace(/\]$/, "］").replace(/^<\|/, "＜|").replace(/\|>$/, "|＞");
    safe = safe.split(marker).join(defused);
  }
  return safe;
}

export function promptFor(context: ScorerContext, name: string): JudgePrompt {
  const prompt = context.judgeResources?.prompts.get(name);
  if (!prompt) {
    const known = [...(context.judgeResources?.prompts.keys() ?? [])];
    throw new KfmError("suite", `judge prompt "${name}" is not in the suite's judge prompts (${known.join(", ") || "none loaded"})`, {
      hint: "Check scorer.args.prompts and judge.prompts in the suite.",
    });
  }
  return prompt;
}

/**
 * An LLM judge (MT-Bench / KoMT-Bench single-answer grading): each turn of the conversation is
 * rated 1–10 by the judge model with the suite's prompts, reference-guided for math, reasoning and
 * coding; the judge's replies are cached by (judge model, prompt hash) so a re-score calls nothing.
 * A judge reply without a rating is an error on the item, never a low score.
 */
export const judge = defineScorer({
  ...judgeDeclaration,
  create(args, context) {
    const model = context.judge;
    const cache = context.judgeCache ?? new Map<string, string[]>();
    return {
      async score({ item, text, turns: replies }) {
        const questions = item.turns ?? [item.fields.question ?? ""];
        const answers = replies ?? [text];
        if (answers.every((answer) => answer.trim() === "")) return { status: "no-answer", rule: "empty-reply" };
        const key = ownValue(item.fields, args.key_field) ?? item.id;
        const referenced = args.reference_categories.includes(item.subject);
        const references = referenced ? context.judgeResources?.references.get(key) : undefined;
        if (referenced && !references)
          throw new KfmError("suite", `item ${item.id}: no reference answer for ${args.key_field} ${key}`, {
            hint: "Check judge.references in the suite.",
          });
        const details: JudgeDetails = { model: model?.id ?? "(cache)", scale: args.scale, turns: [] };
        for (let turn = 0; turn < answers.length; turn++) {
          const name = (referenced ? args.prompts.reference : args.prompts.single) + (turn > 0 ? args.prompts.multi_turn_suffix : "");
          const prompt = promptFor(context, name);
          const values: Record<string, string> = {};
          if (turn === 0) {
            values.question = questions[0] ?? "";
            values.answer = defuse(answers[0] ?? "", prompt.template);
            if (references) values.ref_answer_1 = references[0] ?? "";
          } else {
            for (let index = 0; index <= turn; index++) {
              values[`question_${index + 1}`] = questions[index] ?? "";
              values[`answer_${index + 1}`] = defuse(answers[index] ?? "", prompt.template);
              if (references) values[`ref_answer_${index + 1}`] = references[index] ?? "";
            }
          }
          const request = { system: prompt.system, prompt: fill(prompt.template, values) };
          const asked = await askJudge({
            model,
            cache,
            request,
            repeats: args.repeats,
            parse: (reply) => parseRating(reply, args.scale),
            what: `item ${item.id}, turn ${turn + 1}`,
            expects: "[[rating]]",
          });
          const { hash, replies: judged } = asked;
          const ratings = asked.values;
          let rating = ratings.reduce((a, b) => a + b, 0) / ratings.length;
          const penalize = args.non_korean_penalty && !args.non_korean_penalty.exempt.includes(key) && !isKorean(answers[turn] ?? "");
          if (penalize) rating = Math.sqrt(rating);
          details.turns.push({
            prompt: name,
            promptHash: hash,
            replies: judged,
            rating,
            ...(penalize ? { penalized: true as const } : {}),
          });
        }
        const mean = details.turns.reduce((sum, turn) => sum + turn.rating, 0) / details.turns.length;
        return {
          status: "correct",
          rule: "judged",
          extracted: details.turns.map((turn) => turn.rating.toFixed(1)).join(" / "),
          score: mean / args.scale,
          details: { judge: details },
        };
      },
    };
  },
});
