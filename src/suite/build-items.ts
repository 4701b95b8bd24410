// Data rows to suite items: fields, options, the target through its map, subject, group, turns and tasks.
import { SuiteError } from "../spec/errors.js";
import type { SuiteItem } from "../spec/item.js";
import { parseTask, TASK_FIELDS } from "./agentic-task.js";
import { fileStem, requireColumns, subjectOf, type DataFile, type DataRow } from "./data.js";
import { singleAnswer, stripOptionLabels } from "./option-labels.js";
import type { SuiteDefinition, SubjectRule } from "./schema.js";
import { PythonRandom } from "./python-random.js";
import { DOCUMENTS_VARIABLE, type DocumentReader } from "./documents.js";
import { compileTemplate } from "./template.js";
import { rowsInWindow, type DateWindow } from "./date-window.js";
import type { YamlSource } from "../yaml/yaml-source.js";
import { ownValue } from "../spec/own-value.js";

/** With `choices_field` or `choices`, `{{options}}` renders the options as `A. …` lines (or `A) …`, `data.option_label`). */
export const OPTIONS_VARIABLE = "options";
const LABELS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

function parseTurns(text: string): string[] | undefined {
  try {
    const value = JSON.parse(text) as unknown;
    return Array.isArray(value) && value.length > 0 && value.every((turn) => typeof turn === "string") ? (value as string[]) : undefined;
  } catch {
    return undefined;
  }
}

function choiceTarget(
  rule: "index1" | "index0" | "letter" | "text",
  value: string,
  choices: readonly string[],
  published: readonly string[],
): string | undefined {
  if (rule === "letter")
    return LABELS.slice(0, choices.length).includes(value.toUpperCase()) && value.length === 1 ? value.toUpperCase() : undefined;
  if (rule === "text") {
    // The answer may quote the option with its own numbering or without.
    let index = choices.findIndex((choice) => choice.trim() === value);
    if (index < 0) index = published.findIndex((choice) => choice.trim() === value);
    return index >= 0 ? LABELS[index] : undefined;
  }
  const number = Number(value);
  const index = rule === "index1" ? number - 1 : number;
  return Number.isInteger(number) && index >= 0 && index < choices.length ? LABELS[index] : undefined;
}

export interface BuildContext {
  source: YamlSource;
  definition: SuiteDefinition;
  supercategories?: Map<string, string>;
  /** Suites with `data.documents`: the reader of the data folder's documents. */
  documents?: DocumentReader;
  /** The date window in force (`data.window`, or the run's `--from/--to` over it). */
  window?: DateWindow;
}

/**
 * Maps data rows to items: fields by column name, the target through its map, subject and group.
 * `rowsOut`, when given, receives each item's data row in item order (to name where a duplicate id
 * came from). `only`, when given, names the items to build by their offset among this call's items
 * (a run's sample takes a few of a file's rows): the others are skipped, their slots left empty, and
 * their rows never read (kept rows parse only the rows taken, `keptRowsFile`).
 */
