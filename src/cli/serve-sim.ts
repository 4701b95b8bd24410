import type { SimOptionsInput } from "../sim/index.js";
import { InvalidArgumentError } from "commander";
import { defineCommand, integer, positiveNumber } from "./command.js";

function fraction(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1)
    throw new InvalidArgumentError(`${flag} expects a number between 0 and 1, got "${value}".`);
  return parsed;
}

type Faults = NonNullable<SimOptionsInput["faults"]>;
type Tools = NonNullable<SimOptionsInput["tools"]>;

/** serveSim()'s options, with the nested settings (latency, faults, tool use, judging) as flat flags. */
type ServeSimFlags = Pick<SimOptionsInput, "host" | "port" | "model" | "accuracy" | "seed" | "noAnswerRate" | "runawayRate" | "apiKey"> & {
  suites?: string[];
  latencyMs?: number;
  rate429?: Faults["rate429"];
  rate500?: Faults["rate500"];
  rateReset?: Faults["rateReset"];
  wrongArgumentRate?: Tools["wrongArgumentRate"];
  wrongDecisionRate?: Tools["wrongDecisionRate"];
  malformedCallRate?: Tools["malformedRate"];
  judgeNoRatingRate?: number;
};

export const serveSimCommand = defineCommand<ServeSimFlags>({
  name: "serve-sim",
  description: "Start the simulated OpenAI-compatible endpoint (a real HTTP server) that answers a suite's items at a set accuracy.",
  options: {
    port: { flags: "--port <n>", description: "port (0 = any free port)", parse: integer(0), default: 8765 },
    host: { flags: "--host <host>", description: "address to bind", default: "127.0.0.1" },
    suites: { flags: "--suite <suite...>", description: "suites whose answers it knows", default: ["kmmlu"] },
    accuracy: { flags: "--accuracy <p>", description: "probability of a correct answer", parse: fraction },
    seed: { flags: "--seed <n>", description: "seed for answers, styles and faults", parse: integer(0) },
    latencyMs: { flags: "--latency-ms <ms>", description: "mean latency per request", parse: positiveNumber },
    noAnswerRate: { flags: "--no-answer-rate <p>", description: "share of replies with no answer", parse: fraction },
    runawayRate: {
      flags: "--runaway-rate <p>",
      description: "share of replies that repeat a sentence after the answer, to 150,000 characters (a generation loop)",
      parse: fraction,
    },
    rate429: { flags: "--rate-429 <p>", description: "share of requests answered 429 with Retry-After", parse: fraction },
    rate500: { flags: "--rate-500 <p>", description: "share of requests answered 500", parse: fraction },
    rateReset: { flags: "--rate-reset <p>", description: "share of connections reset", parse: fraction },
    wrongArgumentRate: {
      flags: "--wrong-argument-rate <p>",
      description: "tool-use suites: share of calls with a wrong argument value",
      parse: fraction,
    },
    wrongDecisionRate: {
      flags: "--wrong-decision-rate <p>",
      description: "tool-use suites: share of turns with the wrong decision (no call where one is due, or a call where none is)",
      parse: fraction,
    },
    malformedCallRate: {
      flags: "--malformed-call-rate <p>",
      description: "tool-use suites: share of calls whose arguments are not JSON",
      parse: fraction,
    },
    judgeNoRatingRate: {
      flags: "--judge-no-rating-rate <p>",
      description: "as a judge: share of replies without a rating or verdict",
      parse: fraction,
    },
    apiKey: { flags: "--api-key <key>", description: "require this bearer key (for trying authentication errors)" },
    model: { flags: "--model <id>", description: "model id it reports", default: "kfm-sim-1" },
  },
  async action(_args, options) {
    const { serveSim } = await import("../app/serve-sim.js");
    const {
      suites = ["kmmlu"],
      latencyMs,
      rate429,
      rate500,
      rateReset,
      wrongArgumentRate,
      wrongDecisionRate,
      malformedCallRate,
      judgeNoRatingRate,
      ...settings
    } = options;
    // An unset rate (undefined) takes the simulator's default.
    const server = await serveSim({
      ...settings,
      suites,
      ...(latencyMs !== undefined ? { latency: { meanMs: latencyMs } } : {}),
      tools: { wrongArgumentRate, wrongDecisionRate, malformedRate: malformedCallRate },
      judge: { noRatingRate: judgeNoRatingRate },
      faults: { rate429, rate500, rateReset },
    });
    process.stdout.write(`kfm serve-sim: listening on ${server.url} (model ${String(options.model)})\n`);
    process.stdout.write(`try: kfm eval ${suites[0] ?? "kmmlu"} --sample 100 --endpoint ${server.url} --model ${String(options.model)}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    return 0;
  },
});
