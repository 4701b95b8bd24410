import { appendFile, writeFile } from "node:fs/promises";
import { InvalidArgumentError } from "commander";
import type { CommandDefinition } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import { verdictOptions, verdictOptionsFrom } from "./verdict.js";

const FORMATS = ["html", "md", "junit", "json"] as const;
type Format = (typeof FORMATS)[number];

function format(value: string, flag: string): Format {
  if (!(FORMATS as readonly string[]).includes(value)) throw new InvalidArgumentError(`${flag} is one of ${FORMATS.join(", ")}; got "${value}".`);
  return value as Format;
}

export const reportCommand: CommandDefinition = {
  name: "report",
  description: "Write a report of runs: one self-contained HTML file, Markdown, JUnit XML or JSON.",
  arguments: [{ syntax: "<runDir...>", description: "run directories" }],
  options: [
    { flags: "-f, --format <format>", description: "html | md | junit | json", parse: format, default: "html" },
    { flags: "-o, --out <file>", description: "write here instead of stdout" },
    { flags: "--title <text>", description: "report title" },
    { flags: "--items <which>", description: "items in the HTML browser: all | wrong | none", default: "all" },
    { flags: "--verdict", description: "decide against the moving target and show the verdict (options as for `kfm verdict`)" },
    ...verdictOptions.filter((option) => !option.flags.startsWith("--scores")),
  ],
  async action(args, options) {
    const [{ buildReport }, renderers] = await Promise.all([import("../app/report.js"), import("../report/index.js")]);
    const items = String(options.items);
    if (!["all", "wrong", "none"].includes(items)) throw new InvalidArgumentError(`--items is one of all, wrong, none; got "${items}".`);
    let decided;
    if (options.verdict) {
      const { verdict } = await import("../app/verdict.js");
      decided = await verdict(verdictOptionsFrom(args, options));
    }
    const input = await buildReport({
      runDirs: args,
      items: items as "all" | "wrong" | "none",
      ...(options.title ? { title: String(options.title) } : {}),
      ...(decided ? { verdict: decided } : {}),
    });
    const chosen = options.format as Format;
    const text =
      chosen === "html" ? renderers.renderHtml(input) : chosen === "md" ? renderers.renderMarkdown(input) : chosen === "junit" ? renderers.renderJUnit(input) : `${JSON.stringify(input, null, 2)}\n`;
    if (options.out) {
      await writeFile(String(options.out), text);
      process.stderr.write(`kfm: wrote ${String(options.out)}\n`);
    } else process.stdout.write(text);
    // In GitHub Actions the Markdown summary also goes to the job's summary page.
    if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, renderers.renderMarkdown(input));
    return ExitCode.ok;
  },
};
