import type { SimSettings } from "./options.js";
import { uniform } from "./random.js";
import type { WireMessage } from "./tool-key.js";

/**
 * The simulator as a judge: a request that asks for a `[[rating]]` gets a short Korean assessment
 * and a rating from 1 to 10 seeded by the prompt, so the same answer always gets the same rating
 * and a test knows it; at `judge.noRatingRate` the reply has no rating (a broken judge).
 * Undefined when the request is not a judge request.
 */
export function judgeReplyFor(settings: SimSettings, messages: readonly WireMessage[]): string | undefined {
  // Most requests are not judge requests: look for the markers without building the whole text.
  const contents = messages.map((message) => (typeof message?.content === "string" ? message.content : ""));
  const rubric = contents.some((content) => content.includes("Does the submission meet the criteria?"));
  const extraction = contents.some((content) => content.includes("extracted_final_answer:") && content.includes("[correct_answer]:"));
  const equality = contents.some((content) => content.includes("CANDIDATE ANSWER TO ASSESS: "));
  if (!rubric && !extraction && !equality && !contents.some((content) => content.includes("[[rating]]"))) return undefined;
  const text = contents.join("\n");
  if (rubric) return rubricVerdict(settings, text);
  if (extraction) return extractionVerdict(settings, text);
  if (equality) return equalityVerdict(settings, text);
  if (uniform(settings.seed, `judge-missing\u0000${text}`) < settings.judge.noRatingRate)
    return "답변을 검토했습니다. 전반적으로 무난하지만 몇 가지 아쉬운 점이 있습니다.";
  const rating = simulatedRating(settings.seed, text);
  return `답변은 질문의 요구를 ${rating >= 7 ? "대체로 충족합니다" : "일부만 충족합니다"}. 정확성과 유용성을 고려했습니다.\n\n점수: [[${rating}]]`;
}

/** The rating the simulated judge gives a prompt: 1–10, uniform over prompts. */
export function simulatedRating(seed: number, prompt: string): number {
  return 1 + Math.floor(uniform(seed, `judge\u0000${prompt}`) * 10);
}

interface WireCall {
  function?: { name?: string; arguments?: string };
}

function callsOf(json: string): string[] | undefined {
  try {
    const message = JSON.parse(json) as { tool_calls?: WireCall[] | null };
    return (message.tool_calls ?? [])
      .map((call) => `${call.function?.name}(${JSON.stringify(JSON.parse(call.function?.arguments || "{}"))})`)
      .sort();
  } catch {
    return undefined;
  }
}

/**
 * A rubric judge (FunctionChat-Bench): the simulator passes a submission whose calls are exactly
 * the ground truth's (none where none are expected), so a test knows every verdict; at
 * `judge.noRatingRate` it gives no verdict.
 */
function rubricVerdict(settings: SimSettings, text: string): string {
  if (uniform(settings.seed, `judge-missing\u0000${text}`) < settings.judge.noRatingRate) return "제출된 응답을 검토했습니다.";
  const truth = /\[Ground Truth\]:\n([\s\S]*?)\n\n\[/.exec(text)?.[1];
  const submission = /\[Submission\]:\n([\s\S]*?)\n\*\*\*/.exec(text)?.[1];
  const expected = truth ? callsOf(truth) : undefined;
  const submitted = submission ? callsOf(submission) : undefined;
  const pass = expected !== undefined && submitted !== undefined && expected.join("|") === submitted.join("|");
  return `제출된 응답을 기준에 따라 단계별로 검토했습니다. ${pass ? "기대한 결과와 일치합니다." : "기대한 결과와 다릅니다."}\n${pass ? "pass" : "fail"}\n${pass ? "pass" : "fail"}`;
}

/** Whitespace squashed and case folded: how the simulated judge compares two short answers. */
function comparable(text: string): string {
  return text.replace(/\s+/g, " ").trim().toLowerCase();
}

/**
 * An extracting judge (Humanity's Last Exam): the simulator takes the response's `Answer:` line,
 * says yes when it equals the correct answer (spaces and case aside) and no otherwise, and reads the
 * stated confidence, so a test knows every verdict; at `judge.noRatingRate` it gives no verdict.
 */
function extractionVerdict(settings: SimSettings, text: string): string {
  if (uniform(settings.seed, `judge-missing\u0000${text}`) < settings.judge.noRatingRate) return "I have reviewed the response.";
  const response = /\[response\]: ([\s\S]*?)\n\nYour judgement must be/.exec(text)?.[1] ?? "";
  const correctAnswer = /\[correct_answer\]: ([\s\S]*?)\n\n/.exec(text)?.[1] ?? "";
  const answer = [...response.matchAll(/^Answer:\s*(.*)$/gm)].at(-1)?.[1]?.trim();
  const confidence = /Confidence:\s*(\d+)/.exec(response)?.[1] ?? "100";
  const correct = answer !== undefined && comparable(answer) === comparable(correctAnswer);
  return `extracted_final_answer: ${answer ?? "None"}\n\nreasoning: The extracted answer ${correct ? "matches" : "does not match"} the correct answer.\n\ncorrect: ${correct ? "yes" : "no"}\n\nconfidence: ${confidence}`;
}

/**
 * An equality checker (AA-LCR): CORRECT when the candidate states the official answer as a token of its
 * own and is not the simulated model's wrong form (`2\cdot(…)`), INCORRECT otherwise; at
 * `judge.noRatingRate` it gives no verdict.
 */
function equalityVerdict(settings: SimSettings, text: string): string {
  if (uniform(settings.seed, `judge-missing\u0000${text}`) < settings.judge.noRatingRate) return "I have compared the answers.";
  const official = /The OFFICIAL ANSWER: (.*)/.exec(text)?.[1]?.trim() ?? "";
  const candidate = /CANDIDATE ANSWER TO ASSESS: ([\s\S]*?)\n\nReply only with CORRECT or INCORRECT\./.exec(text)?.[1] ?? "";
  const stated = new RegExp(`(^|[^0-9A-Za-z])${official.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^0-9A-Za-z])`, "i").test(candidate);
  return stated && official !== "" && !candidate.includes("\\cdot(") ? "CORRECT" : "INCORRECT";
}
