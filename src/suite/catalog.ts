import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { glob } from "tinyglobby";
import { yamlSizeProblem } from "../yaml/yaml-source.js";

/** The suites kfm ships: `<package>/suites`, two levels above both src/suite and dist/suite. */
export const builtInSuitesDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "suites");

/** What to do about a suite file over the size cap. */
export const SUITE_SIZE_HINT = "a suite file holds the definition only: keep items in data files, e.g. data/*.jsonl";

export interface SuiteEntry {
  id: string;
  version: string;
  title: string;
  benchmark: string;
  /** How it is scored, e.g. `multiple-choice`, `judge`, `end-state (agent loop)`, `tool-call`; `(supplied data)` when the user brings the data. */
  scoring: string;
  file: string;
}

/** A short description of how a suite is run and scored, from its scorer and sections. */
function scoringOf(document: Record<string, unknown>): string {
  const scorer = (document.scorer as { id?: unknown } | undefined)?.id;
  const agentic = (document.agentic as { mode?: unknown } | undefined)?.mode;
  const data = document.data as { supplied?: unknown; turns?: unknown } | undefined;
  const parts = [typeof scorer === "string" ? scorer : "?"];
  if (agentic === "loop") parts.push("agent loop");
  if (agentic === "dual") parts.push("dual control, simulated user");
  if (data?.turns) parts.push("multi-turn");
  if (document.scoring_method === "loglikelihood") parts.push("log-likelihood");
  if (data?.supplied) parts.push("supplied data");
  return parts.length === 1 ? parts[0]! : `${parts[0]} (${parts.slice(1).join(", ")})`;
}

/** Why a file over the YAML size cap is skipped, said before anything of it is read. */
async function oversized(file: string): Promise<string | undefined> {
  const problem = yamlSizeProblem(file, (await stat(file)).size, "a suite file");
  return problem && `${problem}; skipped (${SUITE_SIZE_HINT})`;
}

async function suiteFiles(suitesDir: string): Promise<string[]> {
  const files = await glob(["**/*.yaml", "**/*.yml"], { cwd: suitesDir, absolute: true, ignore: ["**/node_modules/**", "**/data/**"] });
  return files.sort();
}

/** A top-level `id:` line, as a suite file writes it. */
const ID_LINE = /^id:[ \t]*(["']?)([^"'#\s]+)\1[ \t]*(?:#.*)?$/m;

/**
 * The file of the suite with this id, or undefined: `listSuites(suitesDir).find(id)` without parsing every
 * suite file (the YAML parser takes ~200 ms over the built-in suites, before a run's first request). The
 * usual place, `<id>/<id>.yaml`, is tried first; then files whose `id:` line names it are parsed to
 * confirm; when none does, every file is parsed as `listSuites` does.
 */
export async function findSuite(id: string, suitesDir: string = builtInSuitesDir): Promise<string | undefined> {
  if (/^\w[\w.-]*$/.test(id))
    for (const usual of [join(suitesDir, id, `${id}.yaml`), join(suitesDir, id, `${id}.yml`)])
      if (await isSuiteFile(usual, id, true)) return usual;
  for (const file of await suiteFiles(suitesDir)) if (await isSuiteFile(file, id)) return file;
  return (await listSuites(suitesDir)).find((suite) => suite.id === id)?.file;
}

/** A top-level `kfm: suite/v1` line. */
const SUITE_LINE = /^kfm:[ \t]*(["']?)suite\/v1\1[ \t]*(?:#.*)?$/m;

/**
 * The file is a suite with this id (parsed only when its `id:` line says so). At the usual place
 * its top-level `kfm: suite/v1` and `id:` lines are enough: the load parses it next (saying where it
 * is broken, if it is), and parsing it twice cost ~15 ms before a run's first item.
 */
async function isSuiteFile(file: string, id: string, usualPlace = false): Promise<boolean> {
  try {
    if (await oversized(file)) return false;
    const text = await readFile(file, "utf8");
    if (ID_LINE.exec(text)?.[2] !== id) return false;
    if (usualPlace && SUITE_LINE.test(text)) return true;
    const document = parse(text, { maxAliasCount: 100 }) as Record<string, unknown>;
    return document?.kfm === "suite/v1" && document.id === id;
  } catch {
    return false;
  }
}

/**
 * Every `kfm: suite/v1` file under the folder, sorted by id. Files that do not parse are skipped here; `validate` reports them.
 * A file over the YAML size cap is skipped unread, and `onWarning` hears why.
 */
export async function listSuites(
  suitesDir: string = builtInSuitesDir,
  onWarning: (message: string) => void = () => {},
): Promise<SuiteEntry[]> {
  const entries: SuiteEntry[] = [];
  for (const file of await suiteFiles(suitesDir)) {
    let document: Record<string, unknown>;
    try {
      const tooLarge = await oversized(file);
      if (tooLarge) {
        onWarning(tooLarge);
        continue;
      }
      document = parse(await readFile(file, "utf8"), { maxAliasCount: 100 }) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (document?.kfm !== "suite/v1" || typeof document.id !== "string") continue;
    entries.push({
      id: document.id,
      version: String(document.version ?? ""),
      title: String(document.title ?? ""),
      benchmark: String(document.benchmark ?? ""),
      scoring: scoringOf(document),
      file,
    });
  }
  return entries.sort((a, b) => a.id.localeCompare(b.id));
}
