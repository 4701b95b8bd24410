import * as crypto from "node:crypto";
import { readFile } from "node:fs/promises";
import { KfmError } from "../spec/errors.js";

// One-shot hashing (Node >= 20.12) skips the Hash object.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: "hex") => string }).hash;

/** A file the hash covers: its bytes, or its path when they are not kept in memory (with the digest it must still have). */
export type HashedFile = { relativePath: string } & ({ bytes: Buffer } | { path: string; digest?: string });

/**
 * `sha256:<hex>` over the suite file and every file it reads, each as its relative path and its
 * bytes, in path order: the same suite and data give the same hash on every machine, and any
 * changed byte (or renamed file) changes it. Files given by path are read one at a time.
 */
export async function contentHash(suiteBytes: Buffer, files: readonly HashedFile[]): Promise<string> {
  const hash = crypto.createHash("sha256");
  hash.update("suite\0").update(suiteBytes);
  const seen = new Set<string>();
  for (const file of [...files].sort((a, b) => (a.relativePath < b.relativePath ? -1 : a.relativePath > b.relativePath ? 1 : 0))) {
    if (seen.has(file.relativePath)) continue;
    seen.add(file.relativePath);
    hash.update(`\0file\0${file.relativePath}\0`).update("bytes" in file ? file.bytes : await readAgain(file.path, file.digest));
  }
  return `sha256:${hash.digest("hex")}`;
}

async function readAgain(path: string, digest: string | undefined): Promise<Buffer> {
  const bytes = await readFile(path);
  if (digest !== undefined && fileDigest(bytes) !== digest) {
    throw new KfmError("data", `${path} changed while the suite was loading`, {
      hint: "Load the suite again once its data stays unchanged.",
    });
  }
  return bytes;
}

/** The sha256 of one file's bytes, to notice a data file that changes while a run reads it. */
export function fileDigest(bytes: Buffer): string {
  return oneShot ? oneShot("sha256", bytes, "hex") : crypto.createHash("sha256").update(bytes).digest("hex");
}
