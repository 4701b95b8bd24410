import type { CommandDefinition } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const baselinesCommand: CommandDefinition = {
  name: "baselines",
  description: "The registry of global-model scores: what is in the window on a date, and a validity check.",
  commands: [
    {
      name: "list",
      description: "Global models in the window, per benchmark, best first.",
      options: [
        { flags: "--benchmark <name>", description: "only this benchmark" },
        { flags: "--as-of <date>", description: "YYYY-MM-DD (default today)" },
        { flags: "--window <span>", description: "6mo, 180d", default: "6mo" },
        { flags: "--all", description: "every entry, in the window or not" },
        { flags: "--baselines <dir>", description: "registry folder" },
        { flags: "--json", description: "print JSON" },
      ],
      async action(_args, options) {
        const [{ loadRegistry, builtInBaselinesDir }, windowModule, { describeSetting }, { default: Table }] = await Promise.all([
          import("../baseline/registry.js"),
          import("../baseline/window.js"),
          import("../baseline/setting.js"),
          import("cli-table3"),
        ]);
        const asOf = options.asOf ? windowModule.parseDate(String(options.asOf)) : windowModule.today();
        const window = windowModule.parseWindow(String(options.window));
        const registry = await loadRegistry(options.baselines ? String(options.baselines) : builtInBaselinesDir);
        const benchmark = options.benchmark === undefined ? undefined : String(options.benchmark);
        if (benchmark !== undefined && !registry.some((entry) => entry.benchmark === benchmark)) {
          const { KfmError } = await import("../spec/errors.js");
          throw new KfmError("usage", `no entry for benchmark "${benchmark}"`, { hint: `Benchmarks in the registry: ${[...new Set(registry.map((entry) => entry.benchmark))].sort().join(", ")}` });
        }
        const rows = registry
          .filter((entry) => benchmark === undefined || entry.benchmark === benchmark)
          .filter((entry) => options.all || (entry.global && windowModule.inWindow(entry.release_date, asOf, window)))
          .sort((a, b) => a.benchmark.localeCompare(b.benchmark) || b.score - a.score || a.model.localeCompare(b.model));
        if (options.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return ExitCode.ok;
        }
        const scope = options.all ? "every entry" : `global models released ${windowModule.windowStart(asOf, window)} < date <= ${asOf} (window ${windowModule.formatWindow(window)})`;
        process.stdout.write(`${scope}: ${rows.length} entries, ${new Set(rows.map((entry) => entry.benchmark)).size} benchmarks\n`);
        if (rows.length === 0) {
          process.stdout.write("nothing in the window: try another --as-of date, a longer --window, or --all\n");
          return ExitCode.ok;
        }
        const table = new Table({ head: ["benchmark", "model", "score", "released", "setting", "items"], style: { head: [], border: [] }, colAligns: ["left", "left", "right", "left", "left", "right"] });
        for (const entry of rows) {
          table.push([
            entry.benchmark,
            entry.global ? entry.model : `${entry.model} (not global)`,
            entry.score,
            `${entry.release_date}${entry.release_date_uncertain ? " (uncertain)" : ""}`,
            describeSetting(entry.setting),
            entry.items ?? "",
          ]);
        }
        process.stdout.write(`${table.toString()}\n`);
        return ExitCode.ok;
      },
    },
    {
      name: "timeline",
      description: "How the reference for a benchmark moved, month by month (score and model).",
      options: [
        { flags: "--benchmark <name>", description: "the benchmark (required)" },
        { flags: "--as-of <date>", description: "last date (default today)" },
        { flags: "--months <n>", description: "months to show", default: "24" },
        { flags: "--window <span>", description: "6mo, 180d", default: "6mo" },
        { flags: "--reference <rule>", description: "best | mean | top-<k> | target:<model>", default: "best" },
        { flags: "--min-provenance <level>", description: "primary | secondary | mirror: leave weaker scores out" },
        { flags: "--baselines <dir>", description: "registry folder" },
        { flags: "--json", description: "print JSON" },
      ],
      async action(_args, options) {
        if (!options.benchmark) throw new (await import("../spec/errors.js")).KfmError("usage", "--benchmark is required", { hint: "e.g. kfm baselines timeline --benchmark KMMLU" });
        const { baselineTimeline } = await import("../app/baselines.js");
        const rows = await baselineTimeline({
          benchmark: String(options.benchmark),
          months: Number(options.months),
          window: String(options.window),
          reference: String(options.reference),
          ...(options.asOf ? { asOf: String(options.asOf) } : {}),
          ...(options.minProvenance ? { minProvenance: String(options.minProvenance) } : {}),
          ...(options.baselines ? { dir: String(options.baselines) } : {}),
        });
        if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else {
          for (const row of rows) {
            const fell = row.fellByAgeing ? `  FELL BY AGEING from ${row.fellByAgeing.previous.toFixed(2)}: ${row.fellByAgeing.agedOut.join(", ") || "the reference"} aged out, nothing newer in the registry` : "";
            process.stdout.write(`${row.date}  ${row.score === null ? "   -  " : row.score.toFixed(2).padStart(6)}  ${row.models.join(", ") || "(no global model in the window)"}${fell}\n`);
          }
        }
        return ExitCode.ok;
      },
    },
    {
      name: "add",
      description: "Add a published score to the registry (validated; a duplicate or conflict is refused).",
      options: [
        { flags: "--model <name>", description: "model name (required)" },
        { flags: "--vendor <name>", description: "vendor (required)" },
        { flags: "--benchmark <name>", description: "canonical benchmark name, as the suites use it (required)" },
        { flags: "--score <n>", description: "score on a 0-100 scale (required)" },
        { flags: "--release-date <date>", description: "YYYY-MM-DD (required)" },
        { flags: "--release-source <text>", description: "where the release date comes from (required)" },
        { flags: "--citation <text>", description: "where the score comes from (required)" },
        { flags: "--shots <n>", description: "few-shot count of the setting" },
        { flags: "--reasoning <mode>", description: "none | allowed | required" },
        { flags: "--note <text>", description: "the setting as the source describes it" },
        { flags: "--items <n>", description: "item count of the benchmark, when known" },
        { flags: "--not-global", description: "a Korean team's model: recorded, never part of the bar" },
        { flags: "--provenance <level>", description: "primary (read where it was published) | secondary (a transcription) | mirror (default secondary)" },
        { flags: "--baselines <dir>", description: "registry folder (default: kfm's own)" },
        { flags: "--file <name>", description: "file in the registry folder", default: "added.yaml" },
      ],
      async action(_args, options) {
        const { KfmError } = await import("../spec/errors.js");
        for (const flag of ["model", "vendor", "benchmark", "score", "releaseDate", "releaseSource", "citation"]) {
          if (options[flag] === undefined) throw new KfmError("usage", `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is required`, { hint: "kfm baselines add --help lists the fields." });
        }
        const { addBaseline } = await import("../app/baselines.js");
        const setting: Record<string, unknown> = {};
        if (options.shots !== undefined) setting.shots = Number(options.shots);
        if (options.reasoning !== undefined) setting.reasoning = String(options.reasoning);
        if (options.note !== undefined) setting.note = String(options.note);
        const entry = {
          model: String(options.model),
          vendor: String(options.vendor),
          global: !options.notGlobal,
          release_date: String(options.releaseDate),
          release_source: String(options.releaseSource),
          benchmark: String(options.benchmark),
          score: Number(options.score),
          setting,
          ...(options.items !== undefined ? { items: Number(options.items) } : {}),
          citation: String(options.citation),
          ...(options.provenance !== undefined ? { provenance: String(options.provenance) } : {}),
          measured_by: "published" as const,
        };
        const registry = await addBaseline(entry as Parameters<typeof addBaseline>[0], { ...(options.baselines ? { dir: String(options.baselines) } : {}), file: String(options.file) });
        process.stdout.write(`added ${entry.model} on ${entry.benchmark}: ${entry.score} (registry now ${registry.length} entries)\n`);
        return ExitCode.ok;
      },
    },
    {
      name: "import",
      description: "Add scores to the registry: a kfm run of a global model (measured), a CSV of published scores, or a Hugging Face model's .eval_results/ folder.",
      arguments: [{ syntax: "<sources...>", description: "a run directory; or *.csv files; or .eval_results folders (or a model repository holding one)" }],
      options: [
        { flags: "--model <name>", description: "model name as the registry should show it (a run or an .eval_results folder)" },
        { flags: "--vendor <name>", description: "vendor (a run or an .eval_results folder)" },
        { flags: "--release-date <date>", description: "the model's release date, YYYY-MM-DD (a run or an .eval_results folder)" },
        { flags: "--release-source <text>", description: "where the release date comes from" },
        { flags: "--provenance <level>", description: "for rows that do not say: primary | secondary (default) | mirror" },
        { flags: "--not-global", description: "a Korean team's model: recorded, but never part of the bar" },
        { flags: "--baselines <dir>", description: "registry folder (default: kfm's own)" },
        { flags: "--file <name>", description: "file in the registry folder (default measured.yaml for a run, imported.yaml otherwise)" },
      ],
      async action(args, options) {
        const { KfmError } = await import("../spec/errors.js");
        const { existsSync } = await import("node:fs");
        const common = {
          ...(options.notGlobal ? { global: false } : {}),
          ...(options.baselines ? { dir: String(options.baselines) } : {}),
          ...(options.file ? { file: String(options.file) } : {}),
        };
        if (args.length === 1 && existsSync(`${args[0]}/manifest.json`)) {
          for (const flag of ["model", "vendor", "releaseDate"]) if (!options[flag]) throw new KfmError("usage", `--${flag.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} is required`);
          const { importRun } = await import("../app/baselines.js");
          const entry = await importRun(args[0]!, {
            model: String(options.model),
            vendor: String(options.vendor),
            releaseDate: String(options.releaseDate),
            ...(options.releaseSource ? { releaseSource: String(options.releaseSource) } : {}),
            ...common,
          });
          process.stdout.write(`added ${entry.model} on ${entry.benchmark}: ${entry.score} over ${entry.items} items, measured by kfm run ${(entry.measured_by as { run: string }).run}\n`);
          return ExitCode.ok;
        }
        const { importScores } = await import("../app/baselines-import.js");
        const text = (flag: string) => (options[flag] !== undefined ? { [flag]: String(options[flag]) } : {});
        const result = await importScores(args, { ...text("model"), ...text("vendor"), ...text("releaseDate"), ...text("releaseSource"), ...text("provenance"), ...common });
        process.stdout.write(`added ${result.added.length} entries to ${result.file}: ${[...new Set(result.added.map((entry) => entry.model))].join(", ")}\n`);
        return ExitCode.ok;
      },
    },
    {
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
    },
  ],
};
