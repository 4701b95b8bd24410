import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { readableStack } from "./bundle-stack.js";
import { handleError } from "./handle-error.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const bundledMain = join(root, "dist", "bundle", "main.mjs");

/** The 1-based line and column where `text` starts in the built bundle's main.mjs (run npm run build first). */
function placeOf(text: string): { line: number; column: number } {
  const source = readFileSync(bundledMain, "utf8");
  const at = source.indexOf(text);
  expect(at, `${text} in ${bundledMain}`).toBeGreaterThanOrEqual(0);
  const before = source.slice(0, at).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}

/** The 1-based line of `text` in a source file. */
function sourceLineOf(file: string, text: string): number {
  return (
    readFileSync(file, "utf8")
      .split("\n")
      .findIndex((line) => line.includes(text)) + 1
  );
}

describe("readableStack", () => {
  const folders: string[] = [];
  afterAll(async () => Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true }))));

  it("shows a frame of the minified bundle at its src/ file and line (through the linked source map)", () => {
    const { line, column } = placeOf("function handleError(");
    const url = pathToFileURL(bundledMain).href;
    const stack = `Error: boom\n    at handleError (${url}:${line}:${column})\n    at ${bundledMain}:${line}:${column}`;
    const wanted = `${join(root, "src", "cli", "handle-error.ts")}:${sourceLineOf(join(root, "src", "cli", "handle-error.ts"), "export function handleError(")}:`;
    const lines = readableStack(stack).split("\n");
    expect(lines[0]).toBe("Error: boom");
    expect(lines[1]).toContain(`at handleError (${wanted}`);
    expect(lines[2]).toContain(`at ${wanted}`);
  });

  it("leaves frames without a source map, and lines that are no frame, as they are", async () => {
    const folder = await mkdtemp(join(tmpdir(), "kfm-stack-"));
    folders.push(folder);
    await writeFile(join(folder, "plugin.js"), "export {};\n");
    await writeFile(join(folder, "broken.js"), "export {};\n");
    await writeFile(join(folder, "broken.js.map"), "{ not json");
    const stack = [
      "TypeError: x is not a function",
      `    at scorer (${join(folder, "plugin.js")}:1:5)`,
      `    at other (${join(folder, "broken.js")}:1:5)`,
      "    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)",
      "  caused by something",
    ].join("\n");
    expect(readableStack(stack)).toBe(stack);
  });

  it("is what an internal error's report prints", () => {
    const { line, column } = placeOf("function handleError(");
    const error = new Error("kfm broke");
    error.stack = `Error: kfm broke\n    at handleError (${pathToFileURL(bundledMain).href}:${line}:${column})`;
    let written = "";
    const stderr = { write: (text: string) => (written += text) } as unknown as NodeJS.WritableStream;
    expect(handleError(error, stderr)).toBe(1);
    expect(written).toContain("kfm: internal error");
    expect(written).toContain(join("src", "cli", "handle-error.ts"));
    expect(written).not.toContain("main.mjs:");
  });
});
