import { InvalidArgumentError } from "commander";
import type { EvaluateOptions } from "../app/evaluate.js";
import { defineCommand, integer, oneOf, positiveNumber, usageError } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import { listenForInterrupts } from "./interrupts.js";
import { KfmError } from "../spec/errors.js";

/** `--shard 2/8`, or the Kubernetes Indexed Job form `--shard $JOB_COMPLETION_INDEX/8`. */
function shard(value: string, flag: string): { index: number; count: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count)
    throw new InvalidArgumentError(`${flag} expects i/n with 0 <= i < n, e.g. 0/4; got "${value}".`);
  return { index, count };
}

/** `--from 2025-02-01`: a calendar date (the suite's window checks it further). */
function date(value: string, flag: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value.trim()) || Number.isNaN(Date.parse(value.trim())))
    throw new InvalidArgumentError(`${flag} expects a date as YYYY-MM-DD, e.g. 2025-02-01; got "${value}".`);
  return value.trim();
}

/**
 * `--set request.chat_template_kwargs.enable_thinking=false`: one extra request field as a path and
 * a value, read as JSON when it is JSON (false, 4, {"a":1}) and as a string otherwise (high).
 */
function setting(value: string, flag: string): { path: string[]; value: unknown } {
  const match = /^request\.([^=]+)=(.*)$/s.exec(value);
  const path = match?.[1]!.split(".") ?? [];
  if (!match || path.some((key) => key === ""))
    throw new InvalidArgumentError(
      `${flag} expects request.<field>[.<field>…]=<value>, e.g. request.reasoning_effort=high; got "${value}".`,
    );
  let parsed: unknown = match[2];
  try {
    parsed = JSON.parse(match[2]!);
  } catch {
    // Not JSON: the text itself.
  }
  return { path, value: parsed };
}

/** The `--set` occurrences as one object of request fields, later ones over earlier ones. */
function requestFields(settings: Array<{ path: string[]; value: unknown }>): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const { path, value } of settings) {
    let at = fields;
    for (const key of path.slice(0, -1)) {
      const next = at[key];
      at = (at[key] = typeof next === "object" && next !== null && !Array.isArray(next) ? next : {}) as Record<string, unknown>;
    }
    at[path.at(-1)!] = value;
  }
  return fields;
}

/** evaluate()'s options set by flags (the suite is positional), and the CLI's own: which stage, what to print. */
type EvalFlags = Omit<EvaluateOptions, "suite" | "progress" | "cwd" | "env" | "request"> & {
  stage?: string;
  json?: boolean;
  quiet?: boolean;
  set?: Array<{ path: string[]; value: unknown }>;
};

