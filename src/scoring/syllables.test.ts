import { describe, expect, it } from "vitest";
import { CHECKERS } from "./instruction-checkers.js";
import { countSyllables } from "./syllables.js";

/**
 * Expected counts read off syllapy 0.7.2 (`count` and `_syllables` in syllapy/__init__.py, and
 * data.csv for the listed words); the comments show the rule's arithmetic for unlisted words.
 */
describe("countSyllables (syllapy.count)", () => {
  it("takes listed words from syllapy's data.csv, whatever their case and surrounding punctuation", () => {
    expect(countSyllables("because")).toBe(2);
    expect(countSyllables("woman")).toBe(2);
    expect(countSyllables("international")).toBe(5);
    expect(countSyllables("Norway")).toBe(2);
    expect(countSyllables("Ohio")).toBe(3);
    // the list says 1 where the rules would say 0 + 1
    expect(countSyllables("rhythm")).toBe(1);
    expect(countSyllables("dog!!!!!")).toBe(1);
    expect(countSyllables("...hello...")).toBe(2);
    // listed with its dot, which strip(punctuation) removes before the lookup: found as "mr"
    expect(countSyllables("mr.")).toBe(1);
    // listed hyphenated, so found before the compound rule
    expect(countSyllables("e-mail")).toBe(2);
    // data.csv's row is literally `and\/or`
    expect(countSyllables("and\\/or")).toBe(1);
  });

  it("counts unlisted words by _syllables' vowel groups (y is a vowel)", () => {
    // o(1) te(2) ta(3) tiou(4)
    expect(countSyllables("ostentatious")).toBe(4);
    // sy(1) zy(2) gy(3)
    expect(countSyllables("syzygy")).toBe(3);
    // a(1) ble(2) ist: i follows a vowel
    expect(countSyllables("ableist")).toBe(2);
    // no vowel at all: 0, raised to 1
    expect(countSyllables("kfm")).toBe(1);
    expect(countSyllables("crwth")).toBe(1);
    // o(1) e(2), less the final e
    expect(countSyllables("boxe")).toBe(1);
    // a(1) le(2), less the final e, plus the consonant-le
    expect(countSyllables("maple")).toBe(2);
    // le(1), less the final e, plus the consonant-le: three letters are enough
    expect(countSyllables("ble")).toBe(1);
    // ee(1), less the final e: 0, raised to 1
    expect(countSyllables("thee")).toBe(1);
    // ï and ü are not among syllapy's vowels: na(1) ve(2) less the final e; be(1) only
    expect(countSyllables("naïve")).toBe(1);
    expect(countSyllables("Überstürzt")).toBe(1);
    // ue is one group
    expect(countSyllables("queue")).toBe(1);
    // unlisted, with no prototype lookup: co(1) stru(2) to(3)
    expect(countSyllables("constructor")).toBe(3);
    // underscores are punctuation, stripped from both ends: pro(1) to(2)
    expect(countSyllables("__proto__")).toBe(2);
  });

  it("splits unlisted compounds at the first hyphen and adds the parts, 0 if either part is 0", () => {
    expect(countSyllables("part-time")).toBe(2);
    expect(countSyllables("one-on-one")).toBe(3);
    expect(countSyllables("four-at-a-time")).toBe(4);
    expect(countSyllables("4-at-a-time")).toBe(0);
    expect(countSyllables("zero-for-2")).toBe(0);
    // "a" (listed, 1) and "-b", whose hyphen is stripped: b, 0 raised to 1
    expect(countSyllables("a--b")).toBe(2);
    // [^-]+ crosses the newline: "hello\nworld" is he(1) lo(2) wo(3), then "wide" (listed, 1)
    expect(countSyllables("hello\nworld-wide")).toBe(4);
    // .+ stops at a newline, so no compound: only the y makes a group
    expect(countSyllables("x-\ny")).toBe(1);
  });

  it("gives 0 to empty words and to any word with a digit, Unicode digits included", () => {
    expect(countSyllables("")).toBe(0);
    expect(countSyllables("  ")).toBe(0);
    expect(countSyllables("!!!")).toBe(0);
    expect(countSyllables("d0g")).toBe(0);
    expect(countSyllables("dog123")).toBe(0);
    expect(countSyllables("٣dogs")).toBe(0);
  });
});

describe("words:odd_even_syllables (AlternateParitySyllablesChecker)", () => {
  const check = (response: string) => CHECKERS["words:odd_even_syllables"]!(response, {}, "");

  it("passes when neighbouring words alternate odd and even", () => {
    // cats 1, enjoy 2, the 1, sunshine 2
    expect(check("Cats enjoy the sunshine.")).toBe(true);
    // punctuation is removed before splitting: email 2 (listed), me 1
    expect(check("E-mail me")).toBe(true);
    // a number counts 0, even: dogs 1, 2 0, cats 1
    expect(check("Dogs 2 cats")).toBe(true);
    // wellknown: we(1) kno(2); rhythm 1
    expect(check("Well-known    rhythm!")).toBe(true);
    // no words, nothing to compare
    expect(check("")).toBe(true);
  });

  it("fails at the first two neighbours of the same parity", () => {
    // sunshine 2, daily 2
    expect(check("Cats enjoy the sunshine daily.")).toBe(false);
    // syzygy 3, kfm 1
    expect(check("Syzygy, kfm!")).toBe(false);
    // parttime: pa(1) ti(2) me(3), less the final e; people 2
    expect(check("Part-time people")).toBe(false);
    // the 1, 2025 0, budget 2
    expect(check("The 2025 budget")).toBe(false);
  });
});
