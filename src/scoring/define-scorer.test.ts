import * as z from "zod";
import { describe, expect, it } from "vitest";
import { declareScorer, defineScorer, lazyScorer } from "./define-scorer.js";

const declaration = declareScorer({
  id: "exact",
  description: "The reply equals the target.",
  args: z.object({ trim: z.boolean().default(true) }).strict(),
});
const exact = defineScorer({
  ...declaration,
  create: (args) => ({
    score: ({ item, text }) => ({ status: (args.trim ? text.trim() : text) === item.target ? "correct" : "incorrect", rule: "exact" }),
  }),
});
const item = { id: "x", index: 0, subject: "s", fields: {}, target: "42" };

describe("lazyScorer", () => {
  it("answers from its declaration and loads the scoring code on the first create, not before", async () => {
    let loads = 0;
    const lazy = lazyScorer(declaration, async () => {
      loads++;
      return exact;
    });
    expect(lazy.id).toBe("exact");
    expect(lazy.parseArgs({})).toEqual({ trim: true });
    expect(() => lazy.parseArgs({ trim: "yes" })).toThrow(/args\.trim/);
    expect(loads).toBe(0);
    const scorer = await lazy.create({ trim: false });
    expect(loads).toBe(1);
    expect(scorer).toMatchObject({ id: "exact", args: { trim: false } });
    expect(await scorer.score({ item, text: " 42" })).toEqual({ status: "incorrect", rule: "exact" });
  });

  it("refuses a loader that brings another scorer's definition", async () => {
    const other = defineScorer({ ...declaration, id: "other", create: () => ({ score: () => ({ status: "correct", rule: "x" }) }) });
    await expect(lazyScorer(declaration, async () => other).create({ trim: true })).rejects.toThrow(
      'scorer "exact" loaded the definition of "other"',
    );
  });
});