export function buildItems(
  files: DataFile[],
  subject: SubjectRule,
  context: BuildContext,
  fieldPath: string,
  startIndex = 0,
  rowsOut?: DataRow[],
  only?: ReadonlySet<number>,
): SuiteItem[] {
  const { definition, source } = context;
  const data = definition.data;
  const fieldEntries = Object.entries(data.fields);
  const where = data.where
    ? Object.entries(data.where).map(([column, value]) => [column, Array.isArray(value) ? value : [value]] as const)
    : undefined;
  const variants = Object.entries(data.variants ?? {}).map(
    ([variable, rule]) => [variable, rule.field, rule.empty, compileTemplate(rule.present)] as const,
  );
  // Worked out once, not per row: a run builds an item for each row it takes, thousands of them.
  const variables = fieldEntries.map(([variable]) => variable);
  const columns = fieldEntries.map(([, column]) => column);
  const prefixes = Object.entries(data.strip_prefix ?? {});
  const optional = new Set(data.optional_fields ?? []);
  const needed = new Set(columns.filter((column) => !optional.has(column)));
  // A subject taken from the file's name or path is the same for every row of the file.
  const subjectByFile = subject.from === "file" || subject.from === "path";
  const items: SuiteItem[] = [];
  let count = 0;
  for (const dated of files) {
    const whole = context.window ? { ...dated, rows: rowsInWindow(dated.rows, context.window) } : dated;
    // A `where` filter picks one task out of a mixed file; columns are checked on the rows it keeps.
    const file = where
      ? {
          ...whole,
          rows: whole.rows.filter((row) => where.every(([column, allowed]) => allowed.includes(ownValue(row.values, column) ?? ""))),
        }
      : whole;
    requireColumns(file, needed, source.file, `${fieldPath}.fields`, data.format);
    let fileSubject: string | undefined;
    const stem = fileStem(file.path);
    const shuffle = data.shuffle ? permutationsFrom(data.shuffle.seed, file.path) : undefined;
    const separator = data.option_label === "A)" ? ") " : ". ";
    const base = count;
    count += file.rows.length;
    // With `only` and every row an item, the rows taken are visited and no others (a sample takes a few
    // rows of each file, and its kept rows hold only those: keptRowsFile).
    const visit = only && file === dated ? [...only].filter((offset) => offset >= base && offset < count).sort((a, b) => a - b) : undefined;
    const visits = visit ? visit.length : file.rows.length;
    for (let step = 0; step < visits; step++) {
      const offset = visit ? visit[step]! : base + step;
      if (only && !only.has(offset)) continue;
      const row = file.rows[offset - base]!;
      const fields: Record<string, string> = { ...data.constants };
      for (let index = 0; index < variables.length; index++) fields[variables[index]!] = ownValue(row.values, columns[index]!) ?? "";
      for (const [variable, prefix] of prefixes) {
        if (fields[variable]?.startsWith(prefix)) fields[variable] = fields[variable].slice(prefix.length);
      }
      for (const [variable, field, empty, present] of variants)
        fields[variable] = (ownValue(row.values, field) ?? "") === "" ? empty : present.render(row.values);
      const id = `${stem}:${row.row}`;
      if (context.documents) fields[DOCUMENTS_VARIABLE] = context.documents.render(row, id);
      let listed: string[] | undefined;
      let published: string[] = [];
      if (data.choices_field) {
        try {
          const parsed = JSON.parse(ownValue(fields, data.choices_field) ?? "") as unknown;
          if (!Array.isArray(parsed) || parsed.length < 2) throw new Error("not a list of at least two options");
          published = parsed.map((option) => String(option));
          listed = stripOptionLabels(published);
        } catch (error) {
          throw new SuiteError(
            { file: file.path, ...(row.line ? { line: row.line } : {}) },
            `item ${id}: ${data.choices_field} is not a JSON list of options (${(error as Error).message})`,
            { code: "data" },
          );
        }
      } else if (data.choices) {
        listed = data.choices.map((variable) => ownValue(fields, variable) ?? "");
      }
      if (listed) {
        if (data.drop_options) listed = listed.filter((option) => !data.drop_options!.includes(option));
        if (shuffle) {
          const order = shuffle(row.row, listed.length);
          listed = order.map((index) => listed![index]!);
        }
        fields[OPTIONS_VARIABLE] = listed.map((option, index) => `${LABELS[index]}${separator}${option}`).join("\n");
      }
      const raw = ownValue(fields, data.target.field) ?? "";
      const answer = data.target.choice && listed ? singleAnswer(raw) : { value: raw.trim() };
      // A list of several answers is a voided item: every listed option is correct (KMMLU-Redux/Pro publish some).
      const accepted =
        "several" in answer && data.target.choice && listed
          ? answer.several.map((value) => choiceTarget(data.target.choice!, value, listed!, published))
          : undefined;
      if (accepted?.includes(undefined)) {
        throw new SuiteError(
          { file: file.path, ...(row.line ? { line: row.line } : {}) },
          `item ${id}: target value "${raw}" lists an answer that does not name one of its ${listed!.length} options (data.target.choice: ${data.target.choice})`,
          { code: "data", hint: "Check data.target.choice: index1 (1-based number), index0, letter, or text (the option itself)." },
        );
      }
      const value = "several" in answer ? undefined : answer.value;
      const target =
        accepted !== undefined
          ? accepted[0]
          : value === undefined
            ? undefined
            : data.target.choice && listed
              ? choiceTarget(data.target.choice, value, listed, published)
              : data.target.map
                ? ownValue(data.target.map, value)
                : value;
      if (target === undefined && data.target.choice && listed) {
        throw new SuiteError(
          { file: file.path, ...(row.line ? { line: row.line } : {}) },
          `item ${id}: target value "${raw}" does not name one of its ${listed.length} options (data.target.choice: ${data.target.choice})`,
          {
            code: "data",
            hint: "Check data.target.choice: index1 (1-based number), index0, letter, or text (the option itself).",
          },
        );
      }
      if (target === undefined) {
        throw new SuiteError(
          { file: file.path, ...(row.line ? { line: row.line } : {}) },
          `item ${id}: target value "${raw}" is not in data.target.map (${Object.keys(data.target.map ?? {}).join(", ")})`,
          { code: "data", hint: "Fix the row or extend the map in the suite." },
        );
      }
      const subjectName = subjectByFile
        ? (fileSubject ??= subjectOf(subject, row, source.file, `${fieldPath}.subject`))
        : subjectOf(subject, row, source.file, `${fieldPath}.subject`);
      const item: SuiteItem = { id, index: startIndex + offset, subject: subjectName, fields, target };
      if (listed) item.choices = listed;
      if (accepted) item.accepted = [...new Set(accepted as string[])];
      const supercategory = context.supercategories?.get(subjectName);
      if (supercategory !== undefined) item.supercategory = supercategory;
      if (data.turns) {
        const turns = parseTurns(ownValue(fields, data.turns) ?? "");
        if (!turns)
          throw new SuiteError(
            { file: file.path, ...(row.line ? { line: row.line } : {}), path: data.turns },
            `item ${id}: ${data.turns} is not a JSON list of user turns`,
            { code: "data" },
          );
        item.turns = turns;
        delete item.fields[data.turns];
      }
      if (definition.agentic) {
        item.task = parseTask(fields, { file: file.path, line: row.line, itemId: id });
        // A task's own id (when the data has one) names its item: records read `singlecall-3-13-exact`, not a row number.
        if (fields.id) item.id = item.task.id;
        // The task holds the parsed values: the JSON text is not kept twice.
        for (const key of TASK_FIELDS) delete item.fields[key];
      }
      items[offset] = item;
      rowsOut?.push(row);
    }
  }
  return items;
}

/**
 * The permutation of row r: the r-th `sample(range(n), n)` of Python's `random.Random(seed)`, drawn in
 * row order whatever rows a filter keeps (simple-evals draws one per row of the whole file).
 */
function permutationsFrom(seed: number, path: string): (row: number, size: number) => number[] {
  const random = new PythonRandom(seed);
  const drawn: number[][] = [];
  return (row, size) => {
    while (drawn.length <= row) drawn.push(random.permutation(size));
    const order = drawn[row]!;
    if (order.length !== size)
      throw new SuiteError(
        { file: path, path: "data.shuffle" },
        `row ${row} has ${size} options where earlier rows had ${order.length}: a shuffled suite needs the same number of options on every row`,
        { code: "data" },
      );
    return order;
  };
}
