import type { CommandDefinition } from "./command.js";
import { InvalidArgumentError } from "commander";
import { integer, positiveNumber, usageError } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import { KfmError } from "../spec/errors.js";

/** `--shard 2/8`, or the Kubernetes Indexed Job form `--shard $JOB_COMPLETION_INDEX/8`. */
function shard(value: string, flag: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) throw new InvalidArgumentError(`${flag} expects i/n with 0 <= i < n, e.g. 0/4; got "${value}".`);
  return { index, count };
}

function scoringMethod(value: string, flag: string): "generate" | "loglikelihood" {
  if (value === "generate" || value === "loglikelihood") return value;
  throw new InvalidArgumentError(`${flag} expects generate or loglikelihood; got "${value}".`);
}

/** Seconds in-flight requests get to finish after the first Ctrl-C. */
const GRACE_SECONDS = 10;

export const evalCommand: CommandDefinition = {
  name: "eval",
  description: "Evaluate an endpoint on a suite and write a run directory (manifest, items.jsonl, summary).",
  arguments: [{ syntax: "[suite...]", description: "suite ids (see `kfm suites list`) or paths to suite YAML; several run one after another, each in its own run directory" }],
  options: [
    { flags: "-e, --endpoint <nameOrUrl>", description: "endpoint name from kfm.yaml, `sim`, or an OpenAI-compatible base URL" },
    { flags: "-m, --model <id>", description: "model id (required with a base URL; overrides the config)" },
    { flags: "--api-key-env <NAME>", description: "environment variable holding the API key (never the key itself)" },
    { flags: "-c, --config <file>", description: "config file (default: ./kfm.yaml when present)" },
    { flags: "--data-dir <dir>", description: "folder of user-supplied data for suites kfm cannot ship (KMMLU-Pro, KMMLU-Redux, CLIcK, KoBALT)" },
    { flags: "--sample <n>", description: "deterministic sample of n items, stratified by subject", parse: integer(1) },
    { flags: "--seed <n>", description: "seed for --sample (default 0)", parse: integer(0) },
    { flags: "--limit <n>", description: "only the first n items (after --sample)", parse: integer(1) },
    { flags: "--stage <id>", description: "run the suites of a stage profile's benchmarks (stages/); benchmarks without a suite are listed" },
    { flags: "--shard <i/n>", description: "evaluate part i of n (0-based) of the selection; join the parts with `kfm merge`", parse: shard },
    { flags: "-o, --out <dir>", description: "results folder", default: "results" },
    { flags: "--run-id <id>", description: "name of the run directory (default: time-suite-endpoint-random)" },
    { flags: "--concurrency <n>", description: "requests in flight (overrides the endpoint's)", parse: integer(1) },
    { flags: "--max-cost <amount>", description: "stop taking new items once this session's estimated cost reaches it (needs price: in kfm.yaml); resumable", parse: positiveNumber },
    { flags: "--resume <runDir>", description: "complete an interrupted run: keep finished items, retry errored ones" },
    { flags: "--no-probes", description: "skip the identity probes at the start and end (they detect a swapped endpoint)" },
    { flags: "--trials <k>", description: "agentic suites: seeded trials per task (default: the suite's); pass^1..pass^k are reported", parse: integer(1) },
    { flags: "--scoring <method>", description: "generate (default: the model answers, the scorer reads it) or loglikelihood (each option label's log-probability after the prompt, as lm-evaluation-harness; needs a completions server such as vLLM)", parse: scoringMethod },
    { flags: "--judge <nameOrUrl>", description: "judged suites (komt-bench): the judge endpoint, a name from kfm.yaml, a base URL, or `sim`" },
    { flags: "--judge-model <id>", description: "the judge's model id (required with a base URL)" },
    { flags: "--json", description: "print the summary as JSON on stdout; no progress output" },
    { flags: "-q, --quiet", description: "no progress output" },
  ],
  async action(args, options) {
    const suites = [...args];
    if (options.stage) {
      const [{ loadStage }, { listSuites }] = await Promise.all([import("../baseline/stage.js"), import("../suite/index.js")]);
      const stage = await loadStage(String(options.stage));
      const available = await listSuites();
      const missing: string[] = [];
      for (const { benchmark } of stage.benchmarks) {
        // The first suite of the benchmark in id order: `kmmlu` before `kmmlu-5shot`.
        const suite = available.find((candidate) => candidate.benchmark === benchmark);
        if (suite) suites.push(suite.id);
        else missing.push(benchmark);
      }
      if (missing.length) process.stderr.write(`kfm: stage ${stage.id}: no kfm suite yet for ${missing.join(", ")}; they earn no points until one exists\n`);
      if (suites.length === 0) throw usageError(`stage ${stage.id} has no benchmark with a kfm suite`);
    }
    if (suites.length === 0 && !options.resume) throw usageError("name a suite or pass --resume <runDir>", "Example: kfm eval kmmlu --sample 200 --endpoint sim");
    if (suites.length > 0 && options.resume) throw usageError("give either suites or --resume <runDir>, not both", "A resumed run reuses the suite recorded in its manifest.");
    const [{ evaluate }, { renderSummary }] = await Promise.all([import("../app/evaluate.js"), import("../report/console-summary.js")]);

    const json = options.json === true;
    const interactive = process.stderr.isTTY === true && !json && !options.quiet;
    const stop = new AbortController();
    const abort = new AbortController();
    let interrupts = 0;
    const onInterrupt = () => {
      interrupts++;
      if (interrupts === 1) {
        process.stderr.write(`\nkfm: stopping: no new items; waiting up to ${GRACE_SECONDS}s for requests in flight (Ctrl-C again to stop now)\n`);
        stop.abort();
        setTimeout(() => abort.abort(), GRACE_SECONDS * 1000).unref();
      } else abort.abort();
    };
    process.on("SIGINT", onInterrupt);
    process.on("SIGTERM", onInterrupt);
    try {
      // Several suites run one after another against the same endpoint; the exit code is the worst.
      const targets: Array<string | undefined> = suites.length > 0 ? suites : [undefined];
      const summaries = [];
      let skipped = 0;
      let code: number = ExitCode.ok;
      for (const suite of targets) {
        if (stop.signal.aborted) break;
        let result: Awaited<ReturnType<typeof evaluate>>;
        try {
          result = await evaluate({
            ...(suite ? { suite } : {}),
            ...(options.resume ? { resume: String(options.resume) } : {}),
            ...(options.endpoint ? { endpoint: String(options.endpoint) } : {}),
            ...(options.model ? { model: String(options.model) } : {}),
            ...(options.apiKeyEnv ? { apiKeyEnv: String(options.apiKeyEnv) } : {}),
            ...(options.config ? { configFile: String(options.config) } : {}),
            ...(options.dataDir ? { dataDir: String(options.dataDir) } : {}),
            ...(options.sample !== undefined ? { sample: options.sample as number } : {}),
            ...(options.seed !== undefined ? { seed: options.seed as number } : {}),
            ...(options.limit !== undefined ? { limit: options.limit as number } : {}),
            ...(options.shard !== undefined ? { shard: options.shard as { index: number; count: number } } : {}),
            ...(options.concurrency !== undefined ? { concurrency: options.concurrency as number } : {}),
            ...(options.runId ? { runId: targets.length > 1 ? `${String(options.runId)}-${suite}` : String(options.runId) } : {}),
            outDir: String(options.out),
            ...(options.probes === false ? { noProbes: true } : {}),
            ...(options.judge ? { judge: String(options.judge) } : {}),
            ...(options.scoring ? { scoring: options.scoring as "generate" | "loglikelihood" } : {}),
            ...(options.trials !== undefined ? { trials: options.trials as number } : {}),
            ...(options.judgeModel ? { judgeModel: String(options.judgeModel) } : {}),
            ...(options.maxCost !== undefined ? { maxCost: options.maxCost as number } : {}),
            progress: json || options.quiet ? "none" : interactive ? "bar" : "lines",
            stopSignal: stop.signal,
            abortSignal: abort.signal,
            onWarning: (message) => process.stderr.write(`kfm: ${message}\n`),
            onNote: (message) => {
              if (!json) process.stderr.write(`kfm: ${message}\n`);
            },
          });
        } catch (error) {
          // A stage runs every suite whose data is present: a supplied suite without its data is named and skipped.
          if (!options.stage || !KfmError.isInstance(error) || error.code !== "data") throw error;
          process.stderr.write(`kfm: stage ${String(options.stage)}: skipping ${suite}: ${error.message}${error.hint ? `\n  ${error.hint}` : ""}\n`);
          skipped++;
          continue;
        }
        const { summary } = result;
        summaries.push(summary);
        // Said even with --json (on stderr): these items need a second look whatever reads stdout.
        if (result.judgeErrors > 0) process.stderr.write(`kfm: ${result.judgeErrors} items have replies but no judgment (the judge failed); judge them again without calling the model: kfm rescore ${result.runDir} --judge <endpoint>\n`);
        if (!json) {
          process.stdout.write(`${renderSummary(summary)}\n`);
          process.stdout.write(`run directory: ${result.runDir}\n`);
          if (summary.resumeCommand) process.stderr.write(`kfm: ${summary.status === "complete" ? `${result.errors} items ended in an endpoint error; retry them with` : "run is partial; resume it with"}: ${summary.resumeCommand}\n`);
        }
        const runCode = summary.status !== "complete" ? ExitCode.interrupted : result.errors > 0 ? ExitCode.itemErrors : ExitCode.ok;
        if (runCode === ExitCode.interrupted || (runCode !== ExitCode.ok && code === ExitCode.ok)) code = runCode;
      }
      if (skipped > 0 && summaries.length === 0) throw usageError(`stage ${String(options.stage)}: no suite could run (${skipped} skipped for missing data)`, "Pass --data-dir <folder> with the supplied data (kfm suites list shows which suites need it).");
      if (json) process.stdout.write(`${JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2)}\n`);
      return code;
    } finally {
      process.off("SIGINT", onInterrupt);
      process.off("SIGTERM", onInterrupt);
    }
  },
};
