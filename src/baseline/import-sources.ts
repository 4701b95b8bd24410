import { parse as parseCsv } from "csv-parse/sync";
import { isSeq } from "yaml";
import { KfmError } from "../spec/errors.js";
import { lineOf, parseYamlSource, toPlain } from "../yaml/yaml-source.js";

/** One score read from a published source, before it is checked: the fields as found, and where. */
export interface ImportRow {
  file: string;
  line?: number;
  /** Registry entry fields as the source gives them (checked against the entry schema later). */
  fields: Record<string, unknown>;
  /** Names to try, in order, for the benchmark (a dataset id, a task id, a column). */
  benchmarkNames: string[];
  /** Why the row cannot be an entry at all, when the source says so itself. */
  refused?: string;
}

/** What a model-card folder does not say about the model: given on the command line. */
export interface ModelIdentity {
  model: string;
  vendor: string;
  release_date: string;
  release_source: string;
  global: boolean;
}

const CSV_COLUMNS = ["model", "vendor", "release_date", "benchmark", "score", "citation"] as const;
const CSV_OPTIONAL = ["setting", "provenance", "release_source", "items", "shots", "reasoning", "global", "reported_by"] as const;

/**
 * A plain CSV of published scores, one a row: model, vendor, release_date, benchmark, score, citation,
 * and optionally setting (the source's words), provenance, release_source, items, shots, reasoning,
 * global, reported_by. Each row keeps its line.
 */
export function rowsFromCsv(file: string, text: string): ImportRow[] {
  const records = parseCsv(text, { columns: true, skip_empty_lines: true, trim: true, info: true, bom: true }) as Array<{
    record: Record<string, string>;
    info: { lines: number };
  }>;
  const header = Object.keys(records[0]?.record ?? {});
  const missing = CSV_COLUMNS.filter((column) => !header.includes(column));
  if (records.length > 0 && missing.length) {
    throw new KfmError("usage", `${file}: the CSV has no column ${missing.join(", ")}`, {
      hint: `Columns: ${CSV_COLUMNS.join(", ")}; optional ${CSV_OPTIONAL.join(", ")}.`,
    });
  }
  return records.map(({ record, info }) => {
    const number = (value: string | undefined) => (value === undefined || value === "" ? undefined : Number(value));
    const setting = {
      ...(number(record.shots) !== undefined ? { shots: number(record.shots) } : {}),
      ...(record.reasoning ? { reasoning: record.reasoning } : {}),
      ...(record.setting ? { note: record.setting } : {}),
    };
    return {
      file,
      line: info.lines,
      benchmarkNames: [record.benchmark ?? ""],
      fields: {
        model: record.model,
        vendor: record.vendor,
        global: record.global ? record.global.toLowerCase() !== "false" : true,
        release_date: record.release_date,
        release_source: record.release_source || `as given in ${file}`,
        score: number(record.score),
        setting,
        ...(number(record.items) !== undefined ? { items: number(record.items) } : {}),
        citation: record.citation,
        ...(record.reported_by ? { reported_by: record.reported_by } : {}),
        ...(record.provenance ? { provenance: record.provenance } : {}),
        measured_by: "published",
      },
    };
  });
}

/**
 * One file of a Hugging Face model repository's `.eval_results/` folder (the community-evals format):
 * a list of `{ dataset: { id, task_id }, value, date?, source: { url, name }, notes? }`. The benchmark is
 * looked up by `id:task_id`, then the dataset id, then the task id. A score with tools is refused: the
 * canonical benchmarks are scored without them.
 */
export function rowsFromEvalResults(file: string, text: string, model: ModelIdentity): ImportRow[] {
  const source = parseYamlSource(file, text, "config");
  const list = toPlain(source, "config");
  if (!Array.isArray(list) || !isSeq(source.document.contents))
    throw new KfmError("usage", `${file}: an .eval_results file is a list of results`, {
      hint: "e.g. - { dataset: { id: Idavidrein/gpqa, task_id: diamond }, value: 63.3, source: { url: …, name: Model Card } }",
    });
  return list.map((raw: unknown, index) => {
    const row = (raw ?? {}) as {
      dataset?: { id?: string; task_id?: string };
      value?: unknown;
      date?: string;
      source?: { url?: string; name?: string };
      notes?: string;
    };
    const line = lineOf(source, [index]);
    const id = row.dataset?.id ?? "";
    const task = row.dataset?.task_id;
    const cited = [row.source?.name, row.source?.url].filter(Boolean).join(", ");
    return {
      file,
      ...(line !== undefined ? { line } : {}),
      benchmarkNames: [...(task ? [`${id}:${task}`] : []), id, ...(task ? [task] : [])],
      ...(row.notes && /tool/i.test(row.notes)
        ? { refused: `scored with tools (${row.notes}): kfm's benchmarks are scored without them` }
        : {}),
      fields: {
        ...model,
        score: typeof row.value === "number" ? row.value : Number(row.value),
        setting: {
          note: `Hugging Face .eval_results ${id}${task ? ` / ${task}` : ""}${row.notes ? `; ${row.notes}` : ""}${row.date ? `; dated ${row.date}` : ""}`,
        },
        citation: `${model.model} model repository, .eval_results/${file.split(/[\\/]/).pop()}${cited ? ` (${cited})` : ""}`,
        measured_by: "published",
      },
    };
  });
}
