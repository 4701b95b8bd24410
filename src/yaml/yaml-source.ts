import { LineCounter, isMap, isSeq, parseDocument, stringify, type Document } from "yaml";
import type * as z from "zod";
import { closestName } from "../spec/closest-name.js";
import { SuiteError } from "../spec/errors.js";

/** A value as YAML text (`kfm suites show`): the yaml package's `stringify`, reached through this module so a command imports it on demand. */
export function yamlText(value: unknown): string {
  return stringify(value);
}

/** Caps that keep a hostile file (alias bombs, huge documents) from exhausting memory. */
export const MAX_YAML_BYTES = 2 * 1024 * 1024;
const MAX_ALIAS_COUNT = 100;
const MIB = 1024 * 1024;

/** Why a file of `size` bytes is over the YAML cap (said before anything of it is read); undefined when it is not. */
export function yamlSizeProblem(file: string, size: number, what: string): string | undefined {
  if (size <= MAX_YAML_BYTES) return undefined;
  return `${file} is ${(size / MIB).toFixed(1)} MiB, over the ${MAX_YAML_BYTES / MIB} MiB cap for ${what}`;
}

export interface YamlSource {
  file: string;
  readonly document: Document;
  readonly counter: LineCounter;
}

type ErrorCode = "suite" | "config";

/**
 * Parses YAML keeping positions, so later errors can name the line of a field path. A `__proto__` key
 * is refused with its line: a plain object cannot hold it, so it would vanish without a word.
 * `names` says what the keys under a map are called (`{ endpoints: "endpoint name" }`), for that message.
 */
export function parseYamlSource(file: string, text: string, code: ErrorCode, names: Readonly<Record<string, string>> = {}): YamlSource {
  if (text.length > MAX_YAML_BYTES)
    throw new SuiteError({ file }, `file is larger than ${MAX_YAML_BYTES} bytes; refusing to parse it`, { code });
  const { document, counter } = parseWithPositions(text);
  const syntax = document.errors[0];
  if (syntax) {
    const { line, col } = counter.linePos(syntax.pos[0]);
    throw new SuiteError({ file, line, column: col }, `YAML syntax error: ${syntax.message.split("\n")[0]}`, { code });
  }
  const source = { file, document, counter };
  refuseReservedKeys(source, code, names);
  return source;
}

function parseWithPositions(text: string): { document: Document; counter: LineCounter } {
  const counter = new LineCounter();
  return { document: parseDocument(text, { lineCounter: counter, prettyErrors: false, uniqueKeys: true }), counter };
}

/**
 * A source for text whose value is known already (these very bytes were parsed before and passed
 * `parseYamlSource`'s checks). The document is parsed only when something asks for it, an error
 * naming a line, so a file read unchanged costs no YAML parse (a suite's: ~5 ms, and ~15-25 ms more
 * of compiling the parser when it is the process's first).
 */
export function rememberedYamlSource(file: string, text: string): YamlSource {
  let parsed: { document: Document; counter: LineCounter } | undefined;
  const parse = () => (parsed ??= parseWithPositions(text));
  return {
    file,
    get document() {
      return parse().document;
    },
    get counter() {
      return parse().counter;
    },
  };
}

/** Whether a plain value comes back the same from JSON (no `.inf`, `.nan` or other value JSON cannot hold), so it can be remembered as JSON. */
export function survivesJson(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "boolean") return true;
  if (typeof value === "number") return Number.isFinite(value) && !Object.is(value, -0);
  if (Array.isArray(value)) return value.every(survivesJson);
  if (typeof value !== "object" || Object.getPrototypeOf(value) !== Object.prototype) return false;
  return Object.values(value).every(survivesJson);
}

