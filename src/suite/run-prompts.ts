import type { RunManifest } from "../spec/run.js";
import { loadSuite, type LoadedSuite } from "./load.js";
import { expandTrials } from "./select.js";
import { samplesPerItem } from "./suite-record.js";

/** Loaded suites by content hash (undefined: the suite file changed since the run, so its prompts are unknown). */
export type SuiteCache = Map<string, LoadedSuite | undefined>;

/**
 * The suite a run used, if its content is unchanged (reports and the viewer show the prompt as it
 * was sent), and an item's prompt re-rendered from it; undefined when the suite changed or is gone.
 */
export async function runSuite(manifest: RunManifest, suites: SuiteCache) {
  if (!suites.has(manifest.suite.contentHash)) {
    const suite = await loadSuite(manifest.suite.path, { dataDir: manifest.suite.dataDir, window: manifest.suite.window }).catch(
      () => undefined,
    );
    suites.set(manifest.suite.contentHash, suite?.contentHash === manifest.suite.contentHash ? suite : undefined);
  }
  const suite = suites.get(manifest.suite.contentHash);
  const trials = samplesPerItem(manifest.suite);
  const byId = suite ? new Map((trials > 1 ? expandTrials(suite.items, trials) : suite.items).map((item) => [item.id, item])) : undefined;
  const promptOf = (id: string) => {
    const item = byId?.get(id);
    return (
      item &&
      suite
        ?.render(item)
        .messages.map((message) => `[${message.role}]\n${message.content}`)
        .join("\n\n")
    );
  };
  return { suite, promptOf };
}
