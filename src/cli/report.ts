import { appendFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { BuildReportOptions } from "../app/report.js";
import type { VerdictOptions } from "../app/verdict.js";
import { defineCommand, oneOf } from "./command.js";
import { ExitCode } from "./exit-codes.js";
import { verdictFlags, verdictOptionsFrom } from "./verdict.js";

/** The report's own flags, and `--verdict`, which asks for a verdict (the report receives the decided one). */
type ReportFlags = Omit<BuildReportOptions, "runDirs" | "verdict"> & {
  format?: "html" | "md" | "junit" | "json";
  out?: string;
  verdict?: boolean;
};

const EXTENSION = { html: "html", md: "md", junit: "xml", json: "json" } as const;

const { scoresFiles: _scores, ...verdictFlagsWithoutScores } = verdictFlags;

export const reportCommand = defineCommand<ReportFlags & Omit<VerdictOptions, "runDirs" | "scoresFile" | "scoresFiles">>({
  name: "report",
  description: "Write a report of runs: one self-contained HTML file, Markdown, JUnit XML or JSON.",
  arguments: [{ syntax: "<runDir...>", description: "run directories" }],
  options: {
    format: {
      flags: "-f, --format <format>",
      description: "html | md | junit | json",
      parse: oneOf(["html", "md", "junit", "json"]),
      default: "html",
    },
    out: {
      flags: "-o, --out <file>",
      description: "where to write (default: report.html, .md, .xml or .json in the first run's directory; - for stdout)",
    },
    title: { flags: "--title <text>", description: "report title" },
    items: {
      flags: "--items <which>",
      description: "items in the HTML browser: all | wrong | none",
      parse: oneOf(["all", "wrong", "none"]),
      default: "all",
    },
    verdict: { flags: "--verdict", description: "decide against the moving target and show the verdict (options as for `kfm verdict`)" },
    ...verdictFlagsWithoutScores,
  },
  async action(args, { format, out, title, items, verdict: withVerdict, ...verdictOptions }) {
    const [{ buildReport }, renderers] = await Promise.all([import("../app/report.js"), import("../report/index.js")]);
    let decided;
    if (withVerdict) {
      const { verdict } = await import("../app/verdict.js");
      decided = await verdict(verdictOptionsFrom(args, verdictOptions));
    }
    const input = await buildReport({ runDirs: args, items, title, verdict: decided });
    const text =
      format === "html"
        ? renderers.renderHtml(input)
        : format === "md"
          ? renderers.renderMarkdown(input)
          : format === "junit"
            ? renderers.renderJUnit(input)
            : `${JSON.stringify(input, null, 2)}\n`;
    if (out === "-") process.stdout.write(text);
    else {
      // An 11 MB HTML file is no use on a terminal: by default the report goes beside the run.
      const file = out ?? join(args[0]!, `report.${EXTENSION[format ?? "html"]}`);
      await writeFile(file, text);
      process.stdout.write(`kfm: wrote ${file}\n`);
    }
    // In GitHub Actions the Markdown summary also goes to the job's summary page.
    if (process.env.GITHUB_STEP_SUMMARY) await appendFile(process.env.GITHUB_STEP_SUMMARY, renderers.renderMarkdown(input));
    return ExitCode.ok;
  },
});