/** Every map key in the document is checked, iteratively so a deeply nested file cannot exhaust the stack. */
function refuseReservedKeys(source: YamlSource, code: ErrorCode, names: Readonly<Record<string, string>>): void {
  const pending: Array<{ node: unknown; path: PropertyKey[] }> = [{ node: source.document.contents, path: [] }];
  while (pending.length > 0) {
    const { node, path } = pending.pop()!;
    if (isSeq(node)) node.items.forEach((item, index) => pending.push({ node: item, path: [...path, index] }));
    if (!isMap(node)) continue;
    for (const pair of node.items) {
      const key = (pair.key as { value?: unknown } | null)?.value;
      if (key === "__proto__") {
        const line = lineOf(source, [...path, key]);
        const name = names[String(path.at(-1))] ?? "key";
        throw new SuiteError(
          { file: source.file, ...(line !== undefined ? { line } : {}), path: formatPath([...path, key]) },
          `${name} "__proto__" is reserved; rename it`,
          { code },
        );
      }
      pending.push({ node: pair.value, path: [...path, String(key)] });
    }
  }
}

export function toPlain(source: YamlSource, code: ErrorCode): unknown {
  try {
    return source.document.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    throw new SuiteError({ file: source.file }, `cannot read YAML: ${(error as Error).message}`, { code, cause: error });
  }
}

/** The line of the node at `path`, or of its nearest ancestor present in the document. */
export function lineOf(source: YamlSource, path: readonly PropertyKey[]): number | undefined {
  const position = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    return range ? source.counter.linePos(range[0]).line : undefined;
  };
  let node: unknown = source.document.contents;
  let line = position(node);
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => (item.key as { value?: unknown } | null)?.value === key);
      if (!pair) break;
      line = position(pair.key) ?? line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      node = node.items[key];
      line = position(node) ?? line;
    } else break;
  }
  return line;
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, index) => (typeof key === "number" ? `[${key}]` : `${index > 0 ? "." : ""}${String(key)}`)).join("");
}

/** Validates the document with a zod schema; the first issue becomes an error naming file, line and field path. */
export function parseWithSchema<T extends z.ZodType>(source: YamlSource, schema: T, code: ErrorCode, hint?: string): z.infer<T> {
  const result = schema.safeParse(toPlain(source, code) ?? {});
  if (result.success) return result.data;
  const first = result.error.issues[0]!;
  // A required key reported missing beside an unknown one is usually that key mistyped: report the typo.
  const typo = result.error.issues.find(
    (candidate) => candidate.code === "unrecognized_keys" && formatPath(candidate.path) === formatPath(first.path.slice(0, -1)),
  );
  const issue = first.code === "invalid_type" && typo ? typo : first;
  // An unknown key is reported on its parent; point at the key itself, where the typo is.
  const path = issue.code === "unrecognized_keys" && issue.keys.length > 0 ? [...issue.path, issue.keys[0]!] : issue.path;
  const line = lineOf(source, path);
  const near = issue.code === "unrecognized_keys" ? closestName(issue.keys[0]!, keysAt(schema, issue.path)) : undefined;
  const message =
    issue.code === "unrecognized_keys"
      ? `unknown key "${issue.keys.join('", "')}" (${near ? `did you mean "${near}"?` : "a typo?"})`
      : issue.message;
  throw new SuiteError({ file: source.file, ...(line !== undefined ? { line } : {}), path: formatPath(path) || "(top level)" }, message, {
    code,
    ...(hint ? { hint } : {}),
  });
}

/** Internal shape of a zod schema, enough to walk to the object at a path. */
interface SchemaDefinition {
  type?: string;
  shape?: Record<string, unknown>;
  element?: unknown;
  innerType?: unknown;
  in?: unknown;
  valueType?: unknown;
}

/** The keys the schema allows at `path` (an object inside arrays, optionals and defaults), for "did you mean". */
function keysAt(schema: unknown, path: readonly PropertyKey[]): string[] {
  const definitionOf = (node: unknown) => (node as { _zod?: { def?: SchemaDefinition } } | undefined)?._zod?.def;
  const unwrap = (node: unknown): SchemaDefinition | undefined => {
    const definition = definitionOf(node);
    const inner = definition?.innerType ?? (definition?.type === "pipe" ? definition.in : undefined);
    return inner ? unwrap(inner) : definition;
  };
  let definition = unwrap(schema);
  for (const key of path) {
    if (definition?.type === "object" && typeof key === "string") definition = unwrap(definition.shape?.[key]);
    else if (definition?.type === "array") definition = unwrap(definition.element);
    else if (definition?.type === "record") definition = unwrap(definition.valueType);
    else return [];
  }
  return definition?.type === "object" ? Object.keys(definition.shape ?? {}) : [];
}
