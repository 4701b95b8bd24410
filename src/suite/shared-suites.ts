import { resolve } from "node:path";
import { loadSuite, resolveRef, type IndexedSuite, type LoadSuiteOptions } from "./load.js";

/**
 * Indexed suites loaded once and shared by every run of one process that asks for the same file,
 * data folder and window (a campaign's teams): a loaded suite is never changed by a run, and its
 * data files are still checked against the bytes it was loaded from whenever a run reads them
 * again. Concurrent requests wait on the same load; a failed load is forgotten, so a later run
 * tries again (and reports its own error).
 */
export class SharedSuites {
  private readonly loads = new Map<string, Promise<IndexedSuite>>();

  async load(ref: string, options: LoadSuiteOptions & { index: true }): Promise<IndexedSuite> {
    const cwd = options.cwd ?? process.cwd();
    const file = await resolveRef(ref, options);
    const dataDir = options.dataDir === undefined ? undefined : resolve(cwd, options.dataDir);
    const { from, to } = options.window ?? {};
    const key = JSON.stringify([file, dataDir, from, to, options.rowCacheBytes]);
    let loading = this.loads.get(key);
    if (!loading) {
      loading = loadSuite(file, { ...options, cwd });
      this.loads.set(key, loading);
      loading.catch(() => this.loads.delete(key));
    }
    return loading;
  }
}
