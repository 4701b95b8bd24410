/**
 * Reads one number as a math reply writes it: `1,200`, `-3.5`, `3/4`, `\frac{1}{6}`, Korean
 * magnitudes (`3만 5천` = 35000, `1억 2천만` = 120000000), Korean fractions (`5분의 2` = 2/5),
 * mixed numbers (`1과 3/4`, `2 1/2`), powers and scientific notation (`2^10`, `2.5 × 10^3`,
 * `4.5e3`), and a chain of equalities, whose last member is the value (`2^10 = 1,024`).
 *
 * The text is expected in the form `prepareMath` gives it: superscripts written as `^2`, so a
 * unit's exponent (`cm²`) is never a digit of its own.
 */
export interface Quantity {
  value: number;
  /** Where the quantity starts and ends in the text it was read from. */
  start: number;
  end: number;
}

const SPACE = String.raw`[^\S\n]*`;
const SIGN = "[-−–]";
const DIGITS = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
/** Where a quantity may start: a digit, a sign, or a LaTeX fraction (`startsQuantity` says whether it does). */
const CANDIDATE = /[-−–\d]|\\[dt]?frac/g;
const SIGN_THEN_NUMBER = new RegExp(String.raw`${SIGN}${SPACE}(?:\d|\\[dt]?frac)`, "y");

/**
 * A sign starts a number unless it follows one (`10 - 2` is a subtraction); a digit does unless it
 * continues a number or a word, or is an exponent or an index (`^2`, `_{10}`).
 */
function startsQuantity(text: string, index: number): boolean {
  const char = text[index]!;
  if (char === "\\") return true;
  if (/\d/.test(char)) {
    const previous = text[index - 1] ?? "";
    if (/[\d.,A-Za-z^_]/.test(previous)) return false;
    return !(previous === "{" && /[\^_]/.test(text[index - 2] ?? ""));
  }
  SIGN_THEN_NUMBER.lastIndex = index;
  if (!SIGN_THEN_NUMBER.test(text)) return false;
  let before = index - 1;
  while (before >= 0 && (text[before] === " " || text[before] === "\t")) before--;
  return !/[\d.,)}\]]/.test(text[before] ?? "");
}

const LATEX_FRACTION = new RegExp(
  String.raw`(${SIGN})?${SPACE}\\[dt]?frac${SPACE}\{${SPACE}(${SIGN}?\d+(?:\.\d+)?)${SPACE}\}${SPACE}\{${SPACE}(\d+(?:\.\d+)?)${SPACE}\}`,
  "y",
);
/** `2와 3분의 2`, `1과 3/4`: a whole number and a fraction. */
const KOREAN_MIXED = new RegExp(
  String.raw`(${SIGN})?(\d+)${SPACE}(?:과|와)${SPACE}(?:(\d+)${SPACE}분의${SPACE}(\d+)|(\d+)${SPACE}/${SPACE}(\d+))`,
  "y",
);
/** `5분의 2` is two fifths. */
const KOREAN_FRACTION = new RegExp(String.raw`(${SIGN})?(\d+)${SPACE}분의${SPACE}(\d+)`, "y");
/** `2 1/2`: a whole number, one space, a proper fraction. */
const SPACED_MIXED = new RegExp(String.raw`(${SIGN})?(\d{1,3})[^\S\n](\d+)/(\d+)(?![\d/])`, "y");
/**
 * `3만 5천`, `1억 2천만`, `5만 4,000`, `3천500`: groups of a number and a unit. 만, 억 and 조
 * multiply everything since the previous one; 천 and 백 add within it.
 */
