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
        const [{ loadRegistry, builtInBaselinesDir }, windowModule, { default: Table }] = await Promise.all([import("../baseline/registry.js"), import("../baseline/window.js"), import("cli-table3")]);
        const asOf = options.asOf ? windowModule.parseDate(String(options.asOf)) : windowModule.today();
        const window = windowModule.parseWindow(String(options.window));
        const registry = await loadRegistry(options.baselines ? String(options.baselines) : builtInBaselinesDir);
        const rows = registry
          .filter((entry) => !options.benchmark || entry.benchmark === options.benchmark)
          .filter((entry) => options.all || (entry.global && windowModule.inWindow(entry.release_date, asOf, window)))
          .sort((a, b) => a.benchmark.localeCompare(b.benchmark) || b.score - a.score);
        if (options.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return ExitCode.ok;
        }
        process.stdout.write(`global models released ${windowModule.windowStart(asOf, window)} < date <= ${asOf}: ${rows.length} entries\n`);
        const table = new Table({ head: ["benchmark", "model", "score", "released", "setting"], style: { head: [], border: [] }, colAligns: ["left", "left", "right", "left", "left"] });
        for (const entry of rows) {
          table.push([entry.benchmark, entry.model, entry.score, `${entry.release_date}${entry.release_date_uncertain ? "?" : ""}`, [entry.setting.shots !== undefined ? `${entry.setting.shots}-shot` : "", entry.setting.reasoning ?? ""].filter(Boolean).join(", ")]);
        }
        process.stdout.write(`${table.toString()}\n`);
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
        process.stdout.write(`ok: ${registry.length} entries, ${new Set(registry.map((entry) => entry.benchmark)).size} benchmarks, ${new Set(registry.map((entry) => entry.model)).size} models\n`);
        return ExitCode.ok;
      },
    },
  ],
};
