import { access, constants, mkdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { KfmError } from "../spec/errors.js";
import type { RunManifest, RunSummary } from "../spec/run.js";
import { countWrite, simulatedNoSpace, storageError, writeFaultBudget, type FaultTarget } from "./storage.js";

export const MANIFEST_FILE = "manifest.json";
export const ITEMS_FILE = "items.jsonl";
export const SUMMARY_FILE = "summary.json";

export interface RunPaths {
  dir: string;
  manifest: string;
  items: string;
  summary: string;
}

export function runPaths(dir: string): RunPaths {
  const absolute = resolve(dir);
  return {
    dir: absolute,
    manifest: join(absolute, MANIFEST_FILE),
    items: join(absolute, ITEMS_FILE),
    summary: join(absolute, SUMMARY_FILE),
  };
}

/** A run id that sorts by time and says what ran: `20261123T031500Z-kmmlu-sim-7f3a`. */
export function newRunId(suiteId: string, endpointName: string, now = new Date(), random = Math.random): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  const suffix = Math.floor(random() * 0x10000)
    .toString(16)
    .padStart(4, "0");
  const slug = (text: string) => text.replace(/[^A-Za-z0-9._-]+/g, "-").slice(0, 40);
  return `${stamp}-${slug(suiteId)}-${slug(endpointName)}-${suffix}`;
}

/** The run id given (checked: it names a folder), or a new one naming the suite, endpoint and shard. */
export function chooseRunId(
  given: string | undefined,
  suiteId: string,
  endpointName: string,
  shard?: { index: number; count: number },
): string {
  const runId = given ?? newRunId(suiteId, shard ? `${endpointName}-shard-${shard.index}-of-${shard.count}` : endpointName);
  if (!/^[A-Za-z0-9._-]+$/.test(runId)) throw new KfmError("usage", `--run-id "${runId}" may use only letters, digits, '.', '_' and '-'`);
  return runId;
}

/**
 * Creates the results folder and the run folder, and proves they can be written before a single
 * request is sent: a run that could not save its items must not spend an endpoint's budget.
 */
/**
 * Whether `createRunDirectory(outDir, runId)` could succeed, found without creating anything: the
 * nearest existing folder on the way is a writable directory, and a given run id is not taken. A
 * run sends nothing to its endpoint before it knows this (its first probe may go out early).
 */
export async function runDirectoryPossible(outDir: string, runId?: string): Promise<boolean> {
  if (
    runId !== undefined &&
    (await stat(join(outDir, runId)).then(
      () => true,
      () => false,
    ))
  )
    return false;
  for (let dir = resolve(outDir); ; dir = dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info)
      return (
        info.isDirectory() &&
        access(dir, constants.W_OK).then(
          () => true,
          () => false,
        )
      );
    if (dirname(dir) === dir) return false;
  }
}

/**
 * `mkdir -p`, one level at a time from the nearest folder that exists: Node 20's recursive mkdir
 * spins forever where mkdir answers ENOENT for a path whose parent exists (under /proc).
 */
async function makeDirectories(dir: string): Promise<void> {
  const missing: string[] = [];
  for (
    let at = resolve(dir);
    !(await stat(at).then(
      () => true,
      () => false,
    ));
    at = dirname(at)
  ) {
    if (missing.includes(at)) break;
    missing.unshift(at);
  }
  for (const level of missing)
    await mkdir(level).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "EEXIST") throw error;
    });
}

export async function createRunDirectory(outDir: string, runId: string): Promise<RunPaths> {
  const paths = runPaths(join(outDir, runId));
  try {
    await makeDirectories(outDir);
    await access(outDir, constants.W_OK);
  } catch (error) {
    throw new KfmError("config", `results directory ${resolve(outDir)} cannot be written: ${(error as Error).message}`, {
      cause: error,
      hint: "Choose another folder with --out <dir>, or fix its permissions.",
    });
  }
  try {
    await mkdir(paths.dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") {
      throw new KfmError("usage", `run directory ${paths.dir} already exists`, {
        hint: `Resume it with --resume ${paths.dir}, or pick another --run-id.`,
      });
    }
    throw new KfmError("results", `cannot create run directory ${paths.dir}: ${(error as Error).message}`, { cause: error });
  }
  return paths;
}

/**
 * Writes JSON atomically (temp file + rename) so a crash never leaves half a manifest. A failed
 * write removes its temp file and is a `storage` error naming the file.
 */
export async function writeJsonAtomic(file: string, value: unknown): Promise<void> {
  const temporary = `${file}.tmp-${process.pid}`;
  const target: FaultTarget | undefined = file.endsWith(SUMMARY_FILE) ? "summary" : file.endsWith(MANIFEST_FILE) ? "manifest" : undefined;
  try {
    const text = `${JSON.stringify(value, null, 2)}\n`;
    if (target && writeFaultBudget(target) === 0) {
      // The test seam: half the file reaches the temp file, then the disk is full.
      await writeFile(temporary, text.slice(0, text.length >> 1));
      throw simulatedNoSpace();
    }
    await writeFile(temporary, text);
    await rename(temporary, file);
    if (target) countWrite(target);
  } catch (error) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw storageError(file, error);
  }
}

/**
 * A run's closing writes: the summary, then the manifest that says how the run ended. Should the
 * manifest fail, the summary goes too, so a `complete` summary never sits beside a `running` manifest.
 */
export async function writeRunEnd(paths: RunPaths, summary: unknown, manifest: unknown): Promise<void> {
  await writeJsonAtomic(paths.summary, summary);
  try {
    await writeJsonAtomic(paths.manifest, manifest);
  } catch (error) {
    await rm(paths.summary, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function readJson<T>(file: string, what: string): Promise<T> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new KfmError("usage", `${file} not found: this is not a kfm run directory (no ${what})`, {
        hint: "Pass the folder that `kfm eval` printed, e.g. results/<runId>.",
      });
    }
    throw error;
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new KfmError("results", `${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

export function readManifest(dir: string): Promise<RunManifest> {
  return readJson<RunManifest>(runPaths(dir).manifest, MANIFEST_FILE);
}

export function readSummary(dir: string): Promise<RunSummary> {
  return readJson<RunSummary>(runPaths(dir).summary, SUMMARY_FILE);
}

/** Seconds an interrupted run already spent, from its summary (0 when it has none). */
export async function previousElapsedSeconds(dir: string): Promise<number> {
  try {
    return (await readSummary(dir)).elapsedSeconds ?? 0;
  } catch {
    return 0;
  }
}