export const evalCommand = defineCommand<EvalFlags>({
  name: "eval",
  description: "Evaluate an endpoint on a suite and write a run directory (manifest, items.jsonl, summary).",
  arguments: [
    {
      syntax: "[suite...]",
      description: "suite ids (see `kfm suites list`) or paths to suite YAML; several run one after another, each in its own run directory",
    },
  ],
  options: {
    endpoint: { flags: "-e, --endpoint <nameOrUrl>", description: "endpoint name from kfm.yaml, `sim`, or an OpenAI-compatible base URL" },
    model: { flags: "-m, --model <id>", description: "model id (required with a base URL; overrides the config)" },
    apiKeyEnv: { flags: "--api-key-env <NAME>", description: "environment variable holding the API key (never the key itself)" },
    configFile: { flags: "-c, --config <file>", description: "config file (default: ./kfm.yaml when present)" },
    dataDir: {
      flags: "--data-dir <dir>",
      description: "folder of user-supplied data for suites kfm cannot ship (KMMLU-Pro, KMMLU-Redux, CLIcK, KoBALT)",
    },
    sample: { flags: "--sample <n>", description: "deterministic sample of n items, stratified by subject", parse: integer(1) },
    seed: { flags: "--seed <n>", description: "seed for --sample (default 0)", parse: integer(0) },
    limit: { flags: "--limit <n>", description: "only the first n items (after --sample)", parse: integer(1) },
    from: {
      flags: "--from <date>",
      description: "dated suites (livecodebench-v6): first contest date to include, YYYY-MM-DD (default: the suite's window)",
      parse: date,
    },
    to: { flags: "--to <date>", description: "dated suites: last contest date to include, YYYY-MM-DD", parse: date },
    execConcurrency: {
      flags: "--exec-concurrency <n>",
      description: "suites that run generated code: programs run at once in the sandbox (default: CPU cores), apart from --concurrency",
      parse: integer(1),
    },
    unsafeExec: {
      flags: "--unsafe-exec",
      description:
        "run generated code WITHOUT a sandbox when bubblewrap is missing (recorded in the manifest; only on a disposable machine)",
    },
    stage: {
      flags: "--stage <id>",
      description: "run the suites of a stage profile's benchmarks (stages/); benchmarks without a suite are listed",
    },
    shard: {
      flags: "--shard <i/n>",
      description: "evaluate part i of n (0-based) of the selection; join the parts with `kfm merge`",
      parse: shard,
    },
    outDir: { flags: "-o, --out <dir>", description: "results folder", default: "results" },
    runId: { flags: "--run-id <id>", description: "name of the run directory (default: time-suite-endpoint-random)" },
    concurrency: { flags: "--concurrency <n>", description: "requests in flight (overrides the endpoint's)", parse: integer(1) },
    maxCost: {
      flags: "--max-cost <amount>",
      description: "stop taking new items once this session's estimated cost reaches it (needs price: in kfm.yaml); resumable",
      parse: positiveNumber,
    },
    maxOutage: {
      flags: "--max-outage <seconds>",
      description:
        "when an endpoint that answered stops answering mid-run, pause and probe it for up to this long (default 600), then stop, partial and resumable",
      parse: positiveNumber,
    },
    resume: { flags: "--resume <runDir>", description: "complete an interrupted run: keep finished items, retry errored ones" },
    noProbes: { flags: "--no-probes", description: "skip the identity probes at the start and end (they detect a swapped endpoint)" },
    trials: {
      flags: "--trials <k>",
      description: "agentic suites: seeded trials per task (default: the suite's); pass^1..pass^k are reported",
      parse: integer(1),
    },
    repeats: {
      flags: "--repeats <k>",
      description:
        "samples per item at the suite's temperature (default: the suite's repeats:, else 1); summary gives avg@k with its interval, pass@k and majority vote",
      parse: integer(1),
    },
    scoring: {
      flags: "--scoring <method>",
      description:
        "generate (default: the model answers, the scorer reads it) or loglikelihood (each option label's log-probability after the prompt, as lm-evaluation-harness; needs a completions server such as vLLM)",
      parse: oneOf(["generate", "loglikelihood"], (flag) => `${flag} expects generate or loglikelihood`),
    },
    judge: {
      flags: "--judge <nameOrUrl>",
      description: "judged suites (komt-bench): the judge endpoint, a name from kfm.yaml, a base URL, or `sim`",
    },
    judgeModel: { flags: "--judge-model <id>", description: "the judge's model id (required with a base URL)" },
    userSim: {
      flags: "--user-sim <nameOrUrl>",
      description:
        "dual-control suites (tau2-telecom): the simulated user's endpoint, a name from kfm.yaml, a base URL, or `sim` (plays the task's scripted user)",
    },
    userSimModel: { flags: "--user-sim-model <id>", description: "the simulated user's model id (required with a base URL)" },
    set: {
      flags: "--set <request.field=value>",
      description:
        "send an extra request field for this run, over the endpoint's and the suite's request: (repeatable; e.g. request.reasoning_effort=high, request.chat_template_kwargs.enable_thinking=false)",
      parse: setting,
      repeatable: true,
    },
    json: { flags: "--json", description: "print the summary as JSON on stdout; no progress output" },
    quiet: { flags: "-q, --quiet", description: "no progress output" },
  },
  async action(args, { stage, json = false, quiet = false, runId, set, ...options }) {
    const suites = [...args];
    if (stage) {
      const { suitesForStage } = await import("../app/stage-suites.js");
      const found = await suitesForStage(stage);
      suites.push(...found.suites);
      if (found.missing.length)
        process.stderr.write(
          `kfm: stage ${found.stage}: no kfm suite yet for ${found.missing.join(", ")}; they earn no points until one exists\n`,
        );
      for (const subset of found.subsets)
        process.stderr.write(
          `kfm: stage ${found.stage}: ${subset.benchmark} is measured by ${subset.suite}, which runs ${subset.measures} (${subset.why}); the verdict compares it with ${subset.measures}'s published scores and says so\n`,
        );
      if (suites.length === 0) throw usageError(`stage ${found.stage} has no benchmark with a kfm suite`);
    }
    if (suites.length === 0 && !options.resume)
      throw usageError("name a suite or pass --resume <runDir>", "Example: kfm eval kmmlu --sample 200 --endpoint sim");
    if (suites.length > 0 && options.resume)
      throw usageError("give either suites or --resume <runDir>, not both", "A resumed run reuses the suite recorded in its manifest.");
    if (set !== undefined && options.resume)
      throw usageError(
        "--set applies to a new run; a resumed run sends what its manifest recorded",
        "Start a new run with --set, or resume without it.",
      );
    // A new run's config is read and its endpoint opened, its first identity probe sent, before the rest of
    // kfm loads (the suite reader, the scorers, the runner): the probe's round trip overlaps that loading.
    const interrupts = listenForInterrupts("items", "the run directory is resumable (kfm eval --resume <runDir>)");
    let early = options.resume
      ? undefined
      : (await import("../app/early-start.js")).startEarly({
          ...options,
          suite: suites[0],
          request: set ? requestFields(set) : undefined,
          runId: runId && suites.length > 1 ? `${runId}-${suites[0]}` : runId,
          abortSignal: interrupts.abort,
        });
    const [{ evaluate }, { renderSummary }] = await Promise.all([import("../app/evaluate.js"), import("../report/console-summary.js")]);

    const interactive = process.stderr.isTTY === true && !json && !quiet;
    try {
      // Several suites run one after another against the same endpoint; the exit code is the worst.
      const targets: Array<string | undefined> = suites.length > 0 ? suites : [undefined];
      const summaries = [];
      const skipped: string[] = [];
      let code: number = ExitCode.ok;
      for (const suite of targets) {
        if (interrupts.stop.aborted) break;
        let result: Awaited<ReturnType<typeof evaluate>>;
        // The early start belongs to the first run only (a suite named twice runs twice, each with its own start).
        const start = early;
        early = undefined;
        try {
          result = await evaluate({
            ...options,
            suite,
            request: set ? requestFields(set) : undefined,
            runId: runId && targets.length > 1 ? `${runId}-${suite}` : runId,
            ...(start ? { early: start } : {}),
            progress: json || quiet ? "none" : interactive ? "bar" : "lines",
            stopSignal: interrupts.stop,
            abortSignal: interrupts.abort,
            onWarning: (message) => process.stderr.write(`kfm: ${message}\n`),
            onNote: (message) => {
              if (!json) process.stderr.write(`kfm: ${message}\n`);
            },
          });
        } catch (error) {
          // A stage runs every suite it can: one without its data, or needing a judge, a simulated user or a
          // sandbox that was not given, is named with what would let it run, and skipped.
          if (!stage || !KfmError.isInstance(error) || (error.code !== "data" && !error.needs)) throw error;
          process.stderr.write(`kfm: stage ${stage}: skipping ${suite}: ${error.message}${error.hint ? `\n  ${error.hint}` : ""}\n`);
          skipped.push(suite ?? "");
          continue;
        }
        const { summary } = result;
        summaries.push(summary);
        // Said even with --json (on stderr): these items need a second look whatever reads stdout.
        if (result.judgeErrors > 0)
          process.stderr.write(
            `kfm: ${result.judgeErrors} items have replies but no judgment (the judge failed); judge them again without calling the model: kfm rescore ${result.runDir} --judge <endpoint>\n`,
          );
        if (!json) {
          process.stdout.write(`${renderSummary(summary)}\n`);
          process.stdout.write(`run directory: ${result.runDir}\n`);
          if (summary.resumeCommand)
            process.stderr.write(
              `kfm: ${summary.status === "complete" ? `${result.errors} items ended in an endpoint error; retry them with` : "run is partial; resume it with"}: ${summary.resumeCommand}\n`,
            );
        }
        const runCode = summary.status !== "complete" ? ExitCode.interrupted : result.errors > 0 ? ExitCode.itemErrors : ExitCode.ok;
        if (runCode === ExitCode.interrupted || (runCode !== ExitCode.ok && code === ExitCode.ok)) code = runCode;
      }
      if (skipped.length > 0 && summaries.length === 0)
        throw usageError(
          `stage ${stage}: no suite could run (skipped: ${skipped.join(", ")})`,
          "Each was named above with what it lacks: pass --data-dir <folder> with the supplied data (kfm suites list shows which suites need it), --judge for judged suites, --user-sim for dual-control suites.",
        );
      if (skipped.length > 0)
        process.stderr.write(
          `kfm: stage ${stage}: ${skipped.length} suites skipped (${skipped.join(", ")}); they earn no points until they run\n`,
        );
      if (json) process.stdout.write(`${JSON.stringify(summaries.length === 1 ? summaries[0] : summaries, null, 2)}\n`);
      return code;
    } finally {
      interrupts.dispose();
    }
  },
});
