import type { SuiteItem } from "../spec/item.js";
import type { RunManifest } from "../spec/run.js";
import type { JudgeResources } from "../spec/scorer.js";
import { loadSuite } from "./load.js";
import { expandTrials } from "./select.js";
import { samplesPerItem } from "./suite-record.js";

/** The suite gives the items their option texts; if it changed or is gone, the records alone suffice. */
export async function suiteOfRun(
  run: Pick<RunManifest["suite"], "path" | "contentHash" | "agentic" | "repeats" | "dataDir" | "window">,
): Promise<{ suiteItems: Map<string, SuiteItem>; judgeResources: JudgeResources | undefined }> {
  const suiteItems = new Map<string, SuiteItem>();
  let judgeResources: JudgeResources | undefined;
  try {
    // Supplied data and a date window as the run had them (LiveCodeBench's tests are in its data, not its records).
    const suite = await loadSuite(run.path, { dataDir: run.dataDir, window: run.window });
    if (suite.contentHash === run.contentHash) judgeResources = suite.judgeResources;
    const trials = samplesPerItem(run);
    if (suite.contentHash === run.contentHash)
      for (const item of trials > 1 ? expandTrials(suite.items, trials) : suite.items) suiteItems.set(item.id, item);
  } catch {
    // fall back to the records
  }
  return { suiteItems, judgeResources };
}
