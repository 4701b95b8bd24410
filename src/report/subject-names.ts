import type { RunReportEntry } from "./report-input.js";

const SMALL_WORDS = new Set(["and", "of", "the", "for", "in", "on", "to"]);

/**
 * A subject as a reader names it. Suites that take the subject from a file name carry the stem
 * (`Aviation-Engineering-and-Maintenance`, `korean-history`); shown, hyphens become spaces and each
 * word but the small ones is capitalised, which gives the dataset's own category field
 * (`Korean History`) for all 45 KMMLU subjects. Only the display changes: records, summaries and
 * the suite's content hash keep the stem.
 */
export function readableSubject(subject: string): string {
  return subject
    .replace(/[-_]+/g, " ")
    .trim()
    .split(/\s+/)
    .map((word, index) => (index > 0 && SMALL_WORDS.has(word) ? word : word.charAt(0).toUpperCase() + word.slice(1)))
    .join(" ");
}

export interface SubjectGroup {
  /** The supercategory, or undefined when the suite has none. */
  supercategory: string | undefined;
  subjects: string[];
}

/** Subjects of the runs grouped by supercategory, each group sorted by readable name. */
export function subjectGroups(runs: RunReportEntry[]): SubjectGroup[] {
  const subjects = [...new Set(runs.flatMap((run) => Object.keys(run.summary.bySubject)))];
  // The suite's map when the suite could be loaded, else what the item records say.
  const fromItems = new Map(runs.flatMap((run) => (run.items ?? []).map((item) => [item.subject, item.supercategory] as const)));
  const groupOf = (subject: string) =>
    runs.map((run) => run.supercategoryOf?.[subject]).find((group) => group !== undefined) ?? fromItems.get(subject);
  const groups = new Map<string | undefined, string[]>();
  for (const subject of subjects) {
    const group = groupOf(subject);
    groups.set(group, [...(groups.get(group) ?? []), subject]);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a.localeCompare(b)))
    .map(([supercategory, list]) => ({
      supercategory,
      subjects: list.sort((a, b) => readableSubject(a).localeCompare(readableSubject(b))),
    }));
}
