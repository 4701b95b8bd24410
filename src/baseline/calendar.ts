import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import * as z from "zod";
import { SuiteError } from "../spec/errors.js";
import { lineOf, parseWithSchema, parseYamlSource } from "../yaml/yaml-source.js";
import type { BenchmarkNames } from "./benchmarks.js";

/** The registry folder's release calendar and review date. */
export const CALENDAR_FILE = "calendar.yaml";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "use YYYY-MM-DD");

const releaseSchema = z
  .object({
    model: z.string().min(1),
    vendor: z.string().min(1),
    /** The day, when a source states it (or the model's own name carries it). */
    date: isoDate.optional(),
    /** Otherwise the bounds kfm read from what is known (`when`): the release fell on or between them. */
    earliest: isoDate.optional(),
    latest: isoDate.optional(),
    date_basis: z.enum(["stated", "model-name", "scored", "bound", "unknown"]),
    /** What the source says about the date, verbatim, when it gives no day. */
    when: z.string().optional(),
    source: z.string().min(1),
    /** The registry's labels for this release's variants (default: the release's own name). */
    scored_as: z.array(z.string().min(1)).optional(),
    /** Benchmarks this release is declared irrelevant for (e.g. a text model on a vision benchmark), with the reason. */
    irrelevant: z.array(z.object({ benchmark: z.string().min(1), why: z.string().min(1) }).strict()).optional(),
  })
  .strict()
  .refine((release) => (release.date !== undefined) !== (release.earliest !== undefined && release.latest !== undefined), {
    message: "give either date, or earliest and latest (the bounds of an undated release)",
  });

const calendarSchema = z
  .object({
    kfm: z.literal("calendar/v1"),
    /** The registry's scores and releases were reviewed through this date: releases after it are not known. */
    reviewed_through: isoDate,
    releases: z.array(releaseSchema),
  })
  .strict();

/** One release of a global model: a day, or the bounds it fell between. */
export interface Release {
  model: string;
  vendor: string;
  /** The first and last day it could have been released (the same day when the date is known). */
  earliest: string;
  latest: string;
  dated: boolean;
  when?: string;
  /** Registry labels that are this release's scores. */
  labels: string[];
  /** Canonical benchmark names it is declared irrelevant for. */
  irrelevant: Set<string>;
  /** Where it is declared: calendar.yaml:line, or the registry entry it was inferred from. */
  origin: string;
}

export interface Calendar {
  file: string;
  reviewedThrough: string;
  releases: Release[];
}

/**
 * Reads calendar.yaml and completes it with the registry: every global model with a score that no
 * release claims is a release of its own, on its entry's date. A label claimed twice, a label
 * without an entry, or a release date that contradicts its entries is an error naming the line.
 */
/** What the calendar reads of a registry entry (the registry loads the calendar, so the shape is named here). */
interface ScoredEntry {
  model: string;
  vendor: string;
  global: boolean;
  release_date: string;
  source: { file: string; line?: number };
}

export async function loadCalendar(file: string, entries: readonly ScoredEntry[], names: BenchmarkNames): Promise<Calendar> {
  const source = parseYamlSource(file, await readFile(file, "utf8"), "config");
  const parsed = parseWithSchema(source, calendarSchema, "config", "See baselines/README.md for the calendar format.");
  const byLabel = new Map<string, ScoredEntry>();
  for (const entry of entries) if (!byLabel.has(entry.model)) byLabel.set(entry.model, entry);
  const claimed = new Map<string, string>();
  const releases = parsed.releases.map((raw, index): Release => {
    const line = lineOf(source, ["releases", index]);
    const origin = `${basename(file)}:${line ?? "?"}`;
    const fail = (message: string): never => {
      throw new SuiteError({ file, ...(line !== undefined ? { line } : {}), path: `releases[${index}]` }, message, { code: "config" });
    };
    const labels = raw.scored_as ?? [raw.model];
    for (const label of labels) {
      const earlier = claimed.get(label);
      if (earlier) fail(`${label} is already a variant of the release at ${earlier}`);
      claimed.set(label, origin);
      const entry = byLabel.get(label);
      if (raw.scored_as && !entry) fail(`scored_as names ${label}, which has no entry in the registry`);
      if (entry && raw.date && entry.release_date !== raw.date)
        fail(`${raw.model} is released ${raw.date} here, but its entry ${label} says ${entry.release_date}`);
    }
    const irrelevant = new Set<string>();
    for (const row of raw.irrelevant ?? []) {
      const name = names.canonical(row.benchmark);
      if (name === undefined)
        fail(
          `irrelevant names an unknown benchmark "${row.benchmark}"${names.suggest(row.benchmark).length ? ` (did you mean ${names.suggest(row.benchmark).join(" or ")}?)` : ""}`,
        );
      irrelevant.add(name!);
    }
    return {
      model: raw.model,
      vendor: raw.vendor,
      earliest: raw.date ?? raw.earliest!,
      latest: raw.date ?? raw.latest!,
      dated: raw.date !== undefined,
      ...(raw.when ? { when: raw.when } : {}),
      labels,
      irrelevant,
      origin,
    };
  });
  for (const entry of entries) {
    if (!entry.global || claimed.has(entry.model)) continue;
    claimed.set(entry.model, "inferred");
    releases.push({
      model: entry.model,
      vendor: entry.vendor,
      earliest: entry.release_date,
      latest: entry.release_date,
      dated: true,
      labels: [entry.model],
      irrelevant: new Set(),
      origin: `${basename(entry.source.file)}:${entry.source.line ?? "?"}`,
    });
  }
  return { file, reviewedThrough: parsed.reviewed_through, releases };
}
