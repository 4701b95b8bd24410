import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { IFBENCH_SKIPPED } from "./ifbench-checkers.js";
import { CHECKERS, type Kwargs } from "./instruction-checkers.js";

/**
 * The official examples: every assertion on `check_following` in Google's IFEval
 * instructions_test.py (the 25 IFEval types) and AllenAI's IFBench instructions_test.py, recorded by
 * running those files against a recorder in place of the checkers (each fixture names its source).
 * kfm's checker must return what the official test asserts.
 */
interface OfficialCase {
  test: string;
  id: string;
  kwargs: Kwargs;
  response: string;
  expected: boolean;
}

async function cases(name: string): Promise<OfficialCase[]> {
  return (JSON.parse(await readFile(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8")) as { cases: OfficialCase[] }).cases;
}

const ifeval = await cases("ifeval-instructions-test.json");
const ifbench = await cases("ifbench-instructions-test.json");
const checked = ifbench.filter((example) => IFBENCH_SKIPPED[example.id] === undefined);
const rows = (list: OfficialCase[]) => list.map((example, index) => [index, example.test, example.id, example] as const);

describe("the official checker tests", () => {
  it.each(rows(ifeval))("IFEval #%i %s (%s)", (_index, _test, id, example) => {
    expect(CHECKERS[id]!(example.response, example.kwargs, "") === true).toBe(example.expected);
  });

  it.each(rows(checked))("IFBench #%i %s (%s)", (_index, _test, id, example) => {
    expect(CHECKERS[id]?.(example.response, example.kwargs, "") === true).toBe(example.expected);
  });

  it("checks every IFBench type, leaving none out", () => {
    expect(ifeval).toHaveLength(81);
    expect(ifbench).toHaveLength(174);
    expect(checked).toHaveLength(ifbench.length);
  });
});
