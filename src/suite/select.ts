import type { SuiteItem } from "../spec/item.js";

export interface SelectOptions {
  /** Draw this many items, stratified by subject. */
  sample?: number;
  seed?: number;
  /** Then keep only the first this many, in suite order. */
  limit?: number;
  /** Keep shard `index` of `count` (0-based), by item position. */
  shard?: { index: number; count: number };
  /** Agentic suites: run each chosen task this many times. */
  trials?: number;
}

/** FNV-1a over the seed and the item id: the same rank for the same item on every machine and in every order. */
function rank(seed: number, id: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let index = 0; index < id.length; index++) {
    hash ^= id.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 15;
  hash = Math.imul(hash, 0x2c1b3c6d);
  hash ^= hash >>> 12;
  return hash >>> 0;
}

/**
 * Stratified sample: each subject gets `n * size / total` items, rounded by largest remainder
 * (ties to the larger subject, then by name) so the allocation always sums to `n`; within a
 * subject, the items with the lowest seeded rank are taken. Returned in suite order.
 */
function stratifiedSample(items: readonly SuiteItem[], n: number, seed: number): SuiteItem[] {
  if (n >= items.length) return [...items];
  const bySubject = new Map<string, SuiteItem[]>();
  for (const item of items) {
    let group = bySubject.get(item.subject);
    if (!group) bySubject.set(item.subject, (group = []));
    group.push(item);
  }
  const quotas = [...bySubject.entries()].map(([subject, group]) => {
    const exact = (n * group.length) / items.length;
    return { subject, group, take: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = n - quotas.reduce((sum, quota) => sum + quota.take, 0);
  const order = [...quotas].sort((a, b) => b.remainder - a.remainder || b.group.length - a.group.length || a.subject.localeCompare(b.subject));
  for (const quota of order) {
    if (left === 0) break;
    if (quota.take < quota.group.length) {
      quota.take++;
      left--;
    }
  }
  const chosen = new Set<string>();
  for (const { group, take } of quotas) {
    const ranked = group.map((item) => ({ item, key: rank(seed, item.id) })).sort((a, b) => a.key - b.key || a.item.index - b.item.index);
    for (let index = 0; index < take; index++) chosen.add(ranked[index]!.item.id);
  }
  return items.filter((item) => chosen.has(item.id));
}

export function selectItems(items: readonly SuiteItem[], options: SelectOptions = {}): SuiteItem[] {
  let selected = options.sample !== undefined ? stratifiedSample(items, options.sample, options.seed ?? 0) : [...items];
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);
  if (options.shard) {
    const { index, count } = options.shard;
    selected = selected.filter((_, position) => position % count === index);
  }
  return options.trials !== undefined && options.trials > 1 ? expandTrials(selected, options.trials) : selected;
}

/**
 * Each task k times (pass^k): ids `<id>#<trial>`, trials 1..k in a row, so sampling, limits and
 * shards choose tasks and every trial of a chosen task runs.
 */
export function expandTrials(items: readonly SuiteItem[], trials: number): SuiteItem[] {
  return items.flatMap((item) => Array.from({ length: trials }, (_, index) => ({ ...item, id: `${item.id}#${index + 1}`, trial: index + 1 })));
}
