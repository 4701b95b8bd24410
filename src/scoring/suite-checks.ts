import type { ScorerSuiteFacts, ScorerSuiteIssue } from "../spec/scorer-definition.js";

/** A tool-use scorer on a suite without tool-use tasks (or, for `loop`, without the agent loop) would fail every item. */
export function agenticIssues(scorer: string, suite: ScorerSuiteFacts, mode?: "loop"): ScorerSuiteIssue[] {
  // A dual-control suite runs the agent loop too, with a simulated user taking turns.
  if (suite.agentic && (!mode || suite.agentic === mode || (mode === "loop" && suite.agentic === "dual"))) return [];
  const needs = mode ? `agentic.mode ${mode}` : "an agentic section";
  return [
    {
      path: ["scorer", "id"],
      message: `the ${scorer} scorer needs a suite with ${needs}`,
      hint: `Add ${needs} to the suite (see "Agentic suites" in the README), or choose another scorer.`,
    },
  ];
}

/** Judge prompts the arguments name that the suite's judge prompts and rubrics do not have, each at its argument's path. */
export function missingPromptIssues(
  suite: ScorerSuiteFacts,
  wanted: ReadonlyArray<{ path: Array<string | number>; name: string }>,
): ScorerSuiteIssue[] {
  const known = new Set(suite.judgePrompts);
  return wanted
    .filter(({ name }) => !known.has(name))
    .map(({ path, name }) => ({
      path,
      message: `judge prompt "${name}" is not in the suite's judge prompts (${suite.judgePrompts.join(", ") || "none"})`,
      hint: "Check the scorer's arguments and judge.prompts / judge.rubrics in the suite.",
    }));
}
