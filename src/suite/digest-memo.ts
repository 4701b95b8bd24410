/**
 * Data file digests remembered by what `stat` says of each file, so that loading a suite whose data
 * has not changed does not read and hash it all again (KMMLU: 9.6 MB, about 80 ms of CPU and of the
 * time before the first request, on every `kfm eval`); and a load's content hash remembered by the
 * digests it was made from, so that it need not read the data either.
 *
 * A digest is reused only when the file's device, inode, size, modification time and change time
 * (nanoseconds) are all exactly those recorded; it is recorded only for a file whose times were at
 * least two seconds old when it was read. Any write to a file sets its change time to the moment of
 * the write, which no user call can set back, so a file written after it was hashed no longer
 * matches (the reasoning git's index and DVC's state database rest on; the two seconds are git's
 * "racy clean" rule, for a write in the same coarse clock tick as the hashing). A changed file is
 * read and hashed as before. The content hash is a function of the digests (sha256 of each file's
 * bytes), so it is remembered under a key made of the suite's bytes and every file's path and digest.
 * A suite file's validated definition is remembered under a key made of its bytes and kfm's loader code
 * (the schema, yaml/, and the yaml and zod packages' versions included), so an unchanged suite file is
 * neither parsed nor validated again: the same bytes through the same code give the same definition.
 *
 * Kept in `data-digests` in the suite index cache's folder, with it turned off by `KFM_CACHE_DIR=off`.
 * A memo that cannot be read is empty; one that cannot be written costs the next load its time.
 */
import { randomBytes } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { makeCacheFolder } from "./cache-folder.js";

const FORMAT = "kfm-digest-memo/v1";
const MEMO_FILE = "data-digests";
/** Files remembered, most recently used last; the oldest go beyond this. */
const KEEP_FILES = 20_000;
/** Content hashes remembered, likewise. */
const KEEP_CONTENTS = 2_000;
/** Validated suite definitions remembered, likewise. */
const KEEP_DEFINITIONS = 200;
/** A file whose modification or change time is this close to its reading is not remembered. */
const SETTLED_MS = 2_000;

type FileEntry = [dev: string, ino: string, size: string, mtimeNs: string, ctimeNs: string, digest: string];

const SHA256 = /^[0-9a-f]{64}$/;
const CONTENT = /^sha256:[0-9a-f]{64}$/;

function entryOf(info: BigIntStats, digest: string): FileEntry {
  return [String(info.dev), String(info.ino), String(info.size), String(info.mtimeNs), String(info.ctimeNs), digest];
}

