import * as crypto from "node:crypto";
import { readFile } from "node:fs/promises";
import { KfmError } from "../spec/errors.js";
import { byCodeUnits } from "../spec/code-unit-order.js";

// One-shot hashing (Node >= 20.12) skips the Hash object.
const oneShot = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: "hex") => string }).hash;

/** A file the hash covers: its bytes (with their digest when known), or its path when they are not kept in memory (with the digest it must still have). */
export type HashedFile = { relativePath: string } & ({ bytes: Buffer; digest?: string } | { path: string; digest?: string });

/**
 * The content hash's own format, part of the memo's key: change it with any change to how
 * `contentHash` hashes, or the memo would hand back hashes made the old way.
 */
const CONTENT_HASH_FORMAT = "kfm-content-hash/v1";

/** Where content hashes are remembered by the digests they were made from (the digest memo). */
export interface ContentHashMemo {
  contentHash(key: string): string | undefined;
  rememberContentHash(key: string, hash: string): void;
}

/**
 * `sha256:<hex>` over the suite file and every file it reads, each as its relative path and its
 * bytes, in path order: the same suite and data give the same hash on every machine, and any
 * changed byte (or renamed file) changes it. Files given by path are read one at a time. With a
 * memo, a hash made before from the same suite bytes and the same files' digests is taken from it.
 */
export async function contentHash(suiteBytes: Buffer, files: readonly HashedFile[], memo?: ContentHashMemo): Promise<string> {
  const seen = new Set<string>();
  const sorted: HashedFile[] = [];
  for (const file of [...files].sort((a, b) => byCodeUnits(a.relativePath, b.relativePath))) {
    if (seen.has(file.relativePath)) continue;
    seen.add(file.relativePath);
    sorted.push(file);
  }
  // The bytes are a function of their sha256, so the hash is a function of the suite's bytes and the files' digests.
  const key = memo && memoKey(suiteBytes, sorted);
  const known = key && memo!.contentHash(key);
  if (known) return known;
  const hash = crypto.createHash("sha256");
  hash.update("suite\0").update(suiteBytes);
  for (const file of sorted)
    hash.update(`\0file\0${file.relativePath}\0`).update("bytes" in file ? file.bytes : await readAgain(file.path, file.digest));
  const made = `sha256:${hash.digest("hex")}`;
  if (key) memo!.rememberContentHash(key, made);
  return made;
}

/** The memo's key: every file's path and digest (none when a file given by path has no digest to vouch for it). */
function memoKey(suiteBytes: Buffer, files: readonly HashedFile[]): string | undefined {
  const parts = [CONTENT_HASH_FORMAT, fileDigest(suiteBytes)];
  for (const file of files) {
    const digest = file.digest ?? ("bytes" in file ? fileDigest(file.bytes) : undefined);
    if (digest === undefined) return undefined;
    parts.push(file.relativePath, digest);
  }
  return fileDigest(Buffer.from(JSON.stringify(parts)));
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
