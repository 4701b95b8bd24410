import Table from "cli-table3";
import type { Comparison, GroupComparison } from "../spec/comparison.js";

const points = (value: number) => `${value >= 0 ? "+" : ""}${value.toFixed(2)}`;

function row(group: GroupComparison): Array<string | number> {
  return [
    group.group,
    group.n,
    `${(100 * group.accuracyA).toFixed(1)}%`,
    `${(100 * group.accuracyB).toFixed(1)}%`,
    points(group.differencePoints),
    `[${points(group.intervalPoints[0])}, ${points(group.intervalPoints[1])}]`,
    `${group.onlyA}/${group.onlyB}`,
    group.pValue < 0.001 ? "<0.001" : group.pValue.toFixed(3),
    group.significant ? (group.differencePoints < 0 ? "worse" : "better") : "",
  ];
}

/** The comparison as terminal tables: overall and per supercategory, optionally per subject. */
export function renderComparison(comparison: Comparison, options: { subjects?: boolean } = {}): string {
  const table = new Table({
    head: ["group", "items", "A", "B", "B−A (pts)", "95% interval", "only A/only B", "McNemar p", ""],
    colAligns: ["left", "right", "right", "right", "right", "right", "right", "right", "left"],
    style: { head: [], border: [] },
  });
  table.push(row(comparison.overall));
  for (const group of comparison.bySupercategory) table.push(row(group));
  if (options.subjects) for (const group of comparison.bySubject) table.push(row(group));
  const lines = [
    `A: ${comparison.runA.runId} (${comparison.runA.model})`,
    `B: ${comparison.runB.runId} (${comparison.runB.model})`,
    `${comparison.benchmark}: ${comparison.shared} shared items` +
      (comparison.leftOut.errored + comparison.leftOut.onlyInA + comparison.leftOut.onlyInB > 0
        ? ` (left out: ${comparison.leftOut.errored} errored, ${comparison.leftOut.onlyInA} only in A, ${comparison.leftOut.onlyInB} only in B)`
        : "") +
      (comparison.sameSuite ? "" : "  WARNING: suite content differs (--force)"),
    table.toString(),
  ];
  if (comparison.regression) lines.push(`${comparison.regression.failed ? "REGRESSION" : "ok"}: ${comparison.regression.reason}`);
  return lines.join("\n");
}
