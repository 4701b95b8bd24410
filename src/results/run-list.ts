import { readdir } from "node:fs/promises";
import { join, relative } from "node:path";
import { KfmError } from "../spec/errors.js";
import type { RunManifest, RunSummary } from "../spec/run.js";
import { readManifest, readSummary } from "./run-directory.js";

export interface ListedRun {
  /** The run's folder relative to the results folder (`team-a/20261123T…`): unique where run ids may not be. */
  id: string;
  dir: string;
  manifest: RunManifest;
  summary: RunSummary;
}

/** A run directory with or without its summary: one still running, or stopped before its end, has none yet. */
export type ListedRunDir = Omit<ListedRun, "summary"> & { summary?: RunSummary };

/**
 * Every run directory (a folder with manifest.json and summary.json) under a results folder,
 * looking `depth` folders down so runs grouped in sub-folders (a campaign's, say) are found too.
 */
export async function listRuns(resultsDir: string, depth = 3): Promise<ListedRun[]> {
  return (await listRunDirs(resultsDir, depth)).filter((run): run is ListedRun => run.summary !== undefined);
}

/** As `listRuns`, and also the run directories that have a manifest but no summary yet. */
export async function listRunDirs(resultsDir: string, depth = 3): Promise<ListedRunDir[]> {
  let names: string[];
  try {
    names = (await readdir(resultsDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch (error) {
    throw new KfmError("usage", `cannot read results folder ${resultsDir}: ${(error as Error).message}`, {
      hint: "Pass the folder your runs were written to (kfm eval --out, default results/).",
    });
  }
  const runs: ListedRunDir[] = [];
  const visit = async (dir: string, level: number): Promise<void> => {
    const [manifest, summary] = await Promise.all([readManifest(dir).catch(() => undefined), readSummary(dir).catch(() => undefined)]);
    if (manifest) {
      runs.push({ id: relative(resultsDir, dir), dir, manifest, ...(summary ? { summary } : {}) });
      return;
    }
    if (level >= depth) return;
    const children = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const child of children) if (child.isDirectory()) await visit(join(dir, child.name), level + 1);
  };
  for (const name of names.sort()) await visit(join(resultsDir, name), 1);
  return runs;
}
