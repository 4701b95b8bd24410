import type { ItemEntry } from "./source.js";

export interface ItemQuery {
  q?: string;
  status?: string;
  subject?: string;
  offset?: number;
  limit?: number;
}

export interface ItemPage {
  /** Items matching the query, and items in the run. */
  total: number;
  of: number;
  offset: number;
  /** `n` is the item's position in the run, to open it by. */
  items: Array<Omit<ItemEntry, "text"> & { n: number }>;
  subjects: string[];
}

export const MAX_PAGE = 500;

/** One page of a run's items matching a text search and filters: the item browser asks for the rows in view. */
export function queryItems(entries: readonly ItemEntry[], query: ItemQuery): ItemPage {
  const needle = (query.q ?? "").trim().toLowerCase();
  const matching: number[] = [];
  entries.forEach((entry, n) => {
    if (query.status && entry.status !== query.status) return;
    if (query.subject && entry.subject !== query.subject) return;
    if (needle && !entry.text.includes(needle)) return;
    matching.push(n);
  });
  const offset = Math.max(0, query.offset ?? 0);
  const limit = Math.min(MAX_PAGE, Math.max(1, query.limit ?? 200));
  return {
    total: matching.length,
    of: entries.length,
    offset,
    items: matching.slice(offset, offset + limit).map((n) => {
      const { id, subject, status, target, extracted } = entries[n]!;
      return { n, id, subject, status, target, ...(extracted !== undefined ? { extracted } : {}) };
    }),
    subjects: [...new Set(entries.map((entry) => entry.subject))].sort(),
  };
}
