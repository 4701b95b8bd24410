import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { GenerationSettings } from "../spec/adapter.js";
import { KfmError, SuiteError } from "../spec/errors.js";
import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import { builtInSuitesDir, listSuites } from "./catalog.js";
import { findFiles, readDataFile, requireColumns, subjectOf, fileStem, type DataFile } from "./data.js";
import { buildFewShot } from "./few-shot.js";
import { contentHash } from "./hash.js";
import { suiteSchema, type SuiteDefinition, type SubjectRule } from "./schema.js";
import { compileTemplate, type Template } from "./template.js";
import { lineOf, parseWithSchema, parseYamlSource, type YamlSource } from "../yaml/yaml-source.js";

export interface LoadedSuite {
  definition: SuiteDefinition;
  /** Absolute path of the suite file. */
  file: string;
  dir: string;
  contentHash: string;
  /** Every item in canonical order: files sorted by path, rows in file order. */
  items: SuiteItem[];
  render(item: SuiteItem): RenderedPrompt;
  scorer: { id: string; args: Record<string, unknown> };
  generation: GenerationSettings;
  warnings: string[];
}

export interface LoadSuiteOptions {
  suitesDir?: string;
  cwd?: string;
}

const FEW_SHOT_VARIABLE = "fewshot";
const BUILT_IN_VARIABLES = ["subject"];

async function resolveRef(ref: string, options: LoadSuiteOptions): Promise<string> {
  const asPath = resolve(options.cwd ?? process.cwd(), ref);
  if (/\.ya?ml$/i.test(ref) || ref.includes("/")) {
    try {
      if ((await stat(asPath)).isFile()) return asPath;
    } catch {
      // fall through to the error below
    }
    throw new KfmError("usage", `suite file ${asPath} not found`, { hint: "Pass a suite id (`kfm suites list`) or the path of a suite YAML." });
  }
  const suites = await listSuites(options.suitesDir ?? builtInSuitesDir);
  const found = suites.find((suite) => suite.id === ref);
  if (!found) {
    throw new KfmError("usage", `unknown suite "${ref}"`, { hint: `Available suites: ${suites.map((suite) => suite.id).join(", ") || "(none)"}. Or pass the path of a suite YAML.` });
  }
  return found.file;
}

function checkVariables(source: YamlSource, template: Template, allowed: Set<string>, path: (string | number)[]): void {
  for (const variable of template.variables) {
    if (allowed.has(variable)) continue;
    const line = lineOf(source, path);
    throw new SuiteError({ file: source.file, ...(line !== undefined ? { line } : {}), path: path.join(".") }, `unknown template variable {{${variable}}}`, {
      hint: `Known variables: ${[...allowed].map((name) => `{{${name}}}`).join(", ")}. Map a column to it under data.fields.`,
    });
  }
}

function generationOf(definition: SuiteDefinition): GenerationSettings {
  const { temperature, max_tokens, top_p, seed, stop } = definition.generation;
  const settings: GenerationSettings = {};
  if (temperature !== undefined) settings.temperature = temperature;
  if (max_tokens !== undefined) settings.maxTokens = max_tokens;
  if (top_p !== undefined) settings.topP = top_p;
  if (seed !== undefined) settings.seed = seed;
  if (stop !== undefined) settings.stop = stop;
  return settings;
}

interface BuildContext {
  source: YamlSource;
  definition: SuiteDefinition;
  supercategories?: Map<string, string>;
}

/** Maps data rows to items: fields by column name, the target through its map, subject and group. */
export function buildItems(files: DataFile[], subject: SubjectRule, context: BuildContext, fieldPath: string, startIndex = 0): SuiteItem[] {
  const { definition, source } = context;
  const data = definition.data;
  const fieldEntries = Object.entries(data.fields);
  const where = data.where ? Object.entries(data.where).map(([column, value]) => [column, Array.isArray(value) ? value : [value]] as const) : undefined;
  const items: SuiteItem[] = [];
  for (const whole of files) {
    // A `where` filter picks one task out of a mixed file; columns are checked on the rows it keeps.
    const file = where ? { ...whole, rows: whole.rows.filter((row) => where.every(([column, allowed]) => allowed.includes(row.values[column] ?? ""))) } : whole;
    requireColumns(file, new Set(fieldEntries.map(([, column]) => column)), source.file, `${fieldPath}.fields`, data.format);
    const stem = fileStem(file.path);
    for (const row of file.rows) {
      const fields: Record<string, string> = { ...data.constants };
      for (const [variable, column] of fieldEntries) fields[variable] = row.values[column] ?? "";
      const id = `${stem}:${row.row}`;
      const raw = fields[data.target.field] ?? "";
      const target = data.target.map ? data.target.map[raw.trim()] : raw.trim();
      if (target === undefined) {
        throw new SuiteError(
          { file: file.path, ...(row.line ? { line: row.line } : {}) },
          `item ${id}: target value "${raw}" is not in data.target.map (${Object.keys(data.target.map ?? {}).join(", ")})`,
          { code: "data", hint: "Fix the row or extend the map in the suite." },
        );
      }
      const subjectName = subjectOf(subject, row, source.file, `${fieldPath}.subject`);
      const item: SuiteItem = { id, index: startIndex + items.length, subject: subjectName, fields, target };
      if (data.choices) item.choices = data.choices.map((variable) => fields[variable] ?? "");
      const supercategory = context.supercategories?.get(subjectName);
      if (supercategory !== undefined) item.supercategory = supercategory;
      items.push(item);
    }
  }
  return items;
}

