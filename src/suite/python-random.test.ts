import { describe, expect, it } from "vitest";
import { PythonRandom } from "./python-random.js";

// Values printed by CPython 3: `r = random.Random(seed); [r.sample(range(n), n) for _ in range(k)]`.
describe("PythonRandom", () => {
  it("draws random.Random(0).sample(range(4), 4) as CPython does, the 1st to the 200th (simple-evals' GPQA shuffle)", () => {
    const random = new PythonRandom(0);
    const draws = Array.from({ length: 200 }, () => random.permutation(4));
    expect(draws.slice(0, 3)).toEqual([
      [3, 1, 0, 2],
      [3, 1, 2, 0],
      [2, 3, 0, 1],
    ]);
    expect(draws.slice(-3)).toEqual([
      [2, 3, 1, 0],
      [2, 1, 0, 3],
      [0, 3, 1, 2],
    ]);
  });

  it("matches CPython for another seed and ten items", () => {
    const random = new PythonRandom(12345);
    expect([random.permutation(10), random.permutation(10), random.permutation(10)]).toEqual([
      [6, 0, 4, 9, 2, 1, 5, 3, 7, 8],
      [5, 1, 6, 2, 4, 8, 9, 3, 0, 7],
      [9, 8, 2, 1, 6, 0, 5, 3, 7, 4],
    ]);
  });

  it("refuses what it does not reproduce", () => {
    expect(() => new PythonRandom(-1)).toThrow(RangeError);
    expect(() => new PythonRandom(0).permutation(22)).toThrow(RangeError);
  });
});
