import { describe, expect, it } from "vitest";
import type { ItemStatus } from "../spec/scorer.js";
import { calibrationMetrics } from "./calibration-metric.js";

const record = (confidence: number, correct: boolean, status?: ItemStatus) => ({
  status: status ?? (correct ? ("correct" as const) : ("incorrect" as const)),
  details: { confidence },
});

describe("calibrationMetrics (HLE's calib_err, p = 2, bins of 100)", () => {
  it("weights each bin's squared gap by its size and, as the official loop does, leaves the last bin out", () => {
    // 350 items make three bins: [0, 100), [100, 200) and the last, [200, 350), which the official loop skips.
    // Bin 1 (confidence 0.2, all wrong): gap 0.2. Bin 2 (0.9, half right): gap 0.4.
    const records = [
      ...Array.from({ length: 100 }, () => record(20, false)),
      ...Array.from({ length: 100 }, (_, index) => record(90, index % 2 === 0)),
      ...Array.from({ length: 150 }, () => record(99, false)),
    ];
    const expected = Math.sqrt((100 / 350) * 0.2 ** 2 + (100 / 350) * 0.4 ** 2);
    expect(calibrationMetrics(records)!.rmsError).toBeCloseTo(expected, 12);
    expect(calibrationMetrics(records)).toMatchObject({ items: 350, binSize: 100 });
  });

  it("gives no number below two bins of items, and leaves out errors and items without a confidence", () => {
    expect(calibrationMetrics(Array.from({ length: 199 }, () => record(50, true)))).toBeUndefined();
    const records = [
      ...Array.from({ length: 200 }, () => record(50, true)),
      record(10, false, "error"),
      { status: "correct" as const, details: {} },
    ];
    expect(calibrationMetrics(records)!.items).toBe(200);
  });
});
