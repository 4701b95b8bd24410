import * as z from "zod";

const rate = z.number().min(0).max(1);

export const simOptionsSchema = z
  .object({
    host: z.string().default("127.0.0.1"),
    port: z.int().min(0).max(65535).default(0),
    seed: z.int().default(0),
    model: z.string().min(1).default("kfm-sim-1"),
    /** Probability that an answered item is answered correctly. */
    accuracy: rate.default(0.6),
    subjectAccuracy: z.record(z.string(), rate).default({}),
    /** Share of items the model declines to answer (refusal or hedge, no single letter). */
    noAnswerRate: rate.default(0.02),
    /** Share of replies that come with reasoning: half as `<think>` in the content, half as `reasoning_content`. */
    reasoningRate: rate.default(0.3),
    /**
     * Share of items whose reply runs away after the answer (a degenerate generation loop): the
     * same sentence repeated to 150,000 characters, unless the request's max_tokens cuts it first.
     */
    runawayRate: rate.default(0),
    /** How a streamed reply ends the lines of its server-sent events: all three are allowed by the standard. */
    eventLineEnding: z.enum(["lf", "crlf", "cr"]).default("lf"),
    /** Per-request delay: uniform in [meanMs - jitterMs, meanMs + jitterMs]. */
    latency: z
      .object({ meanMs: z.number().min(0), jitterMs: z.number().min(0).default(0) })
      .strict()
      .default({ meanMs: 0, jitterMs: 0 }),
    faults: z
      .object({
        rate429: rate.default(0),
        /** Seconds sent in Retry-After with a 429; null sends a 429 without the header. */
        retryAfterSeconds: z.number().min(0).nullable().default(1),
        rate500: rate.default(0),
        rate502: rate.default(0),
        rate503: rate.default(0),
        rateReset: rate.default(0),
        /** Never answers: holds the request until the client gives up. */
        rateTimeout: rate.default(0),
        rateMalformed: rate.default(0),
      })
      .strict()
      .default({ rate429: 0, retryAfterSeconds: 1, rate500: 0, rate502: 0, rate503: 0, rateReset: 0, rateTimeout: 0, rateMalformed: 0 }),
    /** Tool-use behaviour, per turn: a wrong argument value, no call where one is due (or a call where none is), arguments that are not JSON. */
    tools: z
      .object({ wrongArgumentRate: rate.default(0.1), wrongDecisionRate: rate.default(0.05), malformedRate: rate.default(0.05) })
      .strict()
      .default({ wrongArgumentRate: 0.1, wrongDecisionRate: 0.05, malformedRate: 0.05 }),
    /** As a judge (a request asking for `[[rating]]`): ratings are seeded by the prompt; at this rate the reply has no rating. */
    judge: z
      .object({ noRatingRate: rate.default(0) })
      .strict()
      .default({ noRatingRate: 0 }),
    /** When set, requests must carry `Authorization: Bearer <apiKey>`. */
    apiKey: z.string().min(1).optional(),
  })
  .strict();

export type SimOptionsInput = z.input<typeof simOptionsSchema>;
export type SimSettings = z.output<typeof simOptionsSchema>;

export interface AnswerKeyEntry {
  question: string;
  /** The options' texts; empty for an open question (a math answer). */
  choices: string[];
  /** The correct letter A–D, or the value of an open question's answer. */
  answer: string;
  subject: string;
  /** A code-generation problem (LiveCodeBench): its starter code ("" for stdin problems) and, in test fixtures, a correct program. */
  program?: { starter: string; reference?: string };
}

/** A tool-use task the simulator can play: the user message that starts it and what the right replies are. */
export interface ToolKeyEntry {
  /** The last user message of the task's conversation. */
  cue: string;
  /** Messages after that user message in the task's own conversation (history of a dialog turn). */
  offset: number;
  /** An agent-loop task: the calls are made one per turn, each after the previous one's result. */
  loop: boolean;
  decision: "call" | "ask" | "answer";
  calls: Array<{ name: string; arguments: Record<string, unknown> }>;
  /** What to say when not calling (a question for `ask`, an answer otherwise). */
  reply?: string;
  /** The names of the tools the task offers: the same question with other tools is another task. */
  tools?: string[];
}

/**
 * A dual-control task (tau2-bench) the simulator can play from both sides, known by the task id
 * kfm sends in the `x-kfm-item` header: the reference actions in order, each by its side.
 */
export interface DualKeyEntry {
  task: string;
  /** The agent's tool names: a request offering only these is the agent's, any other the user's. */
  agentTools: string[];
  actions: Array<{ requestor: "user" | "assistant"; name: string; arguments: Record<string, unknown> }>;
}

export type SimOptions = SimOptionsInput & { answerKey?: AnswerKeyEntry[]; toolKey?: ToolKeyEntry[]; dualKey?: DualKeyEntry[] };
