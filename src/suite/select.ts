import type { ItemRef } from "../spec/item.js";
import type { Selection } from "../spec/run.js";
import { ItemSelection, type ItemIndex } from "./item-index.js";

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

/** What selection reads of the items it chooses from, by position. */
interface Population {
  size: number;
  id(position: number): string;
  subject(position: number): string;
  /** The item's place in the suite (ties in the ranking go to the earlier item). */
  order(position: number): number;
}

/**
 * Stratified sample: each subject gets `n * size / total` items, rounded by largest remainder
 * (ties to the larger subject, then by name) so the allocation always sums to `n`; within a
 * subject, the items with the lowest seeded rank are taken. Returned in suite order.
 */
function stratifiedSample(population: Population, n: number, seed: number): number[] {
  const all = Array.from({ length: population.size }, (_, position) => position);
  if (n >= population.size) return all;
  const bySubject = new Map<string, number[]>();
  for (const position of all) {
    const subject = population.subject(position);
    let group = bySubject.get(subject);
    if (!group) bySubject.set(subject, (group = []));
    group.push(position);
  }
  const quotas = [...bySubject.entries()].map(([subject, group]) => {
    const exact = (n * group.length) / population.size;
    return { subject, group, take: Math.floor(exact), remainder: exact - Math.floor(exact) };
  });
  let left = n - quotas.reduce((sum, quota) => sum + quota.take, 0);
  const order = [...quotas].sort(
    (a, b) => b.remainder - a.remainder || b.group.length - a.group.length || a.subject.localeCompare(b.subject),
  );
  for (const quota of order) {
    if (left === 0) break;
    if (quota.take < quota.group.length) {
      quota.take++;
      left--;
    }
  }
  const chosen = new Uint8Array(population.size);
  for (const { group, take } of quotas) {
    if (take === 0) continue;
    for (const position of lowestRanked(population, group, seed, take)) chosen[position] = 1;
  }
  return all.filter((position) => chosen[position] === 1);
}

/** Room for a group's places below the rank in one float64 key (exact up to 2^53: rank < 2^32, place < 2^21). */
const PLACES = 2 ** 21;

/**
 * The `take` positions of `group` with the lowest seeded rank, ties to the earlier item. Each key is
 * the rank and the item's place in the group in one number, sorted as a Float64Array, in place of
 * objects sorted with a comparator (for KMMLU's 35,030 items, ~40 ms of a `--sample` run's CPU profile).
 */
function lowestRanked(population: Population, group: number[], seed: number, take: number): number[] {
  // Places follow the items' order in the suite (positions usually are in it already).
  const inOrder = group.every((position, place) => place === 0 || population.order(group[place - 1]!) < population.order(position));
  const places = inOrder ? group : [...group].sort((a, b) => population.order(a) - population.order(b));
  if (places.length >= PLACES) {
    return places
      .map((position, place) => ({ position, place, key: rank(seed, population.id(position)) }))
      .sort((a, b) => a.key - b.key || a.place - b.place)
      .slice(0, take)
      .map(({ position }) => position);
  }
  const keys = new Float64Array(places.length);
  for (let place = 0; place < places.length; place++) keys[place] = rank(seed, population.id(places[place]!)) * PLACES + place;
  keys.sort();
  return Array.from(keys.subarray(0, take), (key) => places[key % PLACES]!);
}

/** The positions chosen, in order: sample, then limit, then shard. */
function selectPositions(population: Population, options: SelectOptions): number[] {
  let selected =
    options.sample !== undefined
      ? stratifiedSample(population, options.sample, options.seed ?? 0)
      : Array.from({ length: population.size }, (_, position) => position);
  if (options.limit !== undefined) selected = selected.slice(0, options.limit);
  if (options.shard) {
    const { index, count } = options.shard;
    selected = selected.filter((_, place) => place % count === index);
  }
  return selected;
}

export function selectItems<T extends ItemRef>(items: readonly T[], options: SelectOptions = {}): T[] {
  const population: Population = {
    size: items.length,
    id: (position) => items[position]!.id,
    subject: (position) => items[position]!.subject,
    order: (position) => items[position]!.index,
  };
  const selected = selectPositions(population, options).map((position) => items[position]!);
  return options.trials !== undefined && options.trials > 1 ? expandTrials(selected, options.trials) : selected;
}

/** The same choice as `selectItems` over the suite's items, from its packed index. */
export function selectFromIndex(index: ItemIndex, options: SelectOptions = {}): ItemSelection {
  const population: Population = {
    size: index.size,
    id: (position) => index.id(position),
    subject: (position) => index.subject(position),
    order: (position) => position,
  };
  const positions = selectPositions(population, options);
  const trials = options.trials !== undefined && options.trials > 1 ? options.trials : 1;
  if (trials === 1) return new ItemSelection(index, Int32Array.from(positions));
  const expanded = new Int32Array(positions.length * trials);
  const trialOf = new Uint16Array(positions.length * trials);
  positions.forEach((position, place) => {
    for (let trial = 0; trial < trials; trial++) {
      expanded[place * trials + trial] = position;
      trialOf[place * trials + trial] = trial + 1;
    }
  });
  return new ItemSelection(index, expanded, trialOf);
}

/**
 * Selections already drawn from an index, by what was asked. A campaign runs every team on the same
 * sample of a suite at the same time, and drawing KMMLU's stratified sample costs 10–25 ms of the
 * one thread each time, in the seconds when every team's first requests go out. A selection is
 * never changed once drawn (`filter` makes a new one), so the runs share it.
 */
const drawn = new WeakMap<ItemIndex, Map<string, ItemSelection>>();

/** The selection for a run, and how the manifest records it (sample and seed, limit, shard). */
export function selectionOf(index: ItemIndex, options: SelectOptions): { items: ItemSelection; selection: Selection } {
  const asked = JSON.stringify([options.sample, options.seed, options.limit, options.shard?.index, options.shard?.count, options.trials]);
  let memo = drawn.get(index);
  if (memo === undefined) drawn.set(index, (memo = new Map()));
  let items = memo.get(asked);
  if (items === undefined) memo.set(asked, (items = selectFromIndex(index, options)));
  const selection: Selection = { total: items.length };
  if (options.sample !== undefined) selection.sample = options.sample;
  if (options.sample !== undefined) selection.seed = options.seed ?? 0;
  if (options.limit !== undefined) selection.limit = options.limit;
  if (options.shard !== undefined) selection.shard = options.shard;
  return { items, selection };
}

/**
 * Each task k times (pass^k): ids `<id>#<trial>`, trials 1..k in a row, so sampling, limits and
 * shards choose tasks and every trial of a chosen task runs.
 */
export function expandTrials<T extends ItemRef>(items: readonly T[], trials: number): T[] {
  return items.flatMap((item) =>
    Array.from({ length: trials }, (_, index) => ({ ...item, id: `${item.id}#${index + 1}`, trial: index + 1 })),
  );
}
