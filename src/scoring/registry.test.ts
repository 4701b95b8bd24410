import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { createScorer, listScorers, scorerRegistry } from "./registry.js";

describe("scorer registry", () => {
  it("keeps each definition under its own id", () => {
    for (const [id, definition] of Object.entries(scorerRegistry)) expect(definition.id).toBe(id);
    expect(listScorers().map((definition) => definition.id)).toEqual(["boxed-integer", "end-state", "equality-judge", "hle-judge", "instruction-following", "judge", "multiple-choice", "numeric", "regex-choice", "tool-call", "tool-use-judge"]);
  });

  it("creates a scorer with parsed arguments", async () => {
    const scorer = createScorer("multiple-choice", { choices: ["A", "B", "C", "D", "E"] });
    expect(scorer.args).toEqual({ choices: ["A", "B", "C", "D", "E"] });
    expect((await scorer.score({ item: { id: "x", index: 0, subject: "s", fields: {}, target: "E" }, text: "정답: E" })).status).toBe("correct");
  });

  it("rejects an unknown id with a suite error naming it and the known ids", () => {
    for (const id of ["exact-match", "constructor", "toString"]) {
      let error: unknown;
      try {
        createScorer(id, {});
      } catch (caught) {
        error = caught;
      }
      expect(KfmError.isInstance(error) && error.code).toBe("suite");
      expect((error as Error).message).toContain(`"${id}"`);
      expect((error as Error).message).toContain("multiple-choice");
    }
  });

  it("passes argument errors on as suite errors", () => {
    expect(() => createScorer("multiple-choice", { choices: 4 })).toThrow(/scorer "multiple-choice": args\.choices/);
  });
});
