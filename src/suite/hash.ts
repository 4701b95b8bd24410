import { createHash } from "node:crypto";

/**
 * `sha256:<hex>` over the suite file and every file it reads, each as its relative path and its
 * bytes, in path order: the same suite and data give the same hash on every machine, and any
 * changed byte (or renamed file) changes it.
 */
export function contentHash(suiteBytes: Buffer, files: ReadonlyArray<{ relativePath: string; bytes: Buffer }>): string {
  const hash = createHash("sha256");
  hash.update("suite\0").update(suiteBytes);
  const seen = new Set<string>();
  for (const file of [...files].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0))) {
    if (seen.has(file.relativePath)) continue;
    seen.add(file.relativePath);
    hash.update(`\0file\0${file.relativePath}\0`).update(file.bytes);
  }
  return `sha256:${hash.digest("hex")}`;
}
