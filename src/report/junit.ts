import { escapeXml } from "./escape.js";
import { intervalLabel } from "../spec/format.js";
import type { ReportInput } from "./report-input.js";
import { verdictRows } from "./verdict-rows.js";

interface TestCase {
  name: string;
  classname: string;
  failure?: { message: string; body: string };
  skipped?: string;
}

/**
 * JUnit XML for CI: one test case per run (fails when items errored or the run is partial), per
 * benchmark verdict (FAIL fails; INCONCLUSIVE is reported as skipped with the reason) and per
 * comparison (a significant regression fails).
 */
export function renderJUnit(input: ReportInput): string {
  const cases: TestCase[] = [];
  for (const { summary } of input.runs) {
    const test: TestCase = { name: `${summary.suite.id} on ${summary.endpoint.name} (${summary.runId})`, classname: "kfm.run" };
    if (summary.status !== "complete" || summary.counts.error > 0) {
      test.failure = { message: `run ${summary.status}, ${summary.counts.error} item errors`, body: summary.resumeCommand ?? "" };
    }
    cases.push(test);
  }
  if (input.verdict) {
    for (const row of verdictRows(input.verdict)) {
      const test: TestCase = {
        name: `${row.benchmark} >= ${(100 * input.verdict.threshold).toFixed(0)}% of ${row.referenceModels.join(", ")}`,
        classname: "kfm.verdict",
      };
      const detail = `ratio ${(100 * row.ratio).toFixed(1)}% (${intervalLabel(input.verdict.level)} ${(100 * row.interval[0]).toFixed(1)}–${(100 * row.interval[1]).toFixed(1)}%); ${row.notes.join("; ")}`;
      if (row.decision === "FAIL") test.failure = { message: `FAIL: ${detail}`, body: detail };
      if (row.decision === "INCONCLUSIVE") test.skipped = `INCONCLUSIVE: ${detail}`;
      cases.push(test);
    }
    const overall: TestCase = { name: `overall verdict (${input.verdict.decideBy})`, classname: "kfm.verdict" };
    if (input.verdict.overall.decision === "FAIL") overall.failure = { message: "FAIL", body: input.verdict.reasons.join("\n") };
    if (input.verdict.overall.decision === "INCONCLUSIVE") overall.skipped = `INCONCLUSIVE: ${input.verdict.reasons.join("; ")}`;
    cases.push(overall);
  }
  for (const comparison of input.comparisons ?? []) {
    const test: TestCase = { name: `${comparison.runB.runId} vs ${comparison.runA.runId}`, classname: "kfm.compare" };
    if (comparison.regression?.failed) test.failure = { message: comparison.regression.reason, body: comparison.regression.reason };
    cases.push(test);
  }
  const failures = cases.filter((test) => test.failure).length;
  const skipped = cases.filter((test) => test.skipped).length;
  const body = cases
    .map((test) => {
      const open = `    <testcase name="${escapeXml(test.name)}" classname="${escapeXml(test.classname)}"`;
      if (test.failure)
        return `${open}>\n      <failure message="${escapeXml(test.failure.message)}">${escapeXml(test.failure.body)}</failure>\n    </testcase>`;
      if (test.skipped) return `${open}>\n      <skipped message="${escapeXml(test.skipped)}"/>\n    </testcase>`;
      return `${open}/>`;
    })
    .join("\n");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kfm" tests="${cases.length}" failures="${failures}" skipped="${skipped}">\n  <testsuite name="${escapeXml(input.title)}" tests="${cases.length}" failures="${failures}" skipped="${skipped}" timestamp="${escapeXml(input.generatedAt)}">\n${body}\n  </testsuite>\n</testsuites>\n`;
}
