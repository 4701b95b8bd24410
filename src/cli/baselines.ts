import type {
  BaselineListOptions,
  BaselineTimelineOptions,
  ImportRunOptions,
  PublishedScore,
  RegistryFileOptions,
} from "../app/baselines.js";
import type { ImportScoresOptions } from "../app/baselines-import.js";
import { anyNumber, checkedByUseCase, defineCommand, requireOptions } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const baselinesCommand = defineCommand({
  name: "baselines",
  description: "The registry of global-model scores: what is in the window on a date, and a validity check.",
  commands: [
    defineCommand<BaselineListOptions & { json?: boolean }>({
      name: "list",
      description: "Global models in the window, per benchmark, best first.",
      options: {
        benchmark: { flags: "--benchmark <name>", description: "only this benchmark (its name or an alias: HLE, GPQA Diamond)" },
        asOf: { flags: "--as-of <date>", description: "YYYY-MM-DD (default today)" },
        window: { flags: "--window <span>", description: "6mo, 180d", default: "6mo" },
        all: { flags: "--all", description: "every entry, in the window or not" },
        dir: { flags: "--baselines <dir>", description: "registry folder" },
        json: { flags: "--json", description: "print JSON" },
      },
      async action(_args, { json, ...options }) {
        const [{ listBaselines }, { describeSetting }, { default: Table }] = await Promise.all([
          import("../app/baselines.js"),
          import("../baseline/setting.js"),
          import("cli-table3"),
        ]);
        const listing = await listBaselines(options);
        const rows = listing.entries;
        if (json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return ExitCode.ok;
        }
        const scope = options.all
          ? "every entry"
          : `global models released ${listing.windowStart} < date <= ${listing.asOf} (window ${listing.window})`;
        process.stdout.write(`${scope}: ${rows.length} entries, ${new Set(rows.map((entry) => entry.benchmark)).size} benchmarks\n`);
        if (rows.length === 0) {
          process.stdout.write("nothing in the window: try another --as-of date, a longer --window, or --all\n");
          return ExitCode.ok;
        }
        const table = new Table({
          head: ["benchmark", "model", "score", "released", "setting", "items", "provenance"],
          style: { head: [], border: [] },
          colAligns: ["left", "left", "right", "left", "left", "right", "left"],
        });
        for (const entry of rows) {
          table.push([
            entry.benchmark,
            entry.global ? entry.model : `${entry.model} (not global)`,
            entry.score,
            `${entry.release_date}${entry.release_date_uncertain ? " (uncertain)" : ""}`,
            describeSetting(entry.setting),
            entry.items ?? "",
            entry.provenance ?? "",
          ]);
        }
        process.stdout.write(`${table.toString()}\n`);
        return ExitCode.ok;
      },
    }),
    defineCommand<BaselineTimelineOptions & { json?: boolean }>({
      name: "timeline",
      description: "How the reference for a benchmark moved, month by month (score and model).",
      options: {
        benchmark: { flags: "--benchmark <name>", description: "the benchmark (required)" },
        asOf: { flags: "--as-of <date>", description: "last date (default today)" },
        months: { flags: "--months <n>", description: "months to show", parse: anyNumber, default: 24 },
        window: { flags: "--window <span>", description: "6mo, 180d", default: "6mo" },
        reference: { flags: "--reference <rule>", description: "best | mean | top-<k> | target:<model>", default: "best" },
        minProvenance: { flags: "--min-provenance <level>", description: "primary | secondary | mirror: leave weaker scores out" },
        dir: { flags: "--baselines <dir>", description: "registry folder" },
        json: { flags: "--json", description: "print JSON" },
      },
      async action(_args, flags) {
        const { json, ...options } = requireOptions(flags, ["benchmark"], "e.g. kfm baselines timeline --benchmark KMMLU");
        const { baselineTimeline } = await import("../app/baselines.js");
        const rows = await baselineTimeline(options);
        if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else {
          for (const row of rows) {
            const fell = row.fellByAgeing
              ? `  FELL BY AGEING from ${row.fellByAgeing.previous.toFixed(2)}: ${row.fellByAgeing.agedOut.join(", ") || "the reference"} aged out, nothing newer in the registry`
              : "";
            process.stdout.write(
              `${row.date}  ${row.score === null ? "   -  " : row.score.toFixed(2).padStart(6)}  ${row.models.join(", ") || "(no global model in the window)"}${fell}\n`,
            );
          }
        }
        return ExitCode.ok;
      },
    }),
    defineCommand<PublishedScore & RegistryFileOptions>({
      name: "add",
      description: "Add a published score to the registry (validated; a duplicate or conflict is refused).",
      options: {
        model: { flags: "--model <name>", description: "model name (required)" },
        vendor: { flags: "--vendor <name>", description: "vendor (required)" },
        benchmark: { flags: "--benchmark <name>", description: "canonical benchmark name, as the suites use it (required)" },
        score: { flags: "--score <n>", description: "score on a 0-100 scale (required)", parse: anyNumber },
        releaseDate: { flags: "--release-date <date>", description: "YYYY-MM-DD (required)" },
        releaseSource: { flags: "--release-source <text>", description: "where the release date comes from (required)" },
        citation: { flags: "--citation <text>", description: "where the score comes from (required)" },
        shots: { flags: "--shots <n>", description: "few-shot count of the setting", parse: anyNumber },
        reasoning: {
          flags: "--reasoning <mode>",
          description: "none | allowed | required",
          parse: checkedByUseCase<NonNullable<PublishedScore["reasoning"]>>(),
        },
        note: { flags: "--note <text>", description: "the setting as the source describes it" },
        items: { flags: "--items <n>", description: "item count of the benchmark, when known", parse: anyNumber },
        global: { flags: "--not-global", description: "a Korean team's model: recorded, never part of the bar", given: false },
        provenance: {
          flags: "--provenance <level>",
          description: "primary (read where it was published) | secondary (a transcription) | mirror (default secondary)",
          parse: checkedByUseCase<NonNullable<PublishedScore["provenance"]>>(),
        },
        dir: { flags: "--baselines <dir>", description: "registry folder (default: kfm's own)" },
        file: { flags: "--file <name>", description: "file in the registry folder", default: "added.yaml" },
      },
      async action(_args, options) {
        const { dir, file, ...score } = requireOptions(
          options,
          ["model", "vendor", "benchmark", "score", "releaseDate", "releaseSource", "citation"],
          "kfm baselines add --help lists the fields.",
        );
        const { addPublishedScore } = await import("../app/baselines.js");
        const { entry, registry } = await addPublishedScore(score, { dir, file });
        process.stdout.write(`added ${entry.model} on ${entry.benchmark}: ${entry.score} (registry now ${registry.length} entries)\n`);
        return ExitCode.ok;
      },
    }),
    defineCommand<Partial<ImportRunOptions> & ImportScoresOptions>({
      name: "import",
      description:
        "Add scores to the registry: a kfm run of a global model (measured), a CSV of published scores, or a Hugging Face model's .eval_results/ folder.",
      arguments: [
        {
          syntax: "<sources...>",
          description: "a run directory; or *.csv files; or .eval_results folders (or a model repository holding one)",
        },
      ],
      options: {
        model: { flags: "--model <name>", description: "model name as the registry should show it (a run or an .eval_results folder)" },
        vendor: { flags: "--vendor <name>", description: "vendor (a run or an .eval_results folder)" },
        releaseDate: {
          flags: "--release-date <date>",
          description: "the model's release date, YYYY-MM-DD (a run or an .eval_results folder)",
        },
        releaseSource: { flags: "--release-source <text>", description: "where the release date comes from" },
        provenance: { flags: "--provenance <level>", description: "for rows that do not say: primary | secondary (default) | mirror" },
        global: { flags: "--not-global", description: "a Korean team's model: recorded, but never part of the bar", given: false },
        dir: { flags: "--baselines <dir>", description: "registry folder (default: kfm's own)" },
        file: {
          flags: "--file <name>",
          description: "file in the registry folder (default measured.yaml for a run, imported.yaml otherwise)",
        },
      },
      async action(args, flags) {
        const { existsSync } = await import("node:fs");
        if (args.length === 1 && existsSync(`${args[0]}/manifest.json`)) {
          const { provenance: _provenance, ...options } = requireOptions(flags, ["model", "vendor", "releaseDate"]);
          const { importRun } = await import("../app/baselines.js");
          const entry = await importRun(args[0]!, options);
          process.stdout.write(
            `added ${entry.model} on ${entry.benchmark}: ${entry.score} over ${entry.items} items, measured by kfm run ${(entry.measured_by as { run: string }).run}\n`,
          );
          return ExitCode.ok;
        }
        const { importScores } = await import("../app/baselines-import.js");
        const result = await importScores(args, flags);
        process.stdout.write(
          `added ${result.added.length} entries to ${result.file}: ${[...new Set(result.added.map((entry) => entry.model))].join(", ")}\n`,
        );
        return ExitCode.ok;
      },
    }),
    defineCommand({
      name: "validate",
      description: "Check the registry: schema, duplicates and conflicts (errors name file and line).",
      arguments: [{ syntax: "[dir]", description: "registry folder (default: kfm's own)" }],
      async action(args) {
        const { loadRegistry, builtInBaselinesDir } = await import("../baseline/registry.js");
        const registry = await loadRegistry(args[0] ?? builtInBaselinesDir);
        const count = (test: (entry: (typeof registry)[number]) => boolean) => registry.filter(test).length;
        process.stdout.write(
          `ok: ${registry.length} entries, ${new Set(registry.map((entry) => entry.benchmark)).size} benchmarks, ${new Set(registry.map((entry) => entry.model)).size} models\n` +
            `  ${count((entry) => !entry.global)} not global; ${count((entry) => entry.measured_by !== "published")} measured by kfm; ` +
            `${count((entry) => entry.release_date_uncertain === true)} with an uncertain release date; ` +
            `${count((entry) => entry.setting.shots === undefined || entry.setting.reasoning === undefined)} with a partly unknown setting; ` +
            `${count((entry) => entry.items === undefined)} without an item count (treated as exact)\n`,
        );
        return ExitCode.ok;
      },
    }),
  ],
});
