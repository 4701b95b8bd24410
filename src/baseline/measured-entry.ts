import type { ItemRecord } from "../spec/record.js";
import type { RunManifest } from "../spec/run.js";
import type { BaselineEntry } from "./registry.js";
import { parseDate } from "./window.js";

/** A registry entry before it is written (the registry adds where it came from). */
export type NewEntry = Omit<BaselineEntry, "source">;

/** Who the measured model is: what a run's manifest cannot say. */
export interface MeasuredModel {
  model: string;
  vendor: string;
  /** YYYY-MM-DD. */
  releaseDate: string;
  releaseSource?: string;
  /** False for a Korean team's model: recorded, but never part of the bar. */
  global?: boolean;
}

/**
 * A complete kfm run of a model as a registry entry measured by kfm: the score is the accuracy
 * over answered items, the setting and suite hash come from the manifest (paired intervals then apply).
 */
export function entryFromRun(manifest: RunManifest, answered: readonly ItemRecord[], model: MeasuredModel): NewEntry {
  const correct = answered.filter((record) => record.status === "correct").length;
  const setting: NewEntry["setting"] = { note: `kfm suite ${manifest.suite.id} ${manifest.suite.version}` };
  if (manifest.suite.setting?.shots !== undefined) setting.shots = manifest.suite.setting.shots;
  if (
    manifest.suite.setting?.reasoning === "none" ||
    manifest.suite.setting?.reasoning === "required" ||
    manifest.suite.setting?.reasoning === "allowed"
  )
    setting.reasoning = manifest.suite.setting.reasoning;
  if (manifest.suite.setting?.prompt) setting.prompt = manifest.suite.setting.prompt;
  return {
    model: model.model,
    vendor: model.vendor,
    global: model.global ?? true,
    release_date: parseDate(model.releaseDate, "--release-date"),
    release_source: model.releaseSource ?? "given when the kfm run was imported",
    benchmark: manifest.suite.benchmark,
    score: Math.round((10000 * correct) / answered.length) / 100,
    setting,
    items: answered.length,
    citation: `kfm run ${manifest.runId} (${manifest.endpoint.adapter} ${manifest.endpoint.model}, suite ${manifest.suite.id} ${manifest.suite.contentHash})`,
    provenance: "measured",
    measured_by: { run: manifest.runId, suite_hash: manifest.suite.contentHash },
  };
}
