import type { LoadSuiteOptions } from "../suite/index.js";
import { defineCommand } from "./command.js";
import { ExitCode } from "./exit-codes.js";

/** A long name broken after a hyphen so it wraps whole in a narrow column (`FunctionChat-Bench-` / `CallDecision`). */
function breakAtHyphens(name: string, width: number): string {
  const lines: string[] = [];
  let rest = name;
  while (rest.length > width) {
    const at = rest.lastIndexOf("-", width - 1);
    if (at <= 0) break;
    lines.push(rest.slice(0, at + 1));
    rest = rest.slice(at + 1);
  }
  return [...lines, rest].join("\n");
}

export const suitesCommand = defineCommand({
  name: "suites",
  description: "List, show, validate suites; print the suite JSON Schema.",
  commands: [
    defineCommand<{ dir?: string; json?: boolean; counts?: boolean; dataDir?: string }>({
      name: "list",
      description: "List the suites kfm ships (or those under --dir), in 100 columns; --counts adds the item counts.",
      options: {
        dir: { flags: "--dir <dir>", description: "folder of suites to list instead of the built-in ones" },
        counts: { flags: "--counts", description: "count each suite's items (reads every data file: a few seconds)" },
        dataDir: { flags: "--data-dir <dir>", description: "with --counts: folder of user-supplied data" },
        json: { flags: "--json", description: "print JSON (with the title and file of each suite)" },
      },
      async action(_args, options) {
        const [{ listSuites, countSuiteItems }, { default: Table }] = await Promise.all([
          import("../suite/index.js"),
          import("cli-table3"),
        ]);
        const suites = await listSuites(options.dir || undefined, (warning) => process.stderr.write(`kfm: warning: ${warning}\n`));
        const counts = options.counts ? await countSuiteItems(suites, { dataDir: options.dataDir }) : undefined;
        if (options.json) {
          const rows = suites.map((suite) => (counts ? { ...suite, items: counts.get(suite.id) } : suite));
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return ExitCode.ok;
        }
        // Widths that fit 100 columns with the borders; long names wrap inside their cell.
        const table = new Table({
          head: ["id", "benchmark", ...(counts ? ["items"] : []), "scoring"],
          colWidths: [34, 22, ...(counts ? [12] : []), 26],
          wordWrap: true,
          style: { head: [], border: [] },
        });
        for (const suite of suites)
          table.push([suite.id, breakAtHyphens(suite.benchmark, 20), ...(counts ? [String(counts.get(suite.id))] : []), suite.scoring]);
        process.stdout.write(`${table.toString()}\n`);
        if (!counts)
          process.stdout.write("Item counts: kfm suites list --counts; titles: kfm suites list --json or kfm suites show <id>\n");
        return ExitCode.ok;
      },
    }),
    defineCommand<Pick<LoadSuiteOptions, "dataDir"> & { json?: boolean }>({
      name: "show",
      description: "Show a suite's definition, item counts per subject and its content hash.",
      arguments: [{ syntax: "<suite>", description: "suite id or path" }],
      options: {
        json: { flags: "--json", description: "print JSON" },
        dataDir: { flags: "--data-dir <dir>", description: "folder of user-supplied data" },
      },
      async action(args, { json, ...options }) {
        const { loadSuite } = await import("../suite/index.js");
        const suite = await loadSuite(args[0]!, options);
        const subjects: Record<string, number> = {};
        for (const item of suite.items) subjects[item.subject] = (subjects[item.subject] ?? 0) + 1;
        const info = {
          file: suite.file,
          contentHash: suite.contentHash,
          items: suite.items.length,
          subjects,
          definition: suite.definition,
        };
        if (json) process.stdout.write(`${JSON.stringify(info, null, 2)}\n`);
        else {
          const { yamlText } = await import("../yaml/yaml-source.js");
          process.stdout.write(
            `# ${suite.file}\n# content hash ${suite.contentHash}\n# ${suite.items.length} items in ${Object.keys(subjects).length} subjects\n`,
          );
          process.stdout.write(yamlText(suite.definition));
          if (suite.items[0]) {
            process.stdout.write(`\n# first item (${suite.items[0].id}) as sent:\n`);
            const rendered = suite.render(suite.items[0]);
            for (const message of rendered.messages)
              process.stdout.write(
                `--- ${message.role}\n${message.content}${message.toolCalls ? `\n[calls ${message.toolCalls.map((call) => `${call.name}(${call.arguments})`).join(", ")}]` : ""}\n`,
              );
            for (const turn of rendered.followUps ?? []) process.stdout.write(`--- user (after the reply)\n${turn}\n`);
            if (rendered.tools?.length)
              process.stdout.write(`--- tools\n${rendered.tools.map((tool) => `${tool.name}: ${tool.description ?? ""}`).join("\n")}\n`);
            const task = suite.items[0].task;
            if (task) process.stdout.write(`--- expected\n${JSON.stringify(task.expected)}\n`);
          }
        }
        return ExitCode.ok;
      },
    }),
    defineCommand<Pick<LoadSuiteOptions, "dataDir">>({
      name: "validate",
      description: "Check a suite file, its data and its scorer as kfm eval would; errors name file, line and field path.",
      arguments: [{ syntax: "<file>", description: "suite YAML" }],
      options: { dataDir: { flags: "--data-dir <dir>", description: "folder of user-supplied data" } },
      async action(args, options) {
        const { validateSuite } = await import("../app/check-suite.js");
        // Validation reads and maps every item (through the packed index, so memory stays flat) and checks the scorer.
        const suite = await validateSuite(args[0]!, { dataDir: options.dataDir });
        process.stdout.write(`ok: ${suite.definition.id} ${suite.definition.version}: ${suite.index.size} items, ${suite.contentHash}\n`);
        for (const warning of suite.warnings) process.stderr.write(`kfm: warning: ${warning}\n`);
        const named = await (await import("../app/baselines.js")).benchmarkNameProblem(suite.definition.benchmark);
        if (named) process.stderr.write(`kfm: warning: ${named}\n`);
        return ExitCode.ok;
      },
    }),
    defineCommand({
      name: "schema",
      description: "Print the JSON Schema of the suite format (for editors and CI checks).",
      async action() {
        const { suiteJsonSchema } = await import("../suite/index.js");
        process.stdout.write(`${JSON.stringify(suiteJsonSchema(), null, 2)}\n`);
        return ExitCode.ok;
      },
    }),
  ],
});
