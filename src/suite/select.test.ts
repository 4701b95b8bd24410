import { describe, expect, it } from "vitest";
import { ItemIndex } from "./item-index.js";
import { selectFromIndex, selectionOf, selectItems } from "./select.js";

const SUBJECTS = ["law", "math", "art"];
const items = Array.from({ length: 60 }, (_, index) => ({ id: `${SUBJECTS[index % 3]}:${index}`, subject: SUBJECTS[index % 3]!, index }));

describe("a stratified sample", () => {
  it("is the sample it always was for a seed: a run's --sample names the same items on every version", () => {
    // Pinned: a change here changes which items a past run's `--sample 10 --seed 0` took.
    expect(selectItems(items, { sample: 10, seed: 0 }).map((item) => item.id)).toEqual([
      "art:2",
      "math:4",
      "art:14",
      "art:17",
      "math:25",
      "law:33",
      "math:37",
      "art:41",
      "law:48",
      "law:54",
    ]);
  });

  it("is the same from the packed index as from the items", () => {
    const index = new ItemIndex();
    for (const item of items) index.add(item.id, item.subject);
    index.endFile();
    for (const seed of [0, 1, 7]) {
      const fromIndex = Array.from(selectFromIndex(index, { sample: 25, seed }).positions, (position) => items[position]!.id);
      expect(fromIndex).toEqual(selectItems(items, { sample: 25, seed }).map((item) => item.id));
    }
  });

  it("breaks a tie in rank (one id twice) by the items' order in the suite, whatever order they come in", () => {
    const twins = [
      { id: "same", subject: "s", index: 5 },
      { id: "same", subject: "s", index: 2 },
      { id: "other", subject: "s", index: 9 },
    ];
    const taken = selectItems(twins, { sample: 1, seed: 0 });
    // "same" and "other" differ in rank; whichever wins, a "same" must be the earlier one in the suite.
    if (taken[0]!.id === "same") expect(taken[0]!.index).toBe(2);
    const both = selectItems(twins, { sample: 2, seed: 0 }).map((item) => item.index);
    expect(both.length).toBe(2);
    expect(new Set(both).size).toBe(2);
  });
});

describe("selectionOf", () => {
  const index = new ItemIndex();
  for (const item of items) index.add(item.id, item.subject);
  index.endFile();

  it("draws a selection once for the same index and options, and anew for any other option", () => {
    const first = selectionOf(index, { sample: 12, seed: 3 });
    const again = selectionOf(index, { sample: 12, seed: 3 });
    // A campaign's teams share one drawn sample of a suite.
    expect(again.items).toBe(first.items);
    expect(again.selection).toEqual({ total: 12, sample: 12, seed: 3 });
    for (const other of [
      { sample: 12, seed: 4 },
      { sample: 13, seed: 3 },
      { sample: 12, seed: 3, limit: 5 },
      { sample: 12, seed: 3, trials: 2 },
    ]) {
      const drawn = selectionOf(index, other);
      expect(drawn.items).not.toBe(first.items);
      expect(Array.from(drawn.items.positions)).toEqual(Array.from(selectFromIndex(index, other).positions));
    }
    expect(selectionOf(index, { shard: { index: 1, count: 3 } }).items.length).toBe(20);
    expect(selectionOf(index, { shard: { index: 0, count: 2 } }).items.length).toBe(30);
  });
});
