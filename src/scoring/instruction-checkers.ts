/**
 * Every verifiable-instruction checker kfm has, keyed by instruction id: IFEval's 25 (which KITE
 * General and IFBench reuse), KITE's Korean ones, and IFBench's. Each returns whether the response
 * follows the instruction, or undefined when the instruction's arguments are ones the checker does
 * not understand; an id with no checker (IFBENCH_SKIPPED says why for IFBench's) is skipped,
 * never passed or failed.
 */
import { IFBENCH_CHECKERS } from "./ifbench-checkers.js";
import { IFEVAL_CHECKERS } from "./ifeval-checkers.js";
import { KITE_CHECKERS } from "./kite-checkers.js";
import { pythonTrim } from "./python-text.js";

import type { Checker } from "./checker.js";

export type { Checker, Kwargs } from "./checker.js";

/**
 * IFEval's and KITE's constrained responses share an id: the reply passes with IFEval's English
 * options or KITE's Korean ones.
 */
const CONSTRAINED = "detectable_format:constrained_response";

export const CHECKERS: Readonly<Record<string, Checker>> = {
  ...IFEVAL_CHECKERS,
  ...KITE_CHECKERS,
  ...IFBENCH_CHECKERS,
  [CONSTRAINED]: (response, kwargs, prompt) =>
    IFEVAL_CHECKERS[CONSTRAINED]!(response, kwargs, prompt) === true || KITE_CHECKERS[CONSTRAINED]!(response, kwargs, prompt) === true,
};

/**
 * The responses the loose accuracy tries, as `test_instruction_following_loose` in IFEval's
 * evaluation_lib.py builds them: the response, without its first line, its last line or both
 * (those three stripped), and each of the four with every `*` removed. An instruction passes
 * loosely when any non-blank variant passes.
 */
export function looseVariants(response: string): string[] {
  const lines = response.split("\n");
  const base = [
    response,
    pythonTrim(lines.slice(1).join("\n")),
    pythonTrim(lines.slice(0, -1).join("\n")),
    pythonTrim(lines.slice(1, -1).join("\n")),
  ];
  return [...base, ...base.map((variant) => variant.replaceAll("*", ""))];
}
