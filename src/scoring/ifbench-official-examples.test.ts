import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { IFBENCH_SKIPPED } from "./ifbench-checkers.js";
import { CHECKERS, type Kwargs } from "./instruction-checkers.js";

/**
 * The official examples: every assertion on `check_following` in AllenAI's instructions_test.py,
 * recorded by running that file against a recorder in place of the checkers (the fixture names the
 * source). kfm's checker must return what the official test asserts.
 */
interface OfficialCase {
  test: string;
  id: string;
  kwargs: Kwargs;
  response: string;
  expected: boolean;
}

const fixture = JSON.parse(await readFile(new URL("./__fixtures__/ifbench-instructions-test.json", import.meta.url), "utf8")) as { cases: OfficialCase[] };
const checked = fixture.cases.filter((example) => IFBENCH_SKIPPED[example.id] === undefined);

describe("IFBench's official checker tests", () => {
  it.each(checked.map((example, index) => [index, example.test, example.id, example] as const))("#%i %s (%s)", (_index, _test, id, example) => {
    expect(CHECKERS[id]?.(example.response, example.kwargs, "") === true).toBe(example.expected);
  });

  it("covers the IFBench types the official tests exercise, skipping only those kfm skips", () => {
    expect(checked.length).toBeGreaterThan(160);
    expect(fixture.cases.filter((example) => IFBENCH_SKIPPED[example.id] !== undefined).map((example) => example.id).sort()).toEqual(["words:odd_even_syllables", "words:odd_even_syllables", "words:odd_even_syllables", "words:start_verb", "words:start_verb"]);
  });
});
