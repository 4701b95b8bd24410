import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import { ItemSelection } from "./item-index.js";
import type { IndexedSuite } from "./load.js";

/** What kfm's simulated endpoint needs to play a suite: every item (read only when an endpoint is the simulator), their rendering, and whether tasks run in a loop. */
export function simulatorInputs(suite: IndexedSuite): {
  answerKeyItems: () => Promise<SuiteItem[]>;
  render: (item: SuiteItem) => RenderedPrompt;
  tools?: { loop: boolean };
} {
  return {
    answerKeyItems: async () => {
      const all: SuiteItem[] = [];
      for await (const batch of suite.itemsFor(ItemSelection.all(suite.index))) for (const item of batch) all.push(item);
      return all;
    },
    render: (item) => suite.render(item),
    ...(suite.agentic ? { tools: { loop: suite.agentic.mode !== "single-step" } } : {}),
  };
}
