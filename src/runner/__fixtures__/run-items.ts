// What runItems' tests share: forty plain items, a scorer that reads the reply literally, and an
// adapter that answers as each test says.
import type { ChatAdapterV1, GenerateRequest, GenerateResult } from "../../spec/adapter.js";
import type { SuiteItem } from "../../spec/item.js";
import type { Scorer } from "../../spec/scorer.js";
import { runItems, type RunItemsOptions, type RunItemsResult } from "../run-items.js";

export const items: SuiteItem[] = Array.from({ length: 40 }, (_, index) => ({
  id: `s:${index}`,
  index,
  subject: index % 2 ? "odd" : "even",
  fields: { question: `q${index}` },
  target: "A",
}));

/** Answers with the item's index parity; a scorer that reads the reply literally. */
export const scorer: Scorer = {
  id: "literal",
  args: {},
  score: ({ text }) =>
    text === "A"
      ? { status: "correct", extracted: "A", rule: "literal" }
      : text === ""
        ? { status: "no-answer", rule: "none" }
        : { status: "incorrect", extracted: text, rule: "literal" },
};

export function fakeAdapter(answer: (request: GenerateRequest, call: number) => Promise<GenerateResult>): ChatAdapterV1 {
  let calls = 0;
  return {
    specificationVersion: "v1",
    adapterId: "fake",
    modelId: "fake-model",
    publicSettings: {},
    doGenerate: (request) => answer(request, calls++),
  };
}

export const ok = (text: string): GenerateResult => ({
  text,
  usage: { inputTokens: 3, outputTokens: 1 },
  latencyMs: 1,
  attempts: 1,
  warnings: [],
});
export const render = (item: SuiteItem) => ({ messages: [{ role: "user" as const, content: item.fields.question! }] });

/** runItems over the shared items (or those given), with their render and scorer, no settings, and records dropped. */
export function runShared(options: Partial<RunItemsOptions> & Pick<RunItemsOptions, "adapter" | "concurrency">): Promise<RunItemsResult> {
  return runItems({ items, render, scorer, settings: {}, onRecord: async () => {}, ...options });
}
