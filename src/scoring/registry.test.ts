import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import type { CodeExecutor } from "../spec/execution.js";
import { createScorer, describeScorerProblem, listScorers, scorerRegistry, scorers } from "./registry.js";

describe("scorer registry", () => {
  it("keeps each definition under its own id", () => {
    for (const [id, definition] of Object.entries(scorerRegistry)) expect(definition.id).toBe(id);
    expect(listScorers().map((definition) => definition.id)).toEqual([
      "boxed-integer",
      "code-tests",
      "end-state",
      "equality-judge",
      "hle-judge",
      "instruction-following",
      "judge",
      "multiple-choice",
      "numeric",
      "regex-choice",
      "tool-call",
      "tool-use-judge",
    ]);
  });

  it("creates a scorer with parsed arguments", async () => {
    const scorer = await createScorer("multiple-choice", { choices: ["A", "B", "C", "D", "E"] });
    expect(scorer.args).toEqual({ choices: ["A", "B", "C", "D", "E"] });
    expect((await scorer.score({ item: { id: "x", index: 0, subject: "s", fields: {}, target: "E" }, text: "정답: E" })).status).toBe(
      "correct",
    );
  });

  it("loads each built-in scorer's own code on create", async () => {
    // The smallest arguments each accepts; code-tests needs the sandbox it would run programs in.
    const args: Record<string, unknown> = {
      "equality-judge": { prompt: "equality" },
      "regex-choice": { patterns: [{ name: "letter", regex: "([A-D])" }] },
    };
    const executor = { run: () => Promise.reject(new Error("not run here")), describe: () => "none" } as unknown as CodeExecutor;
    for (const definition of listScorers()) {
      const scorer = await createScorer(definition.id, args[definition.id] ?? {}, { executor });
      expect(scorer.id).toBe(definition.id);
      expect(scorer.args).toEqual(definition.parseArgs(args[definition.id] ?? {}));
    }
  });

  it("rejects an unknown id with a suite error naming it and the known ids", async () => {
    for (const id of ["exact-match", "constructor", "toString"]) {
      let error: unknown;
      try {
        await createScorer(id, {});
      } catch (caught) {
        error = caught;
      }
      expect(KfmError.isInstance(error) && error.code).toBe("suite");
      expect((error as Error).message).toContain(`"${id}"`);
      expect((error as Error).message).toContain("multiple-choice");
    }
  });

  it("passes argument errors on as suite errors", async () => {
    await expect(createScorer("multiple-choice", { choices: 4 })).rejects.toThrow(/scorer "multiple-choice": args\.choices/);
  });

  it("checks a suite's scorer section as data: the nearest id, each bad argument, opt-in metrics, what the suite lacks", () => {
    const facts = { multiTurn: false, subjects: ["math", "writing"], judgePrompts: ["single-v1"] };
    expect(scorers.check({ id: "numerci", args: {} })).toEqual([
      expect.objectContaining({ kind: "unknown-scorer", suggestion: "numeric" }),
    ]);
    expect(scorers.check({ id: "exact-match", args: {} })[0]).not.toHaveProperty("suggestion");
    const [bad] = scorers.check({ id: "multiple-choice", args: { choices: ["A"], letters: true } });
    expect(bad).toMatchObject({ kind: "bad-args", issues: [{ path: ["choices"] }, { path: [], key: "letters" }] });
    expect(describeScorerProblem(bad!).message).toMatch(/^scorer "multiple-choice": args\.choices: .*; args: .*letters/);
    expect(scorers.check({ id: "numeric", args: {} }, { metrics: ["accuracy", "macro_f1"] })).toEqual([
      { kind: "metric-not-offered", id: "numeric", metric: "macro_f1", index: 1, offeredBy: ["multiple-choice"] },
    ]);
    expect(scorers.check({ id: "multiple-choice", args: {} }, { metrics: ["macro_f1"] })).toEqual([]);
    expect(scorers.check({ id: "tool-call", args: {} }, { suite: facts })).toEqual([
      expect.objectContaining({ kind: "suite-mismatch", path: ["scorer", "id"] }),
    ]);
    expect(scorers.check({ id: "end-state", args: {} }, { suite: { ...facts, agentic: "single-step" } })[0]).toMatchObject({
      message: "the end-state scorer needs a suite with agentic.mode loop",
    });
    // "math" is judged against references, so the reference-guided prompt is needed too; a conversation needs the later-turn variants.
    expect(
      scorers
        .check({ id: "judge", args: {} }, { suite: facts })
        .map((problem) => problem.kind === "suite-mismatch" && problem.path.join(".")),
    ).toEqual(["scorer.args.prompts.reference"]);
    expect(scorers.check({ id: "judge", args: {} }, { suite: { ...facts, subjects: ["writing"], multiTurn: true } })).toHaveLength(1);
    expect(scorers.check({ id: "judge", args: {} }, { suite: { ...facts, subjects: ["writing"] } })).toEqual([]);
  });
});
