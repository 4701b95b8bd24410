import { answerKey, dualKey, startSimServer, toolKey, type SimOptions, type SimServer } from "../sim/index.js";
import { loadSuite } from "../suite/index.js";

/** Starts the simulated endpoint with the answer key of the named suites (the `kfm serve-sim` use case). */
export async function serveSim(options: Omit<SimOptions, "answerKey"> & { suites: string[] }): Promise<SimServer> {
  const { suites, ...simOptions } = options;
  const loaded = await Promise.all(suites.map((ref) => loadSuite(ref)));
  return startSimServer({
    ...simOptions,
    answerKey: loaded.flatMap((suite) => answerKey(suite.items, (item) => suite.render(item))),
    toolKey: loaded.flatMap((suite) => (suite.agentic ? toolKey(suite.items, suite.agentic.mode !== "single-step") : [])),
    dualKey: loaded.flatMap((suite) => dualKey(suite.items)),
  });
}
