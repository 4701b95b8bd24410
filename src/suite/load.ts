import { readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { AgentLimits, EnvironmentFactory } from "../spec/agentic.js";
import type { JudgeResources } from "../spec/scorer.js";
import { readJudgeResources } from "./judge-resources.js";
import type { GenerationSettings } from "../spec/adapter.js";
import { closestName } from "../spec/closest-name.js";
import { KfmError, SuiteError, type SourceLocation } from "../spec/errors.js";
import type { RenderedPrompt, SuiteItem } from "../spec/item.js";
import type { ItemIndex, ItemSelection } from "./item-index.js";
import { buildItems, type BuildContext } from "./build-items.js";
import { indexData, keepRows, keptRowsFile } from "./index-data.js";
import {
  codeFingerprint,
  digestFiles,
  indexCacheDir,
  indexCacheKey,
  suiteDefinitionKey,
  readCachedIndex,
  writeCachedIndex,
} from "./index-cache.js";
import { readKeptRows } from "./rows-file.js";
import { effectiveWindow, type DateWindow } from "./date-window.js";
import { fileByFile, inMemory, type IndexedFile } from "./item-feed.js";
import { builtInSuitesDir, findSuite, listSuites, SUITE_SIZE_HINT } from "./catalog.js";
import { findSuppliedData } from "./supplied.js";
import { columnsRead, findFiles, parseDataFile, readDataFile, requireColumns, type DataFile } from "./data.js";
import { buildFewShot } from "./few-shot.js";
import { documentReader } from "./documents.js";
import { DigestMemo } from "./digest-memo.js";
import { contentHash, fileDigest } from "./hash.js";
import { suiteSchema, type SuiteDefinition } from "./schema.js";
import { compileDefinition, FEW_SHOT_VARIABLE } from "./check-definition.js";
import { loadEnvironment } from "./environment-module.js";
import {
  formatPath,
  lineOf,
  parseWithSchema,
  parseYamlSource,
  rememberedYamlSource,
  survivesJson,
  yamlSizeProblem,
  type YamlSource,
} from "../yaml/yaml-source.js";
import { ownValue } from "../spec/own-value.js";

/** A suite as a run needs it: definition, prompt rendering and the packed index; items come a data file at a time. */
export interface IndexedSuite {
  definition: SuiteDefinition;
  /** Absolute path of the suite file. */
  file: string;
  dir: string;
  contentHash: string;
  /** Every item's id and subject by position, in canonical order (files sorted by path, rows in file order), packed. */
  index: ItemIndex;
  /** Every item has options (log-likelihood scoring needs them). */
  allHaveChoices: boolean;
  /**
   * The items of a selection from this suite's index, in its order, one data file's worth at a
   * time: each file's rows come from the row cache, or are read from disk again and checked
   * against the bytes the suite was loaded (and hashed) from, then mapped; the next file is
   * prepared while the caller works through the current one.
   */
  itemsFor(selection: ItemSelection): AsyncIterable<SuiteItem[]>;
  render(item: SuiteItem): RenderedPrompt;
  scorer: { id: string; args: Record<string, unknown> };
  /** File, line and field of a path in the suite document (its nearest present ancestor's line), for errors found after loading. */
  locate(path: ReadonlyArray<string | number>): SourceLocation;
  generation: GenerationSettings;
  warnings: string[];
  /** A supplied suite with `data.supplied.layouts`: the published layout found under the data folder. */
  layout?: { id: string; title: string };
  /** The date window the items were chosen by (`data.window`, ends moved by the load's `window`). */
  window?: DateWindow;
  /** Judged suites: the judge prompts by name and reference answers by key. */
  judgeResources?: JudgeResources;
  /** Tool-use suites: how tasks run, and the environment module's factory when the suite ships one. */
  agentic?: { mode: "single-step" | "loop" | "dual"; limits: AgentLimits; trials: number; environment?: EnvironmentFactory };
}

/** A suite with every item in memory (validation, reports, re-scoring, the simulator). */
export interface LoadedSuite extends IndexedSuite {
  /** Every item in canonical order: files sorted by path, rows in file order. */
  items: SuiteItem[];
}

export interface LoadSuiteOptions {
  suitesDir?: string;
  cwd?: string;
  /** Where user-supplied data lives (suites with `data.supplied`); default $KFM_DATA_DIR, then the suite's folder. */
  dataDir?: string;
  /**
   * Keep only the packed index, not the items (what `kfm eval` does): every file is still read, mapped and
   * validated, but its items are dropped once indexed, so memory does not grow with the suite.
   */
  index?: boolean;
  /**
   * With `index`: keep the parsed rows of data files, as compact JSON outside the JS heap, up to
   * this many bytes (default 32 MiB), so the run maps them again without parsing CSV (6x faster
   * on KMMLU); files beyond it are read from disk again. 0 turns the cache off.
   */
  rowCacheBytes?: number;
  /**
   * With `index`: the folder of the suite index cache (index-cache.ts), or false for none; default
   * $KFM_CACHE_DIR/suite-index, else the user's cache folder.
   */
  cacheDir?: string | false;
  /** Moves the ends of the suite's `data.window` (`kfm eval --from/--to`); an error for a suite without one. */
  window?: { from?: string; to?: string };
}

/**
 * Data bytes kept from the cache key's digests, for indexing (on a miss) and the content hash (else each
 * file is read and hashed again, one at a time): all of KMMLU's 11 MB, a bounded share of a larger suite.
 */
const KEEP_DIGESTED_BYTES = 64 * 1024 * 1024;

/** Enough for KMMLU (11.5 MB of rows) and a 200,000-item suite, small beside the 300 MB memory goal. */
const DEFAULT_ROW_CACHE_BYTES = 32 * 1024 * 1024;

/** The absolute path of a suite file from its id or path. */
export async function resolveRef(ref: string, options: LoadSuiteOptions): Promise<string> {
  const asPath = resolve(options.cwd ?? process.cwd(), ref);
  if (/\.ya?ml$/i.test(ref) || ref.includes("/")) {
    try {
      if ((await stat(asPath)).isFile()) return asPath;
    } catch {
      // fall through to the error below
    }
    throw new KfmError("usage", `suite file ${asPath} not found`, {
      hint: "Pass a suite id (`kfm suites list`) or the path of a suite YAML.",
    });
  }
  const found = await findSuite(ref, options.suitesDir ?? builtInSuitesDir);
  if (found) return found;
  const ids = (await listSuites(options.suitesDir ?? builtInSuitesDir)).map((suite) => suite.id);
  const near = closestName(ref, ids);
  throw new KfmError("usage", `unknown suite "${ref}"${near ? ` (did you mean ${near}?)` : ""}`, {
    hint: `Available suites: ${ids.join(", ") || "(none)"}. Or pass the path of a suite YAML.`,
  });
}

function generationOf(definition: SuiteDefinition): GenerationSettings {
  const { temperature, max_tokens, top_p, seed, stop } = definition.generation;
  const settings: GenerationSettings = {};
  if (temperature !== undefined) settings.temperature = temperature;
  if (max_tokens !== undefined) settings.maxTokens = max_tokens;
  if (top_p !== undefined) settings.topP = top_p;
  if (seed !== undefined) settings.seed = seed;
  if (stop !== undefined) settings.stop = stop;
  if (definition.request !== undefined) settings.request = definition.request;
  return settings;
}

async function readGroups(context: {
  source: YamlSource;
  definition: SuiteDefinition;
  dir: string;
}): Promise<{ map?: Map<string, string>; file?: DataFile }> {
  const rule = context.definition.groups?.supercategory;
  if (!rule) return {};
  if ("map" in rule) return { map: new Map(Object.entries(rule.map)) };
  const [path] = await findFiles(context.source.file, context.dir, rule.file, "groups.supercategory.file");
  const format = path!.endsWith(".csv") ? "csv" : path!.endsWith(".jsonl") ? "jsonl" : "json";
  const file = await readDataFile(path!, context.dir, format);
  requireColumns(file, [rule.key, rule.value], context.source.file, "groups.supercategory", format);
  return { map: new Map(file.rows.map((row) => [ownValue(row.values, rule.key)!, ownValue(row.values, rule.value)!])), file };
}

/**
 * The suite file parsed and validated: from the memo when these very bytes were validated before by
 * this very loader (the key covers both; the YAML document is then parsed only if a later error needs
 * a line), else parsed and checked against the schema, and remembered when it round-trips through JSON.
 */
async function readDefinition(
  file: string,
  bytes: Buffer,
  memo: DigestMemo | undefined,
): Promise<{ source: YamlSource; declared: SuiteDefinition }> {
  const key = memo ? await suiteDefinitionKey(bytes).catch(() => undefined) : undefined;
  const remembered = key ? memo!.suiteDefinition(key) : undefined;
  // A copy: the load must not change what the memo writes back.
  if (remembered !== undefined)
    return { source: rememberedYamlSource(file, bytes.toString("utf8")), declared: structuredClone(remembered) as SuiteDefinition };
  const source = parseYamlSource(file, bytes.toString("utf8"), "suite");
  const declared = parseWithSchema(source, suiteSchema(), "suite", "`kfm suites schema` prints the format; the README describes it.");
  if (key && survivesJson(declared)) memo!.rememberSuiteDefinition(key, structuredClone(declared));
  return { source, declared };
}

/** Reads, validates and maps a suite; every error names file, line and field path. */
export async function loadSuite(ref: string, options: LoadSuiteOptions & { index: true }): Promise<IndexedSuite>;
export async function loadSuite(ref: string, options?: LoadSuiteOptions & { index?: false }): Promise<LoadedSuite>;
export async function loadSuite(ref: string, options: LoadSuiteOptions = {}): Promise<IndexedSuite | LoadedSuite> {
  const file = await resolveRef(ref, options);
  const dir = dirname(file);
  const tooLarge = yamlSizeProblem(file, (await stat(file)).size, "a suite file");
  if (tooLarge) throw new SuiteError({ file }, tooLarge, { hint: `Refused before reading: ${SUITE_SIZE_HINT}.` });
  const bytes = await readFile(file);
  // The cache's folder holds the digest memo, which also remembers the suite file validated (for loads that use the cache).
  const cacheFolder = options.index && options.cacheDir !== false ? (options.cacheDir ?? indexCacheDir()) : undefined;
  if (cacheFolder) codeFingerprint().catch(() => {}); // read beside the memo; the keys await it (and meet any error)
  const memo = cacheFolder ? await DigestMemo.open(cacheFolder) : undefined;
  const { source, declared } = await readDefinition(file, bytes, memo);
  // A supplied suite reads the layout found under the data folder: its files, format and mapping.
  const supplied = declared.data.supplied
    ? await findSuppliedData(file, declared, options.dataDir ?? process.env.KFM_DATA_DIR ?? dir, options.cwd)
    : undefined;
  const definition = supplied?.definition ?? declared;
  const data = definition.data;

  const { userTemplate, systemTemplate, shotTemplate } = compileDefinition(source, definition);

  const groups = await readGroups({ source, definition, dir });
  const dataRoot = supplied?.root ?? dir;
  const documents = data.documents ? documentReader(dataRoot, data.documents, file) : undefined;
  const window = effectiveWindow(definition.id, data.window, options.window);
  const context: BuildContext = {
    source,
    definition,
    ...(window ? { window } : {}),
    ...(groups.map ? { supercategories: groups.map } : {}),
    ...(documents ? { documents } : {}),
  };
  // Files one at a time: each is mapped and validated, its refs kept, its rows dropped; an index kept
  // in the cache for these very bytes (and this loader) is read instead.
  const dataPaths = await findFiles(file, dataRoot, data.files!, "data.files");
  const columns = columnsRead(data);
  // Suites that read documents are not cached: the documents an item reads are known only by building it.
  const cacheDir = documents ? undefined : cacheFolder;
  const digested = cacheDir ? await digestFiles(dataPaths, dataRoot, KEEP_DIGESTED_BYTES, memo) : undefined;
  const cacheKey =
    digested && (await indexCacheKey({ suiteBytes: bytes, definition, window, supercategories: groups.map, files: digested }));
  const cached = cacheKey ? await readCachedIndex(cacheDir!, cacheKey, digested!) : undefined;
  const dataIndex =
    cached ??
    (await indexData({
      suiteFile: file,
      dataRoot,
      dataPaths,
      data,
      columns,
      context,
      keep: !options.index,
      rowCacheBytes: options.index ? (options.rowCacheBytes ?? DEFAULT_ROW_CACHE_BYTES) : 0,
      // The bytes the digests were made from (up to KEEP_DIGESTED_BYTES): parsed, not read again.
      ...(digested ? { read: digested } : {}),
    }));
  const { index, indexed, allHaveChoices, rowCache } = dataIndex;
  const kept = dataIndex.kept;
  const warnings = [...dataIndex.warnings];
  const subjects = index.subjects();

  let shotFiles: DataFile[] = [];
  let fewShot: ((item: SuiteItem) => string) | undefined;
  if (definition.few_shot && shotTemplate) {
    const rule = definition.few_shot;
    // A supplied suite's examples come with its data (MMLU-Pro's validation split), from the same folder.
    shotFiles = await Promise.all(
      (await findFiles(file, dataRoot, rule.files, "few_shot.files")).map((path) => readDataFile(path, dataRoot, data.format, columns)),
    );
    const pool = buildItems(shotFiles, rule.subject, context, "few_shot");
    const built = buildFewShot(pool, { k: rule.k, perSubject: rule.per_subject, template: shotTemplate, separator: rule.separator });
    fewShot = built.render;
    const short = [...subjects].filter((subject) => built.available(subject) < rule.k);
    if (short.length > 0) warnings.push(`fewer than ${rule.k} few-shot examples for: ${short.join(", ")}`);
  }

  const environmentModule = definition.agentic?.environment ? await loadEnvironment(file, dir, definition.agentic.environment) : undefined;
  const judge = definition.judge ? await readJudgeResources(file, dir, definition.judge) : undefined;
  // Data files beyond the bytes kept are read once more for the hash (one at a time, each checked against
  // the bytes that were indexed), unless the memo has the hash these digests make.
  const hash = await contentHash(
    bytes,
    [
      ...indexed.map(({ path, relativePath, digest }, number) => {
        const bytes = digested?.[number]?.bytes;
        return bytes ? { relativePath, bytes, digest } : { relativePath, path, digest };
      }),
      ...shotFiles,
      ...(groups.file ? [groups.file] : []),
      ...(environmentModule ? [environmentModule.file] : []),
      ...(judge?.files ?? []),
      ...(documents?.read() ?? []),
    ],
    memo,
  );
  const render = (item: SuiteItem): RenderedPrompt => {
    const values: Record<string, string> = { ...item.fields, subject: item.subject };
    if (fewShot) values[FEW_SHOT_VARIABLE] = fewShot(item);
    const messages: RenderedPrompt["messages"] = [];
    const task = item.task;
    if (systemTemplate && !task?.messages.some((message) => message.role === "system"))
      messages.push({ role: "system", content: systemTemplate.render(values) });
    if (task) return { messages: [...messages, ...task.messages], tools: task.tools };
    if (item.turns) {
      messages.push({ role: "user", content: userTemplate ? userTemplate.render({ ...values, turn: item.turns[0]! }) : item.turns[0]! });
      return item.turns.length > 1 ? { messages, followUps: item.turns.slice(1) } : { messages };
    }
    messages.push({ role: "user", content: userTemplate!.render(values) });
    return { messages };
  };
  const agentic = definition.agentic;
  // A file parsed a second time during runs (a campaign's next team, another pass over the suite) keeps
  // its rows in the row cache while there is room: the rows of bytes just checked against the load's digest.
  let rowCacheRoom = options.index ? (options.rowCacheBytes ?? DEFAULT_ROW_CACHE_BYTES) : 0;
  for (const [path, rows] of rowCache) {
    // Rows read with a cached index are held to this load's room too (none with rowCacheBytes: 0).
    if (rows.length > rowCacheRoom) rowCache.delete(path);
    else rowCacheRoom -= rows.length;
  }
  const parsedOnce = new Set<string>();
  const mapFile = async (entry: IndexedFile, only?: ReadonlySet<number>): Promise<SuiteItem[]> => {
    const kept = rowCache.get(entry.path);
    // Only the rows taken are parsed, when every row is an item (no filter renumbers them).
    const fromRows = kept && keptRowsFile(entry, readKeptRows(kept), data.where || context.window ? undefined : only);
    // The very rows that were loaded and hashed (in memory, or in the index cache beside this very index): the data file is not read again.
    if (fromRows) return buildItems([fromRows], data.subject, context, "data", entry.start, undefined, only);
    let bytes: Buffer;
    try {
      bytes = await readFile(entry.path);
    } catch (error) {
      throw new KfmError("data", `cannot read ${entry.path} again during the run: ${(error as Error).message}`, {
        hint: "Keep a suite's data in place while a run uses it; resume the run once it is back.",
      });
    }
    if (fileDigest(bytes) !== entry.digest) {
      throw new KfmError(
        "data",
        `${entry.path} changed after suite ${definition.id} was loaded: the run would no longer match its content hash ${hash}`,
        {
          hint: "Keep a suite's data unchanged while a run uses it; start a new run for the new data.",
        },
      );
    }
    const dataFile = await parseDataFile(entry.path, bytes, dataRoot, data.format, columns);
    if (!parsedOnce.has(entry.path)) parsedOnce.add(entry.path);
    else if (rowCacheRoom > 0) rowCacheRoom -= keepRows(rowCache, dataFile, rowCacheRoom);
    return buildItems([dataFile], data.subject, context, "data", entry.start, undefined, only);
  };
  const itemsFor = (selection: ItemSelection): AsyncIterable<SuiteItem[]> =>
    kept ? inMemory(kept, selection) : fileByFile(indexed, selection, mapFile);
  const suite: IndexedSuite = {
    definition,
    file,
    dir,
    contentHash: hash,
    index,
    allHaveChoices,
    itemsFor,
    render,
    scorer: { id: definition.scorer.id, args: definition.scorer.args },
    locate(path) {
      const line = lineOf(source, path);
      return { file, ...(line !== undefined ? { line } : {}), path: formatPath(path) };
    },
    generation: generationOf(definition),
    warnings,
    ...(supplied?.layout ? { layout: { id: supplied.layout.id, title: supplied.layout.title } } : {}),
    ...(window ? { window } : {}),
    ...(judge ? { judgeResources: judge.resources } : {}),
    ...(agentic
      ? {
          agentic: {
            mode: agentic.mode,
            limits: {
              turns: agentic.limits.turns,
              toolCalls: agentic.limits.tool_calls,
              seconds: agentic.limits.seconds,
              ...(agentic.limits.steps !== undefined ? { steps: agentic.limits.steps } : {}),
              ...(agentic.limits.tool_errors !== undefined ? { toolErrors: agentic.limits.tool_errors } : {}),
            },
            trials: agentic.trials,
            ...(environmentModule ? { environment: environmentModule.factory } : {}),
          },
        }
      : {}),
  };
  // Cached once the whole load succeeded, and only when no data file changed between its digest and its indexing.
  if (cacheKey && !cached && digested!.every((entry, number) => entry.digest === indexed[number]?.digest))
    await writeCachedIndex(cacheDir!, cacheKey, dataIndex);
  // After the index: its write makes the cache's folder, which a suite's first load finds missing.
  await memo?.save();
  return kept ? { ...suite, items: kept } : suite;
}
