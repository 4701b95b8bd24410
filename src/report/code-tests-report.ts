import Table from "cli-table3";
import { percent } from "../spec/format.js";
import type { RunSummary } from "../spec/run.js";

type CodeTests = NonNullable<RunSummary["codeTests"]>;

/** One line for a code-generation run: pass@1 over problems, by difficulty, and how failures failed. */
export function codeTestsLine(codeTests: CodeTests): string {
  const byDifficulty = Object.entries(codeTests.byDifficulty)
    .map(([difficulty, group]) => `${difficulty} ${percent(group.passAt1)} (${group.passed}/${group.problems})`)
    .join(", ");
  const failures = Object.entries(codeTests.failures)
    .map(([verdict, count]) => `${verdict} ${count}`)
    .join(", ");
  return `pass@1 ${percent(codeTests.passAt1)} over ${codeTests.problems} problems; ${byDifficulty}${failures ? `; failed by ${failures}` : ""}`;
}

/** A text cell of one line: newlines shown as ⏎, long texts cut. */
function oneLine(text: string | undefined, width = 40): string {
  if (text === undefined) return "";
  const flat = text.replace(/\r?\n/g, "⏎");
  return flat.length <= width ? flat : `${flat.slice(0, width - 1)}…`;
}

/** The failing test of each failed problem (the summary keeps the first 20), as a console table. */
export function failingTestsTable(codeTests: CodeTests): string | undefined {
  if (codeTests.failed.length === 0) return undefined;
  const table = new Table({ head: ["failed item", "test", "verdict", "input", "expected", "got"], style: { head: [], border: [] } });
  for (const failure of codeTests.failed)
    table.push([
      failure.id,
      `${failure.test}/${failure.tests}`,
      failure.verdict,
      oneLine(failure.input),
      oneLine(failure.expected),
      oneLine(failure.got ?? failure.message),
    ]);
  return table.toString();
}

/** The same rows as Markdown, cells escaped by the caller's `cell`. */
export function failingTestsMarkdown(codeTests: CodeTests, cell: (text: string) => string): string[] {
  if (codeTests.failed.length === 0) return [];
  return [
    "| failed item | test | verdict | input | expected | got |",
    "|---|---:|---|---|---|---|",
    ...codeTests.failed.map(
      (failure) =>
        `| ${cell(failure.id)} | ${failure.test}/${failure.tests} | ${failure.verdict} | ${cell(oneLine(failure.input, 80))} | ${cell(oneLine(failure.expected, 80))} | ${cell(oneLine(failure.got ?? failure.message, 80))} |`,
    ),
    "",
  ];
}
