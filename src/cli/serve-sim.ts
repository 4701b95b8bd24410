import type { CommandDefinition } from "./command.js";
import { InvalidArgumentError } from "commander";
import { integer, positiveNumber } from "./command.js";

function fraction(value: string, flag: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 1) throw new InvalidArgumentError(`${flag} expects a number between 0 and 1, got "${value}".`);
  return parsed;
}

export const serveSimCommand: CommandDefinition = {
  name: "serve-sim",
  description: "Start the simulated OpenAI-compatible endpoint (a real HTTP server) that answers a suite's items at a set accuracy.",
  options: [
    { flags: "--port <n>", description: "port (0 = any free port)", parse: integer(0), default: 8765 },
    { flags: "--host <host>", description: "address to bind", default: "127.0.0.1" },
    { flags: "--suite <suite...>", description: "suites whose answers it knows", default: ["kmmlu"] },
    { flags: "--accuracy <p>", description: "probability of a correct answer", parse: fraction },
    { flags: "--seed <n>", description: "seed for answers, styles and faults", parse: integer(0) },
    { flags: "--latency-ms <ms>", description: "mean latency per request", parse: positiveNumber },
    { flags: "--no-answer-rate <p>", description: "share of replies with no answer", parse: fraction },
    { flags: "--runaway-rate <p>", description: "share of replies that repeat a sentence after the answer, to 150,000 characters (a generation loop)", parse: fraction },
    { flags: "--rate-429 <p>", description: "share of requests answered 429 with Retry-After", parse: fraction },
    { flags: "--rate-500 <p>", description: "share of requests answered 500", parse: fraction },
    { flags: "--rate-reset <p>", description: "share of connections reset", parse: fraction },
    { flags: "--wrong-argument-rate <p>", description: "tool-use suites: share of calls with a wrong argument value", parse: fraction },
    { flags: "--wrong-decision-rate <p>", description: "tool-use suites: share of turns with the wrong decision (no call where one is due, or a call where none is)", parse: fraction },
    { flags: "--malformed-call-rate <p>", description: "tool-use suites: share of calls whose arguments are not JSON", parse: fraction },
    { flags: "--judge-no-rating-rate <p>", description: "as a judge: share of replies without a rating or verdict", parse: fraction },
    { flags: "--api-key <key>", description: "require this bearer key (for trying authentication errors)" },
    { flags: "--model <id>", description: "model id it reports", default: "kfm-sim-1" },
  ],
  async action(_args, options) {
    const { serveSim } = await import("../app/serve-sim.js");
    const server = await serveSim({
      suites: options.suite as string[],
      host: String(options.host),
      port: options.port as number,
      model: String(options.model),
      ...(options.accuracy !== undefined ? { accuracy: options.accuracy as number } : {}),
      ...(options.seed !== undefined ? { seed: options.seed as number } : {}),
      ...(options.latencyMs !== undefined ? { latency: { meanMs: options.latencyMs as number } } : {}),
      // Commander reads a flag that starts with --no- as the negation of the rest: the rate arrives as `answerRate`.
      ...(typeof options.answerRate === "number" ? { noAnswerRate: options.answerRate } : {}),
      ...(options.runawayRate !== undefined ? { runawayRate: options.runawayRate as number } : {}),
      ...(options.apiKey !== undefined ? { apiKey: String(options.apiKey) } : {}),
      tools: {
        ...(options.wrongArgumentRate !== undefined ? { wrongArgumentRate: options.wrongArgumentRate as number } : {}),
        ...(options.wrongDecisionRate !== undefined ? { wrongDecisionRate: options.wrongDecisionRate as number } : {}),
        ...(options.malformedCallRate !== undefined ? { malformedRate: options.malformedCallRate as number } : {}),
      },
      ...(options.judgeNoRatingRate !== undefined ? { judge: { noRatingRate: options.judgeNoRatingRate as number } } : {}),
      faults: {
        ...(options.rate429 !== undefined ? { rate429: options.rate429 as number } : {}),
        ...(options.rate500 !== undefined ? { rate500: options.rate500 as number } : {}),
        ...(options.rateReset !== undefined ? { rateReset: options.rateReset as number } : {}),
      },
    });
    process.stdout.write(`kfm serve-sim: listening on ${server.url} (model ${String(options.model)})\n`);
    process.stdout.write(`try: kfm eval ${(options.suite as string[])[0] ?? "kmmlu"} --sample 100 --endpoint ${server.url} --model ${String(options.model)}\n`);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
    });
    await server.close();
    return 0;
  },
};
