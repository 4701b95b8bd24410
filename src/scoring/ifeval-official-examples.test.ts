import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { CHECKERS, type Kwargs } from "./instruction-checkers.js";

/**
 * The official examples: every assertion on `check_following` in Google's instructions_test.py for
 * IFEval's 25 types, recorded by running that file against a recorder in place of the checkers
 * (the fixture names the source). kfm's checker must return what the official test asserts.
 */
interface OfficialCase {
  test: string;
  id: string;
  kwargs: Kwargs;
  response: string;
  expected: boolean;
}

const fixture = JSON.parse(await readFile(new URL("./__fixtures__/ifeval-instructions-test.json", import.meta.url), "utf8")) as { cases: OfficialCase[] };

describe("IFEval's official checker tests", () => {
  it.each(fixture.cases.map((example, index) => [index, example.test, example.id, example] as const))("#%i %s (%s)", (_index, _test, id, example) => {
    expect(CHECKERS[id]!(example.response, example.kwargs, "") === true).toBe(example.expected);
  });
});
