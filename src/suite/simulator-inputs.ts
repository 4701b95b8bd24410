import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import { ItemSelection } from "./item-index.js";
import type { IndexedSuite } from "./load.js";

type SimulatorInputs = {
  answerKeyItems: () => AsyncIterable<SuiteItem[]>;
  render: (item: SuiteItem) => RenderedPrompt;
  tools?: { loop: boolean };
};

/** One per loaded suite: the same functions for every run of a shared suite, so the simulator's keys are built once for it. */
const inputsOf = new WeakMap<IndexedSuite, SimulatorInputs>();

/** What kfm's simulated endpoint needs to play a suite: every item, a data file at a time (read only when an endpoint is the simulator), their rendering, and whether tasks run in a loop. */
export function simulatorInputs(suite: IndexedSuite): SimulatorInputs {
  const known = inputsOf.get(suite);
  if (known) return known;
  const inputs: SimulatorInputs = {
    answerKeyItems: () => suite.itemsFor(ItemSelection.all(suite.index)),
    render: (item) => suite.render(item),
    ...(suite.agentic ? { tools: { loop: suite.agentic.mode !== "single-step" } } : {}),
  };
  inputsOf.set(suite, inputs);
  return inputs;
}
