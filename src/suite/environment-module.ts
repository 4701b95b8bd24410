import { readFile } from "node:fs/promises";
import { pathToFileURL } from "node:url";
import type { EnvironmentFactory } from "../spec/agentic.js";
import { SuiteError } from "../spec/errors.js";
import { findFiles, type DataFile } from "./data.js";

/**
 * Imports a suite's environment module (inside the suite's folder, hashed with the data): it must
 * export `createEnvironment(task)` returning `{ call(name, args), state() }`.
 */
export async function loadEnvironment(
  file: string,
  dir: string,
  pattern: string,
): Promise<{ factory: EnvironmentFactory; file: DataFile }> {
  const [path] = await findFiles(file, dir, pattern, "agentic.environment");
  const bytes = await readFile(path!);
  let module: { createEnvironment?: unknown };
  try {
    module = (await import(pathToFileURL(path!).href)) as { createEnvironment?: unknown };
  } catch (error) {
    throw new SuiteError({ file, path: "agentic.environment" }, `cannot load ${path}: ${(error as Error).message}`, { cause: error });
  }
  if (typeof module.createEnvironment !== "function") {
    throw new SuiteError({ file, path: "agentic.environment" }, `${path} does not export createEnvironment(task)`, {
      hint: "Export a function that returns { call(name, args), state() } for a task.",
    });
  }
  return {
    factory: module.createEnvironment as EnvironmentFactory,
    file: { path: path!, relativePath: pattern, bytes, rows: [], columns: [] },
  };
}
