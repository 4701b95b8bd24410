import type { NewEntry } from "./measured-entry.js";

/** A published score as `kfm baselines add` takes it: the entry's fields, flat. */
export interface PublishedScore {
  model: string;
  vendor: string;
  benchmark: string;
  /** On a 0-100 scale. */
  score: number;
  releaseDate: string;
  releaseSource: string;
  citation: string;
  shots?: number;
  reasoning?: NewEntry["setting"]["reasoning"];
  /** The setting as the source describes it. */
  note?: string;
  /** Item count of the benchmark, when known. */
  items?: number;
  /** False for a Korean team's model: recorded, never part of the bar. */
  global?: boolean;
  /** Where the number was read: primary (where it was published), secondary (a transcription, the default) or mirror. */
  provenance?: "primary" | "secondary" | "mirror";
}

/** The registry entry of a published score (`kfm baselines add`): measured by "published", global unless said otherwise. */
export function publishedEntry(score: PublishedScore): NewEntry {
  const setting: NewEntry["setting"] = {};
  if (score.shots !== undefined) setting.shots = score.shots;
  if (score.reasoning !== undefined) setting.reasoning = score.reasoning;
  if (score.note !== undefined) setting.note = score.note;
  return {
    model: score.model,
    vendor: score.vendor,
    global: score.global ?? true,
    release_date: score.releaseDate,
    release_source: score.releaseSource,
    benchmark: score.benchmark,
    score: score.score,
    setting,
    // Left out when unknown: the registry file then has no `items:` line.
    ...(score.items !== undefined ? { items: score.items } : {}),
    citation: score.citation,
    ...(score.provenance !== undefined ? { provenance: score.provenance } : {}),
    measured_by: "published",
  };
}