export class DigestMemo {
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly files: Map<string, FileEntry>,
    private readonly contents: Map<string, string>,
    private readonly definitions: Map<string, unknown>,
    private readonly settledMs: number,
  ) {}

  /** The memo in `dir` (the suite index cache's folder) as it is on disk now; `settledMs` is for tests. */
  static async open(dir: string, settledMs = SETTLED_MS): Promise<DigestMemo> {
    const file = join(dir, MEMO_FILE);
    const { files, contents, definitions } = await readMemo(file);
    return new DigestMemo(file, files, contents, definitions, settledMs);
  }

  /** The digest recorded for `path` when `info` (a `stat` with bigint times) is exactly what was recorded with it. */
  digest(path: string, info: BigIntStats): string | undefined {
    const entry = this.files.get(path);
    if (!entry) return undefined;
    const now = entryOf(info, entry[5]);
    return now.every((value, number) => value === entry[number]) ? entry[5] : undefined;
  }

  /**
   * Records the digest of `path`'s bytes read after `info` was taken, at `readAt` (epoch ms); a file
   * modified or changed within SETTLED_MS before that is left out (a write in the same clock tick would not show).
   */
  remember(path: string, info: BigIntStats, digest: string, readAt: number): void {
    const newest = Math.max(Number(info.mtimeNs / 1_000_000n), Number(info.ctimeNs / 1_000_000n));
    if (!SHA256.test(digest) || newest > readAt - this.settledMs) return;
    this.files.delete(path);
    this.files.set(path, entryOf(info, digest));
    this.changed = true;
  }

  contentHash(key: string): string | undefined {
    return this.contents.get(key);
  }

  rememberContentHash(key: string, hash: string): void {
    if (!CONTENT.test(hash) || this.contents.get(key) === hash) return;
    this.contents.delete(key);
    this.contents.set(key, hash);
    this.changed = true;
  }

  /** A suite file's definition remembered under `key` (a sha256 of its bytes and the loader's code), or undefined. */
  suiteDefinition(key: string): unknown {
    return this.definitions.get(key);
  }

  /** Remembers a suite file's validated definition; the caller checks it survives JSON (`survivesJson`). */
  rememberSuiteDefinition(key: string, definition: unknown): void {
    if (!SHA256.test(key) || definition === undefined || this.definitions.has(key)) return;
    this.definitions.set(key, definition);
    this.changed = true;
  }

  /** Writes what was added since the memo was read, merged over what other processes wrote meanwhile. Never throws. */
  async save(): Promise<void> {
    if (!this.changed) return;
    this.changed = false;
    try {
      const onDisk = await readMemo(this.file);
      for (const [path, entry] of this.files) {
        onDisk.files.delete(path);
        onDisk.files.set(path, entry);
      }
      for (const [key, hash] of this.contents) {
        onDisk.contents.delete(key);
        onDisk.contents.set(key, hash);
      }
      for (const [key, definition] of this.definitions) {
        onDisk.definitions.delete(key);
        onDisk.definitions.set(key, definition);
      }
      const files = [...onDisk.files].slice(-KEEP_FILES);
      const contents = [...onDisk.contents].slice(-KEEP_CONTENTS);
      const definitions = [...onDisk.definitions].slice(-KEEP_DEFINITIONS);
      await makeCacheFolder(dirname(this.file));
      const temporary = `${this.file}.${randomBytes(6).toString("hex")}.tmp`;
      const memo = {
        kfm: FORMAT,
        files: Object.fromEntries(files),
        contents: Object.fromEntries(contents),
        definitions: Object.fromEntries(definitions),
      };
      await writeFile(temporary, JSON.stringify(memo));
      await rename(temporary, this.file);
    } catch {
      // The next load reads and hashes the files again.
    }
  }
}

/** The memo's entries, each checked; none from a file that is missing, damaged or of another format. */
async function readMemo(
  file: string,
): Promise<{ files: Map<string, FileEntry>; contents: Map<string, string>; definitions: Map<string, unknown> }> {
  const files = new Map<string, FileEntry>();
  const contents = new Map<string, string>();
  const definitions = new Map<string, unknown>();
  try {
    const parsed = JSON.parse(await readFile(file, "utf8")) as {
      kfm?: unknown;
      files?: unknown;
      contents?: unknown;
      definitions?: unknown;
    };
    if (parsed.kfm !== FORMAT) return { files, contents, definitions };
    for (const [path, entry] of Object.entries((parsed.files ?? {}) as Record<string, unknown>)) {
      if (
        Array.isArray(entry) &&
        entry.length === 6 &&
        entry.every((value) => typeof value === "string") &&
        SHA256.test(entry[5] as string)
      )
        files.set(path, entry as FileEntry);
    }
    for (const [key, hash] of Object.entries((parsed.contents ?? {}) as Record<string, unknown>)) {
      if (typeof hash === "string" && CONTENT.test(hash)) contents.set(key, hash);
    }
    // Only an object can be a definition; the key vouches for the rest (it was validated under it).
    for (const [key, definition] of Object.entries((parsed.definitions ?? {}) as Record<string, unknown>))
      if (SHA256.test(key) && typeof definition === "object" && definition !== null && !Array.isArray(definition))
        definitions.set(key, definition);
  } catch {
    // missing or damaged: an empty memo
  }
  return { files, contents, definitions };
}
