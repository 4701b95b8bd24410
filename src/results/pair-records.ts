import type { ItemRecord } from "../spec/record.js";

/** Items both runs answered, as pairs, and how many were left out on each side. */
export function pairRecords(a: ReadonlyMap<string, ItemRecord>, b: ReadonlyMap<string, ItemRecord>) {
  const pairs: Array<[ItemRecord, ItemRecord]> = [];
  let errored = 0;
  let onlyInA = 0;
  for (const [id, left] of a) {
    const right = b.get(id);
    if (!right) {
      onlyInA++;
      continue;
    }
    if (left.status === "error" || right.status === "error") {
      errored++;
      continue;
    }
    pairs.push([left, right]);
  }
  const onlyInB = [...b.keys()].filter((id) => !a.has(id)).length;
  return { pairs, onlyInA, onlyInB, errored };
}