const MAGNITUDE = new RegExp(
  String.raw`(${SIGN})?(?:${DIGITS}${SPACE}(?:조|억|만|천|백)(?:${SPACE}(?:조|억|만))*${SPACE})+(?:${DIGITS}(?![\d.]))?`,
  "y",
);
const MAGNITUDE_PART = new RegExp(String.raw`(${DIGITS})?${SPACE}(조|억|만|천|백)|(${DIGITS})`, "g");
const KOREAN_MARKS = /[과와분조억만천백]/;
const UNIT_VALUES: Record<string, number> = { 조: 1e12, 억: 1e8, 만: 1e4, 천: 1e3, 백: 1e2 };
const PLAIN = new RegExp(String.raw`(${SIGN})?${SPACE}(${DIGITS})(?:${SPACE}/${SPACE}(\d+(?:\.\d+)?))?`, "y");
/** After a number: `e3`, `× 10^3`, `\times 10^{3}`. */
const SCIENTIFIC = new RegExp(
  String.raw`(?:[eE]([-+]?\d+)(?![A-Za-z\d])|${SPACE}(?:×|\\times|\*|·|\\cdot|x)${SPACE}10${SPACE}\^${SPACE}\{?${SPACE}(${SIGN}?\d+)${SPACE}\}?)`,
  "y",
);
const POWER = new RegExp(String.raw`${SPACE}\^${SPACE}\{?${SPACE}(${SIGN}?\d+)${SPACE}\}?`, "y");
/** `= `, or arithmetic then `= ` ("× 5 = 60"): what follows is the value of what precedes. */
const EQUALS = new RegExp(String.raw`(?:${SPACE}(?:[-+−×÷*/·]|\times|\cdot|\div)${SPACE}[\d.,()]+)*${SPACE}=${SPACE}`, "y");

const minus = (sign: string | undefined) => (sign ? -1 : 1);
const plain = (digits: string) => Number(digits.replace(/,/g, ""));
const signed = (digits: string) => Number(digits.replace(/[−–]/g, "-"));

/** The quantity that starts exactly at `from`, or undefined. */
export function readQuantity(text: string, from: number): Quantity | undefined {
  const base = readBase(text, from);
  if (base === undefined) return undefined;
  let { value, end } = base;
  if (base.scalable) {
    SCIENTIFIC.lastIndex = end;
    const scientific = SCIENTIFIC.exec(text);
    POWER.lastIndex = end;
    const power = scientific ? undefined : POWER.exec(text);
    if (scientific) {
      value *= 10 ** signed(scientific[1] ?? scientific[2]!);
      end = SCIENTIFIC.lastIndex;
    } else if (power) {
      value = Math.sign(value) * Math.abs(value) ** signed(power[1]!);
      end = POWER.lastIndex;
    }
  }
  // "2^10 = 1,024", "12 × 5 = 60": an equality states the value of what precedes it.
  EQUALS.lastIndex = end;
  if (EQUALS.exec(text)) {
    const next = readQuantity(text, EQUALS.lastIndex);
    if (next) return { value: next.value, start: from, end: next.end };
  }
  return Number.isFinite(value) ? { value, start: from, end } : undefined;
}

