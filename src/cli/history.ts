import { writeFile } from "node:fs/promises";
import type { CommandDefinition } from "./command.js";
import { ExitCode } from "./exit-codes.js";

export const historyCommand: CommandDefinition = {
  name: "history",
  description: "The trend of one endpoint's runs under a results folder, as a table (and a chart with --html).",
  arguments: [{ syntax: "<resultsDir>", description: "folder of run directories" }],
  options: [
    { flags: "--endpoint <name>", description: "endpoint name as recorded in the manifests (required)" },
    { flags: "--suite <id>", description: "only runs of this suite" },
    { flags: "--html <file>", description: "also write an HTML report of the latest run with the history chart" },
    { flags: "--json", description: "print JSON" },
  ],
  async action(args, options) {
    const { KfmError } = await import("../spec/errors.js");
    if (!options.endpoint) throw new KfmError("usage", "--endpoint is required", { hint: "e.g. kfm history results --endpoint team-a" });
    const [{ history }, { default: Table }] = await Promise.all([import("../app/history.js"), import("cli-table3")]);
    const rows = await history({ resultsDir: args[0]!, endpoint: String(options.endpoint), ...(options.suite ? { suite: String(options.suite) } : {}) });
    if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else {
      const table = new Table({ head: ["started", "run", "suite", "model", "status", "items", "accuracy", "Δ prev (pts)"], style: { head: [], border: [] } });
      rows.forEach((row, index) => {
        const previous = rows.slice(0, index).reverse().find((candidate) => candidate.suite === row.suite && candidate.contentHash === row.contentHash);
        table.push([row.date.slice(0, 16), row.runId, row.suite, row.model, row.status, row.total, `${(100 * row.accuracy).toFixed(1)}%`, previous ? (100 * (row.accuracy - previous.accuracy)).toFixed(2) : ""]);
      });
      process.stdout.write(`${table.toString()}\n`);
    }
    if (options.html) {
      const [{ buildReport }, { renderHtml }] = await Promise.all([import("../app/report.js"), import("../report/html.js")]);
      const input = await buildReport({ runDirs: [rows.at(-1)!.runDir], items: "wrong" });
      input.history = rows.map((row) => ({ runId: row.runId, date: row.date, benchmark: row.benchmark, accuracy: row.accuracy }));
      await writeFile(String(options.html), renderHtml(input));
      process.stderr.write(`kfm: wrote ${String(options.html)}\n`);
    }
    return ExitCode.ok;
  },
};
