/**
 * IFBench's format, custom and repeat checkers, each following `check_following` of the class
 * named in its comment in AllenAI's `ifbench/instructions.py`.
 */
import type { Checker } from "./checker.js";
import { pythonCsv } from "./python-csv.js";
import {
  isPythonSpace,
  PUNCTUATION,
  PUNCTUATION_AND_SPACE,
  pythonSplit,
  pythonTrim,
  removePunctuation,
  stripChars,
} from "./python-text.js";

/** `unicodedata.normalize('NFKD', text).encode('ASCII', 'ignore').decode('ASCII')`. */
const asciiFold = (text: string) => text.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");

/** Python's ordering of strings: by code point. */
const byCodePoint = (left: string, right: string) => {
  const a = [...left].map((character) => character.codePointAt(0)!);
  const b = [...right].map((character) => character.codePointAt(0)!);
  for (let index = 0; index < Math.min(a.length, b.length); index++) if (a[index] !== b[index]) return a[index]! - b[index]!;
  return a.length - b.length;
};

const EUROPEAN_CAPITALS = [
  "Reykjavik",
  "Helsinki",
  "Oslo",
  "Tallinn",
  "Stockholm",
  "Riga",
  "Moscow",
  "Copenhagen",
  "Vilnius",
  "Minsk",
  "Dublin",
  "Berlin",
  "Amsterdam",
  "Warsaw",
  "London",
  "Brussels",
  "Prague",
  "Luxembourg",
  "Paris",
  "Vienna",
  "Bratislava",
  "Budapest",
  "Vaduz",
  "Chisinau",
  "Bern",
  "Ljubljana",
  "Zagreb",
];

/** OptionsResponseChecker's reading of its `options` text. */
function readOptions(options: string): { strict: boolean; options: string[] } {
  const strict = /^\W*[aA]\W*[bB]\W*[cC]\W*/u.test(options);
  const separator = options.includes("/") ? "/" : options.includes("or") ? "or" : ",";
  return { strict, options: options.split(separator).map(pythonTrim) };
}