function readBase(text: string, from: number): { value: number; end: number; scalable: boolean } | undefined {
  const at = (pattern: RegExp) => {
    pattern.lastIndex = from;
    return pattern.exec(text) ?? undefined;
  };
  // Most numbers are plain: the other forms are tried only when their marks are near.
  const ahead = text.slice(from, from + 32);
  const latex = ahead.includes("frac") ? at(LATEX_FRACTION) : undefined;
  if (latex) {
    const denominator = Number(latex[3]);
    return denominator === 0
      ? undefined
      : { value: (minus(latex[1]) * signed(latex[2]!)) / denominator, end: LATEX_FRACTION.lastIndex, scalable: false };
  }
  const korean = KOREAN_MARKS.test(ahead);
  const mixed = korean ? at(KOREAN_MIXED) : undefined;
  if (mixed) {
    const [numerator, denominator] = mixed[3] !== undefined ? [mixed[4]!, mixed[3]] : [mixed[5]!, mixed[6]!];
    if (Number(denominator) === 0) return undefined;
    return {
      value: minus(mixed[1]) * (Number(mixed[2]) + Number(numerator) / Number(denominator)),
      end: KOREAN_MIXED.lastIndex,
      scalable: false,
    };
  }
  const fraction = korean ? at(KOREAN_FRACTION) : undefined;
  if (fraction) {
    if (Number(fraction[2]) === 0) return undefined;
    return { value: (minus(fraction[1]) * Number(fraction[3])) / Number(fraction[2]), end: KOREAN_FRACTION.lastIndex, scalable: false };
  }
  const spaced = at(SPACED_MIXED);
  if (spaced && Number(spaced[3]) < Number(spaced[4])) {
    return {
      value: minus(spaced[1]) * (Number(spaced[2]) + Number(spaced[3]) / Number(spaced[4])),
      end: SPACED_MIXED.lastIndex,
      scalable: false,
    };
  }
  const magnitude = korean ? at(MAGNITUDE) : undefined;
  if (magnitude) return { value: minus(magnitude[1]) * magnitudeValue(magnitude[0]), end: MAGNITUDE.lastIndex, scalable: false };
  const number = at(PLAIN);
  if (!number) return undefined;
  if (number[3] !== undefined) {
    const denominator = Number(number[3]);
    return denominator === 0
      ? undefined
      : { value: (minus(number[1]) * plain(number[2]!)) / denominator, end: PLAIN.lastIndex, scalable: false };
  }
  return { value: minus(number[1]) * plain(number[2]!), end: PLAIN.lastIndex, scalable: true };
}

function magnitudeValue(text: string): number {
  let total = 0;
  let group = 0;
  for (const part of text.matchAll(MAGNITUDE_PART)) {
    const unit = part[2];
    if (unit === undefined) {
      group += plain(part[3]!);
      continue;
    }
    const count = part[1] === undefined ? undefined : plain(part[1]);
    const size = UNIT_VALUES[unit]!;
    if (size < 1e4) {
      group += (count ?? 1) * size;
    } else {
      total += (group + (count ?? 0) || 1) * size;
      group = 0;
    }
  }
  return total + group;
}

/** Every quantity in `text` that starts in [from, to), in order, none overlapping. */
export function quantities(text: string, from = 0, to = text.length): Quantity[] {
  const found: Quantity[] = [];
  CANDIDATE.lastIndex = from;
  for (let start = CANDIDATE.exec(text); start !== null && start.index < to; start = CANDIDATE.exec(text)) {
    if (start.index < from || !startsQuantity(text, start.index)) continue;
    const quantity = readQuantity(text, start.index);
    if (!quantity) continue;
    found.push(quantity);
    from = quantity.end;
    CANDIDATE.lastIndex = quantity.end;
  }
  return found;
}

const SUPERSCRIPTS: Record<string, string> = {
  "⁰": "0",
  "¹": "1",
  "²": "2",
  "³": "3",
  "⁴": "4",
  "⁵": "5",
  "⁶": "6",
  "⁷": "7",
  "⁸": "8",
  "⁹": "9",
  "⁻": "-",
};
const SQUARED_UNITS: Record<string, string> = {
  "㎟": "mm^2",
  "㎠": "cm^2",
  "㎡": "m^2",
  "㎢": "km^2",
  "㎣": "mm^3",
  "㎤": "cm^3",
  "㎥": "m^3",
  "㎦": "km^3",
};

/**
 * NFKC (full-width digits and colons to ASCII) without its harm: NFKC turns `²` into `2` and `㎠`
 * into `cm2`, which a reader would take for a number. Superscripts become `^2` first.
 */
export function prepareMath(text: string): string {
  const written = text
    .replace(/[⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+/g, (run) => `^${[...run].map((char) => SUPERSCRIPTS[char]).join("")}`)
    .replace(/[㎟㎠㎡㎢㎣㎤㎥㎦]/g, (unit) => SQUARED_UNITS[unit]!);
  // NFKC leaves ASCII and Hangul syllables as they are, and is slow on long Korean replies.
  return COMPATIBILITY_FREE.test(written) ? written : written.normalize("NFKC");
}

const COMPATIBILITY_FREE = /^[\x00-\x7F\uAC00-\uD7A3×÷−–—…·]*$/;