async function readGroups(context: { source: YamlSource; definition: SuiteDefinition; dir: string }): Promise<{ map?: Map<string, string>; file?: DataFile }> {
  const rule = context.definition.groups?.supercategory;
  if (!rule) return {};
  const [path] = await findFiles(context.source.file, context.dir, rule.file, "groups.supercategory.file");
  const format = path!.endsWith(".csv") ? "csv" : path!.endsWith(".jsonl") ? "jsonl" : "json";
  const file = await readDataFile(path!, context.dir, format);
  requireColumns(file, [rule.key, rule.value], context.source.file, "groups.supercategory", format);
  return { map: new Map(file.rows.map((row) => [row.values[rule.key]!, row.values[rule.value]!])), file };
}

/** Reads, validates and maps a suite; every error names file, line and field path. */
export async function loadSuite(ref: string, options: LoadSuiteOptions = {}): Promise<LoadedSuite> {
  const file = await resolveRef(ref, options);
  const dir = dirname(file);
  const bytes = await readFile(file);
  const source = parseYamlSource(file, bytes.toString("utf8"), "suite");
  const definition = parseWithSchema(source, suiteSchema, "suite", "`kfm suites schema` prints the format; the README describes it.");
  const warnings: string[] = [];
  const data = definition.data;

  const fieldNames = new Set([...Object.keys(data.fields), ...Object.keys(data.constants ?? {})]);
  for (const [index, choice] of (data.choices ?? []).entries()) {
    if (!fieldNames.has(choice)) throw new SuiteError({ file, line: lineOf(source, ["data", "choices", index]) ?? 0, path: `data.choices[${index}]` }, `"${choice}" is not a field in data.fields`);
  }
  if (!fieldNames.has(data.target.field)) {
    throw new SuiteError({ file, line: lineOf(source, ["data", "target", "field"]) ?? 0, path: "data.target.field" }, `"${data.target.field}" is not a field in data.fields`);
  }
  const promptVariables = new Set([...fieldNames, ...BUILT_IN_VARIABLES, ...(definition.few_shot ? [FEW_SHOT_VARIABLE] : [])]);
  const userTemplate = compileTemplate(definition.prompt.user);
  const systemTemplate = definition.prompt.system !== undefined ? compileTemplate(definition.prompt.system) : undefined;
  checkVariables(source, userTemplate, promptVariables, ["prompt", "user"]);
  if (systemTemplate) checkVariables(source, systemTemplate, promptVariables, ["prompt", "system"]);
  const shotTemplate = definition.few_shot ? compileTemplate(definition.few_shot.template) : undefined;
  if (shotTemplate) checkVariables(source, shotTemplate, new Set([...fieldNames, ...BUILT_IN_VARIABLES, "target"]), ["few_shot", "template"]);

  const groups = await readGroups({ source, definition, dir });
  const context: BuildContext = { source, definition, ...(groups.map ? { supercategories: groups.map } : {}) };
  const dataFiles = await Promise.all((await findFiles(file, dir, data.files, "data.files")).map((path) => readDataFile(path, dir, data.format)));
  const items = buildItems(dataFiles, data.subject, context, "data");
  if (items.length === 0) throw new SuiteError({ file, path: data.where ? "data.where" : "data.files" }, "the data yields no items", { code: "data", hint: "Check data.where and the files." });
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.id)) throw new SuiteError({ file, path: "data.files" }, `two items have the id ${item.id}: two data files share a name`, { code: "data" });
    seen.add(item.id);
  }
  if (groups.map) {
    const missing = [...new Set(items.filter((item) => item.supercategory === undefined).map((item) => item.subject))];
    if (missing.length > 0) warnings.push(`no supercategory for subjects: ${missing.join(", ")}`);
  }

  let shotFiles: DataFile[] = [];
  let fewShot: ((item: SuiteItem) => string) | undefined;
  if (definition.few_shot && shotTemplate) {
    const rule = definition.few_shot;
    shotFiles = await Promise.all((await findFiles(file, dir, rule.files, "few_shot.files")).map((path) => readDataFile(path, dir, data.format)));
    const pool = buildItems(shotFiles, rule.subject, context, "few_shot");
    const built = buildFewShot(pool, { k: rule.k, perSubject: rule.per_subject, template: shotTemplate, separator: rule.separator });
    fewShot = built.render;
    const short = [...new Set(items.map((item) => item.subject))].filter((subject) => built.available(subject) < rule.k);
    if (short.length > 0) warnings.push(`fewer than ${rule.k} few-shot examples for: ${short.join(", ")}`);
  }

  const hash = contentHash(bytes, [...dataFiles, ...shotFiles, ...(groups.file ? [groups.file] : [])]);
  const render = (item: SuiteItem): RenderedPrompt => {
    const values: Record<string, string> = { ...item.fields, subject: item.subject };
    if (fewShot) values[FEW_SHOT_VARIABLE] = fewShot(item);
    const messages: RenderedPrompt["messages"] = [];
    if (systemTemplate) messages.push({ role: "system", content: systemTemplate.render(values) });
    messages.push({ role: "user", content: userTemplate.render(values) });
    return { messages };
  };
  return {
    definition,
    file,
    dir,
    contentHash: hash,
    items,
    render,
    scorer: { id: definition.scorer.id, args: definition.scorer.args },
    generation: generationOf(definition),
    warnings,
  };
}
