import { describe, expect, it } from "vitest";
import { optionLabel } from "./option-text.js";

const LABELS = ["A", "B", "C", "D"];

describe("optionLabel", () => {
  it("names the option whose text the reply gives, with quotes, numbering and a polite ending aside", () => {
    const options = ["① 광합성", "② 호흡", "③ 증산", "④ 발효"];
    expect(optionLabel("'광합성'입니다.", options, LABELS)).toBe("A");
    expect(optionLabel("**증산**", options, LABELS)).toBe("C");
    expect(optionLabel("광합성과 호흡", options, LABELS)).toBeUndefined();
  });

  it("gives no label when two options squash to the same text", () => {
    expect(optionLabel("호흡", ["호흡", "'호흡'", "증산", "발효"], LABELS)).toBeUndefined();
  });

  it("compares each reply with its own item's options when items alternate", () => {
    // The squashed options are kept for the last item only: switching items must never reuse them.
    const first = ["광합성", "호흡", "증산", "발효"];
    const second = ["서울", "부산", "광합성", "대구"];
    expect(optionLabel("광합성", first, LABELS)).toBe("A");
    expect(optionLabel("광합성", second, LABELS)).toBe("C");
    expect(optionLabel("광합성", first, LABELS)).toBe("A");
    expect(optionLabel("부산", second, LABELS)).toBe("B");
    expect(optionLabel("부산", first, LABELS)).toBeUndefined();
  });

  it("gives nothing without option texts or for an empty reply", () => {
    expect(optionLabel("광합성", undefined, LABELS)).toBeUndefined();
    expect(optionLabel(" '' ", ["광합성", "호흡"], LABELS)).toBeUndefined();
  });
});
