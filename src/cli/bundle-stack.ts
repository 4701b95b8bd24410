/**
 * Stack traces in source lines. The CLI runs from a minified bundle (scripts/bundle.mjs), whose frames
 * read `chunk-X.mjs:1:48213`; an internal error's report, or a `KFM_DEBUG=1` trace, is only of use with
 * the `src/` file and line. Each frame in a file with a linked source map beside it (`<file>.map`) is
 * rewritten through Node's own source-map reader; other frames (Node's, a plugin's, the unbundled
 * library's) are left as they are. Runs only on the error path: nothing is read on a normal start.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** `at fn (file:///…/dist/bundle/chunk-X.mjs:1:48213)` or `at file:///…/main.mjs:3:9`: the location and its line and column. */
const FRAME = /((?:file:\/\/)?[^\s()]+\.m?js):(\d+):(\d+)/;

/** The stack with each bundled frame shown at its source file, line and column (the bundled place when there is no map). */
export function readableStack(stack: string): string {
  const maps = new Map<string, SourceMap | undefined>();
  return stack
    .split("\n")
    .map((line) => {
      // One frame a line; anything else (the message, a cause) is kept.
      if (!/^\s+at /.test(line)) return line;
      const match = FRAME.exec(line);
      if (!match) return line;
      const [location, file, lineText, columnText] = match as unknown as [string, string, string, string];
      const path = file.startsWith("file://") ? fileURLToPath(file) : file;
      if (!maps.has(path)) maps.set(path, readMap(path));
      const map = maps.get(path);
      if (!map) return line;
      // findEntry counts lines and columns from 0; a stack counts both from 1.
      const entry = map.findEntry(Number(lineText) - 1, Number(columnText) - 1) as Partial<{
        originalSource: string;
        originalLine: number;
        originalColumn: number;
      }>;
      if (entry.originalSource === undefined || entry.originalLine === undefined || entry.originalColumn === undefined) return line;
      const source = resolve(dirname(path), entry.originalSource);
      return line.replace(location, `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`);
    })
    .join("\n");
}

function readMap(path: string): SourceMap | undefined {
  try {
    return new SourceMap(JSON.parse(readFileSync(`${path}.map`, "utf8")) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    return undefined;
  }
}
