import { existsSync, readFileSync, realpathSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { SuiteError } from "../spec/errors.js";
import type { DataRow } from "./data.js";
import { fileDigest } from "./hash.js";
import type { DocumentsRule } from "./schema.js";
import { compileTemplate } from "./template.js";
import { ownValue } from "../spec/own-value.js";

/** The `{{documents}}` variable: an item's documents, each wrapped by the rule's template, in the order the row lists them. */
export const DOCUMENTS_VARIABLE = "documents";

export interface DocumentReader {
  /** The item's documents as one text, each wrapped and joined as the rule says. */
  render(row: DataRow, itemId: string): string;
  /** Every document read so far, with its digest, for the suite's content hash. */
  read(): Array<{ relativePath: string; path: string; digest: string }>;
}

/**
 * Reads the documents an item names (AA-LCR: `lcr/<category>/<set>/<file>` for each file of
 * `data_source_filenames`), from the data folder only: a name that resolves outside it, symlinks
 * included, is refused. Document sets are shared by several questions, so each file is read once.
 */
export function documentReader(root: string, rule: DocumentsRule, suiteFile: string): DocumentReader {
  const folder = compileTemplate(rule.folder);
  const wrap = compileTemplate(rule.template);
  const realRoot = realpathSync(root);
  const texts = new Map<string, { text: string; relativePath: string; digest: string }>();
  const load = (named: string, row: DataRow, itemId: string) => {
    const path = rule.fallback_suffix && !existsSync(named) ? named + rule.fallback_suffix : named;
    const known = texts.get(path);
    if (known) return known.text;
    let real: string;
    let bytes: Buffer;
    try {
      real = realpathSync(path);
      bytes = readFileSync(real);
    } catch {
      throw new SuiteError(
        { file: row.file, ...(row.line ? { line: row.line } : {}) },
        `item ${itemId}: document ${named} is missing${rule.fallback_suffix ? ` (nor ${named}${rule.fallback_suffix})` : ""}`,
        {
          code: "data",
          hint: `Unpack the benchmark's documents into the data folder (${suiteFile} data.documents.folder is "${rule.folder}").`,
        },
      );
    }
    if (real !== realRoot && !real.startsWith(realRoot + sep)) {
      throw new SuiteError(
        { file: row.file, ...(row.line ? { line: row.line } : {}) },
        `item ${itemId}: document ${path} resolves outside the data folder (${real})`,
        { code: "data" },
      );
    }
    const text = bytes.toString("utf8");
    texts.set(path, { text, relativePath: relative(root, path).split(sep).join("/"), digest: fileDigest(bytes) });
    return text;
  };
  return {
    render(row, itemId) {
      const names = (ownValue(row.values, rule.files) ?? "")
        .split(rule.separator)
        .map((name) => name.trim())
        .filter(Boolean);
      if (names.length === 0)
        throw new SuiteError(
          { file: row.file, ...(row.line ? { line: row.line } : {}) },
          `item ${itemId}: column "${rule.files}" names no document`,
          { code: "data" },
        );
      const dir = resolve(root, folder.render(row.values));
      return names
        .map((name, index) => wrap.render({ index: String(index + 1), text: load(resolve(dir, name), row, itemId), name }))
        .join(rule.joiner);
    },
    read: () => [...texts.entries()].map(([path, { relativePath, digest }]) => ({ path, relativePath, digest })),
  };
}
