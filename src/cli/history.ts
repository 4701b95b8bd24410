import { writeFile } from "node:fs/promises";
import type { HistoryOptions } from "../app/history.js";
import { defineCommand, requireOptions } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const historyCommand = defineCommand<Omit<HistoryOptions, "resultsDir"> & { html?: string; json?: boolean }>({
  name: "history",
  description: "The trend of one endpoint's runs under a results folder, as a table (and a chart with --html).",
  arguments: [{ syntax: "<resultsDir>", description: "folder of run directories" }],
  options: {
    endpoint: { flags: "--endpoint <name>", description: "endpoint name as recorded in the manifests (required)" },
    suite: { flags: "--suite <id>", description: "only runs of this suite" },
    html: { flags: "--html <file>", description: "also write an HTML report of the latest run with the history chart" },
    json: { flags: "--json", description: "print JSON" },
  },
  async action(args, flags) {
    const { html, json, ...options } = requireOptions(flags, ["endpoint"], "e.g. kfm history results --endpoint team-a");
    const [{ history }, { default: Table }] = await Promise.all([import("../app/history.js"), import("cli-table3")]);
    const rows = await history({ ...options, resultsDir: args[0]! });
    if (json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      const table = new Table({
        head: ["started", "run", "suite", "selection", "model", "status", "items", "accuracy", "Δ prev (pts)"],
        style: { head: [], border: [] },
      });
      for (const row of rows)
        table.push([
          row.date.slice(0, 16),
          row.runId,
          row.suite,
          row.selection,
          row.model,
          row.status,
          row.total,
          `${(100 * row.accuracy).toFixed(1)}%`,
          row.change ? row.change.points.toFixed(2) : "",
        ]);
      const skipped = rows
        .filter((row) => row.notCompared)
        .map(
          ({ runId, selection, notCompared }) =>
            `  ${runId} not compared with ${notCompared!.previous}: ${notCompared!.why === "selection-differs" ? `other items (${selection} vs ${notCompared!.previousSelection})` : "the suite's content changed (another content hash)"}`,
        );
      process.stdout.write(`${table.toString()}\n`);
      if (skipped.length) process.stdout.write(["Δ prev compares runs of the same suite and selection only:", ...skipped, ""].join("\n"));
    }
    if (html) {
      const [{ buildReport }, { renderHtml }] = await Promise.all([import("../app/report.js"), import("../report/html.js")]);
      const input = await buildReport({ runDirs: [rows.at(-1)!.runDir], items: "wrong" });
      input.history = rows.map((row) => ({ runId: row.runId, date: row.date, benchmark: row.benchmark, accuracy: row.accuracy }));
      await writeFile(html, renderHtml(input));
      process.stderr.write(`kfm: wrote ${html}\n`);
    }
    return ExitCode.ok;
  },
});
