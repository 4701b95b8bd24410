import { KfmError } from "../spec/errors.js";
import type { SuiteEntry } from "./catalog.js";
import { loadSuite } from "./load.js";

/** Items in a suite, or why it cannot say: its data is supplied by the user and not there. */
export type ItemCount = number | "needs data";

/**
 * Each suite's item count, read from its data (every data file is indexed, so this takes seconds
 * for the whole catalog: `kfm suites list --counts` asks for it).
 */
export async function countSuiteItems(entries: readonly SuiteEntry[], options: { dataDir?: string } = {}): Promise<Map<string, ItemCount>> {
  const counts = new Map<string, ItemCount>();
  for (const entry of entries) {
    try {
      const suite = await loadSuite(entry.file, { index: true, ...(options.dataDir ? { dataDir: options.dataDir } : {}) });
      counts.set(entry.id, suite.index.size);
    } catch (error) {
      if (!KfmError.isInstance(error) || error.code !== "data") throw error;
      counts.set(entry.id, "needs data");
    }
  }
  return counts;
}