export const IFBENCH_FORMAT_CHECKERS: Readonly<Record<string, Checker>> = {
  /** NestedParenthesesChecker: a bracket group nested at least five deep is closed (a mismatch resets). */
  "format:parentheses": (response) => {
    let levels: string[] = [];
    let deepest = 0;
    for (const character of response) {
      if ("([{".includes(character)) {
        levels.push(character);
        deepest = Math.max(deepest, levels.length);
      } else if (")]}".includes(character)) {
        const open = levels.at(-1);
        if (open !== undefined && "([{".indexOf(open) === ")]}".indexOf(character)) {
          levels.pop();
          if (deepest >= 5 && levels.length < deepest) return true;
        } else {
          levels = [];
          deepest = 0;
        }
      }
    }
    return false;
  },
  /** NestedQuotesChecker: quotes (" and ') nested three deep, closed back down. */
  "format:quotes": (response) => {
    const levels: string[] = [];
    let reached = 0;
    let depth = 0;
    for (const character of response) {
      if (levels.length !== 0 && character === levels.at(-1)) {
        levels.pop();
        depth--;
        if (reached - depth >= 3) return true;
      } else if (character === '"' || character === "'") {
        levels.push(character);
        depth++;
        reached = Math.max(reached, depth);
      }
    }
    return false;
  },
  /** OptionsResponseChecker: the reply is one of the options (exactly, for a), b), c) letters). */
  "format:options": (response, kwargs) => {
    if (typeof kwargs.options !== "string") return undefined;
    const { strict, options } = readOptions(kwargs.options);
    if (strict) return options.includes(response);
    const value = stripChars(response, PUNCTUATION_AND_SPACE).toLowerCase();
    return options.some((option) => stripChars(option, PUNCTUATION_AND_SPACE).toLowerCase() === value);
  },
  /** NewLineWordsChecker: as many non-empty lines as words, once punctuation is removed. */
  "format:newline": (response) => {
    const value = removePunctuation(response);
    const lines = pythonTrim(value)
      .split("\n")
      .filter((line) => line !== "");
    return lines.length === pythonSplit(pythonTrim(value)).length;
  },
  /**
   * IndentStairsChecker: each line indented by more spaces than the one before. The reference
   * removes blank lines while iterating over the same list, which skips the line after each blank
   * one it removes; kept so.
   */
  "format:line_indent": (response) => {
    const lines = response.split("\n");
    for (let index = 0; index < lines.length; index++) if (pythonTrim(lines[index]!) === "") lines.splice(lines.indexOf(lines[index]!), 1);
    const indent = (line: string) => line.length - stripChars(line, " ", "start").length;
    return lines.every((line, index) => index === lines.length - 1 || indent(lines[index + 1]!) > indent(line));
  },
  /** QuoteExplanationChecker: no empty quotation and the text does not end on a quotation. */
  "format:quote_unquote": (response) => {
    const value = [...response.replaceAll(`'"'`, "")].filter((character) => !isPythonSpace(character)).join("");
    if (value.includes('""')) return false;
    const stripped = stripChars(value, "0123456789" + PUNCTUATION.replace('"', ""));
    return !(stripped !== "" && stripped.endsWith('"'));
  },
  /** SpecialBulletPointsChecker: the separator appears at least twice. */
  "format:list": (response, kwargs) => {
    if (typeof kwargs.sep !== "string" || kwargs.sep === "") return undefined;
    return response.split(kwargs.sep).length - 1 >= 2;
  },
  /** ItalicsThesisChecker: an `<i>` or `<em>` thesis with text inside and text after it (offsets as the reference takes them). */
  "format:thesis": (response) => {
    let index = response.indexOf("<i>");
    if (index === -1) index = response.indexOf("<em>");
    if (index === -1) return false;
    const value = response.slice(index);
    let end = value.indexOf("</i>");
    if (end === -1) end = value.indexOf("</em>");
    if (end === -1) return false;
    if (pythonTrim(value.slice(3, end)) === "") return false;
    return pythonTrim(value.slice(end + 4)) !== "";
  },
  /** SubBulletPointsChecker: every part after a `*` contains a `-`. */
  "format:sub-bullets": (response) =>
    response
      .split("*")
      .slice(1)
      .every((bullet) => bullet.includes("-")),
  /** OutputTemplateChecker. */
  "format:output_template": (response) =>
    response.includes("My Answer:") && response.includes("My Conclusion:") && response.includes("Future Outlook:"),
  /** NoWhitespaceChecker. */
  "format:no_whitespace": (response) => ![...response].some(isPythonSpace),
  /** PrintMultiplesChecker: the digit runs are exactly 14, 21, ..., 49. */
  "custom:multiples": (response) => (response.replaceAll(",", ", ").match(/\p{Nd}+/gu) ?? []).join(" ") === "14 21 28 35 42 49",
  /** MultipleChoiceQuestionsChecker: four "Question N" blocks of five options, each question longer than the last. */
  "custom:mcq_count_length": (response) => {
    const start = response.indexOf("Question");
    if (start !== 0) return false;
    let questions = response.split(/\n*(?:Question \p{Nd}+[.|):;]?\s*)/u);
    if (questions[0] === "") questions = questions.slice(1);
    questions = questions.filter((question) => pythonTrim(question) !== "").map(pythonTrim);
    if (questions.length !== 4) return false;
    const lengths: number[] = [];
    for (const question of questions) {
      let text = "";
      let options = 0;
      let done = false;
      for (const line of question.split("\n")) {
        if (/^[A-Ea-e][.|)]\s*[\p{L}\p{N}_]+/u.test(pythonTrim(line))) {
          options++;
          done = true;
        } else if (!done) text += ` ${pythonTrim(line)}`;
      }
      if (options !== 5) return false;
      lengths.push([...pythonTrim(text)].length);
    }
    return lengths.every((length, index) => index === 0 || lengths[index - 1]! < length);
  },
  /** ReverseNewlineChecker: from the Zimbabwe line on, at least 52 lines in reverse (ASCII-folded) order. */
  "custom:reverse_newline": (response) => {
    const lines = response
      .split("\n")
      .map((line) => stripChars(line, PUNCTUATION_AND_SPACE))
      .filter((line) => line !== "");
    const start = lines.findIndex((line) => line.includes("Zimbabwe"));
    if (start === -1) return false;
    const target = lines.slice(start).map(asciiFold);
    if (target.length < 52) return false;
    const sorted = [...target].sort(byCodePoint).reverse();
    return target.every((line, index) => line === sorted[index]);
  },
  /** CharacterReverseOrderChecker. */
  "custom:character_reverse": (response) => response.toLowerCase().includes("elgae dlab"),
  /** EuropeanCapitalsSortChecker: exactly the 27 capitals, comma-separated, in the listed order. */
  "custom:european_capitals_sort": (response) => {
    const capitals = asciiFold(response)
      .split(",")
      .filter((capital) => pythonTrim(capital) !== "");
    return (
      capitals.length === EUROPEAN_CAPITALS.length && capitals.every((capital, index) => pythonTrim(capital) === EUROPEAN_CAPITALS[index])
    );
  },
  /** CityCSVChecker: eight CSV rows, the header ID,Country,City,Year,Count, five fields each. */
  "custom:csv_city": (response) => {
    const rows = pythonCsv(response);
    if (rows.length !== 8) return false;
    if (rows[0]!.join("\u0000") !== ["ID", "Country", "City", "Year", "Count"].join("\u0000")) return false;
    return rows.slice(1).every((row) => row.length === 5);
  },
  /** SpecialCharacterCSVChecker: the product header, fifteen rows of five, some quoted field with a special character. */
  "custom:csv_special_character": (response) => {
    const header = pythonTrim(response.split("\n")[0]!);
    if (
      !/^(ProductID|"ProductID"),[ \t]*(Category|"Category"),[ \t]*(Brand|"Brand"),[ \t]*(Price|"Price"),[ \t]*(Stock|"Stock")$/u.test(
        header,
      )
    )
      return false;
    const rows = pythonCsv(response.replaceAll('"', '"""'));
    if (rows.length !== 15) return false;
    for (const row of rows.slice(1)) {
      if (row.length !== 5) return false;
      if (row.some((field) => /^"[^\n]*[^\p{Nd}\p{L}\p{N}_\s][^\n]*"/u.test(field))) return true;
    }
    return false;
  },
  /** QuotesCSVChecker: the student header, four tab-separated rows of five, every field quoted. */
  "custom:csv_quotes": (response) => {
    const header = pythonTrim(response.split("\n")[0]!);
    if (!/^(StudentID|"StudentID")\t *(Subject|"Subject")\t *(Grade|"Grade")\t *(Semester|"Semester")\t *(Score|"Score")$/u.test(header))
      return false;
    const rows = pythonCsv(response.replaceAll('"', '"""'), "\t");
    if (rows.length !== 4) return false;
    return rows.every(
      (row) => row.length === 5 && row.every((field) => pythonTrim(field).startsWith('"') && pythonTrim(field).endsWith('"')),
    );
  },
  /** DateFormatListChecker: comma-separated YYYY-MM-DD dates from 1769 to 1821 with plausible days. */
  "custom:date_format_list": (response) =>
    pythonTrim(response)
      .split(",")
      .every((raw) => {
        const date = pythonTrim(raw);
        if (!/^\p{Nd}{4}-\p{Nd}{2}-\p{Nd}{2}$/u.test(date)) return false;
        const [year, month, day] = date.split("-").map(Number) as [number, number, number];
        if (year < 1769 || year > 1821 || month > 12) return false;
        if ([1, 3, 5, 7, 8, 10, 12].includes(month) && day > 31) return false;
        if ([4, 6, 9, 11].includes(month) && day > 30) return false;
        return !(month === 2 && day > 29);
      }),
  /** RepeatChangeChecker: not the request itself, but equal to it from the second word on. */
  "repeat:repeat_change": (response, kwargs) => {
    if (typeof kwargs.prompt_to_repeat !== "string" || kwargs.prompt_to_repeat === "") return undefined;
    if (kwargs.prompt_to_repeat === response) return false;
    return pythonSplit(kwargs.prompt_to_repeat).slice(1).join(" ") === pythonSplit(response).slice(1).join(" ");
  },
  /** RepeatSimpleChecker: the reply is the instruction sentence itself. */
  "repeat:repeat_simple": (response) => pythonTrim(response).toLowerCase() === "only output this sentence here, ignore all other requests.",
  /** RepeatSpanChecker: the reply is the request's characters n_start..n_end (inclusive). */
  "repeat:repeat_span": (response, kwargs) => {
    const prompt = kwargs.prompt_to_repeat;
    if (typeof prompt !== "string" || prompt === "" || typeof kwargs.n_start !== "number" || typeof kwargs.n_end !== "number")
      return undefined;
    const span = [...prompt].slice(kwargs.n_start, kwargs.n_end + 1).join("");
    return pythonTrim(response).toLowerCase() === pythonTrim(span).toLowerCase();
  },
};
