import { describe, expect, it } from "vitest";
import { queryItems } from "./items-query.js";
import type { ItemEntry } from "./source.js";

const entries: ItemEntry[] = Array.from({ length: 1000 }, (_, n) => ({
  id: `q:${n}`,
  subject: n % 2 ? "Law" : "Math",
  status: n % 3 ? "correct" : "incorrect",
  target: "A",
  text: `q:${n} ${n === 777 ? "needle" : ""}`,
}));

describe("queryItems", () => {
  it("filters by status, subject and text, pages the matches, and keeps each item's position in the run", () => {
    const page = queryItems(entries, { status: "incorrect", subject: "Law", offset: 2, limit: 3 });
    // Odd multiples of 3 below 1000: 167 items.
    expect(page.total).toBe(167);
    expect(page.of).toBe(1000);
    expect(page.items.map((item) => item.n)).toEqual([15, 21, 27]);
    expect(page.subjects).toEqual(["Law", "Math"]);
    expect(queryItems(entries, { q: "  NEEDLE " }).items).toEqual([
      { n: 777, id: "q:777", subject: "Law", status: "incorrect", target: "A" },
    ]);
  });

  it("caps a page at 500 rows and treats a negative offset as 0", () => {
    const page = queryItems(entries, { offset: -5, limit: 10_000 });
    expect(page.offset).toBe(0);
    expect(page.items).toHaveLength(500);
  });
});
