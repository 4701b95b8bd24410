/**
 * The suite index cache: a suite's packed index (ids and subjects by position, per data file),
 * and the parsed rows the load kept (`<key>.rows`), kept on disk under a key that covers everything
 * they are worked out from, so the next `kfm eval` of the same suite starts without parsing every
 * data file again (KMMLU: a 1.4 s load, about 0.2 s from the cache, and about 0.1 s more once the
 * digest memo spares it reading and hashing the 9.6 MB of data).
 *
 * The key is the sha256 of: the cache format, a fingerprint of kfm's loader code (the files of
 * suite/, spec/ and yaml/, and the yaml and zod packages' versions), the suite file's bytes, the effective definition, the date window,
 * the supercategory map, and every data file's relative path and sha256. Every load takes each data
 * file's sha256 (from the digest memo while the file's stat has not changed since it was hashed,
 * digest-memo.ts), so a changed byte is a different key, never a stale index; the content hash of a
 * run is the same, cached index or not. An index is cached only after a load
 * that succeeded, so a cached index holds no error a full load would have raised.
 *
 * Where: `suite-index/` under $KFM_CACHE_DIR, else $XDG_CACHE_HOME/kfm, else ~/.cache/kfm;
 * `KFM_CACHE_DIR=off` turns it off. A cache that cannot be read or written is skipped (a load then
 * works as without it).
 */
import { createHash, randomBytes } from "node:crypto";
import { statSync, type BigIntStats } from "node:fs";
import { readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import pLimit from "p-limit";
import type { DigestMemo } from "./digest-memo.js";
import { makeCacheFolder } from "./cache-folder.js";
import { fileDigest } from "./hash.js";
import { ItemIndex } from "./item-index.js";
import type { IndexedFile } from "./item-feed.js";
import type { DataIndex } from "./index-data.js";
import { readCachedRows, writeCachedRows } from "./rows-file.js";
import type { DateWindow } from "./date-window.js";
import type { SuiteDefinition } from "./schema.js";

const FORMAT = "kfm-suite-index/v3";
/** The file an index is kept in, beside its rows (`<key>.rows`). */
const INDEX_EXTENSION = ".index";
/** Cached indexes kept, newest first; older ones are removed when a new one is written. */
const KEEP = 24;

/** The folder the cache lives in, or undefined when it is turned off. */
export function indexCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const chosen = env.KFM_CACHE_DIR;
  if (chosen !== undefined && chosen !== "") return chosen === "off" ? undefined : join(chosen, "suite-index");
  const base = env.XDG_CACHE_HOME || join(homedir(), ".cache");
  return join(base, "kfm", "suite-index");
}

let fingerprint: Promise<string> | undefined;

/**
 * The bundled CLI's loader fingerprint, worked out by scripts/bundle.mjs when it builds the bundle
 * (esbuild's `define`), from the same files: the bundle then reads none of them at start (~9 ms).
 * Undefined elsewhere (the library, tests), where the files are read as below.
 */
declare const KFM_LOADER_FINGERPRINT: string | undefined;

/**
 * The loader's code as it is now: a change to how items are built is a new key. Worked out once a
 * process; a load that will use the cache asks for it first, so its files are read beside the data's.
 */
export function codeFingerprint(): Promise<string> {
  if (typeof KFM_LOADER_FINGERPRINT === "string") return (fingerprint ??= Promise.resolve(KFM_LOADER_FINGERPRINT));
  return (fingerprint ??= (async () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), "..");
    const hash = createHash("sha256");
    // The yaml and zod packages turn suite files into definitions: another version of either is another loader.
    const require = createRequire(import.meta.url);
    for (const name of ["yaml", "zod"]) hash.update(`${name}@${(require(`${name}/package.json`) as { version: string }).version}\0`);
    for (const folder of ["suite", "spec", "yaml"]) {
      const names = (await readdir(join(root, folder)))
        .filter((name) => /\.(js|ts)$/.test(name) && !/\.(test|d)\.[jt]s$/.test(name))
        .sort();
      const contents = await Promise.all(names.map((name) => readFile(join(root, folder, name))));
      for (const [number, name] of names.entries()) hash.update(`${folder}/${name}\0`).update(contents[number]!);
    }
    return hash.digest("hex");
  })());
}

/** A data file as the key knows it: where it is, the sha256 of its bytes now, and the bytes when they were kept. */
export interface DigestedFile {
  path: string;
  relativePath: string;
  digest: string;
  bytes?: Buffer;
}

/**
 * Each data file's sha256: the memo's where the file's stat is what was recorded with it, else read
 * (four reads in flight, hashed in path order) and remembered. Bytes read are kept while they come to
 * no more than `keepBytes` in all (so a content hash need not read and hash them again).
 */
export async function digestFiles(paths: readonly string[], dataRoot: string, keepBytes = 0, memo?: DigestMemo): Promise<DigestedFile[]> {
  // Read a few at a time (each read is a round of the thread pool); hashed and kept in path order.
  const limit = pLimit(4);
  type Read = { remembered: string } | { bytes: Buffer; info: BigIntStats | undefined; readAt: number };
  const reads = paths.map((path) =>
    limit(async (): Promise<Read> => {
      // Stat before reading: a write between the two changes the file's ctime, so the entry never matches again.
      // Synchronous: microseconds each, where 45 stats through the thread pool took 14-26 ms before the first item.
      const info = memo ? statSync(path, { bigint: true }) : undefined;
      const remembered = info && memo!.digest(path, info);
      if (remembered) return { remembered };
      const readAt = Date.now();
      return { bytes: await readFile(path), info, readAt };
    }),
  );
  for (const read of reads) read.catch(() => {}); // awaited in order below; one that fails early must not crash the process first
  const files: DigestedFile[] = [];
  let room = keepBytes;
  for (const [number, path] of paths.entries()) {
    const read = await reads[number]!;
    const relativePath = relative(dataRoot, path).split(sep).join("/");
    if ("remembered" in read) {
      files.push({ path, relativePath, digest: read.remembered });
      continue;
    }
    const { bytes, info, readAt } = read;
    const file: DigestedFile = { path, relativePath, digest: fileDigest(bytes) };
    if (info) memo!.remember(path, info, file.digest, readAt);
    if (bytes.length <= room) {
      file.bytes = bytes;
      room -= bytes.length;
    }
    files.push(file);
  }
  return files;
}

/** The key a suite file's validated definition is remembered under in the digest memo: its bytes and the loader's code. */
export async function suiteDefinitionKey(suiteBytes: Buffer): Promise<string> {
  return createHash("sha256")
    .update(`kfm-suite-definition/v1\0${await codeFingerprint()}\0`)
    .update(suiteBytes)
    .digest("hex");
}

export async function indexCacheKey(input: {
  suiteBytes: Buffer;
  definition: SuiteDefinition;
  window: DateWindow | undefined;
  supercategories: Map<string, string> | undefined;
  files: readonly DigestedFile[];
}): Promise<string> {
  const hash = createHash("sha256");
  hash.update(`${FORMAT}\0${await codeFingerprint()}\0`);
  hash.update(input.suiteBytes);
  hash.update(
    JSON.stringify([
      input.definition,
      input.window ?? null,
      input.supercategories ? [...input.supercategories] : null,
      input.files.map((file) => [file.relativePath, file.digest]),
    ]),
  );
  return hash.digest("hex");
}

/**
 * The cached index as written to disk: this header as one JSON line, then per data file its ids end
 * to end (UTF-8, `textBytes` long) and two Uint32Arrays as they lie in memory (ItemIndex.addPacked):
 * `count + 1` offsets into the ids, `count` subject numbers. Read back with one read and no parse of
 * the bulk (KMMLU's 35,030 ids: the JSON with base64 arrays this replaced took ~25 ms to read and parse).
 */
interface CachedIndexHeader {
  kfm: typeof FORMAT;
  subjects: string[];
  allHaveChoices: boolean;
  warnings: string[];
  files: Array<{ relativePath: string; digest: string; count: number; textBytes: number }>;
}

/** `count` Uint32s from `bytes` at `at` (copied: the buffer's offset need not be aligned for a view). */
function uint32s(bytes: Buffer, at: number, count: number): Uint32Array {
  const numbers = new Uint32Array(count);
  Buffer.from(numbers.buffer).set(bytes.subarray(at, at + count * 4));
  return numbers;
}

const bytesOf = (numbers: Uint32Array): Buffer => Buffer.from(numbers.buffer, numbers.byteOffset, numbers.byteLength);

/** One data file's items as ItemIndex.addPacked takes them. */
interface PackedFile {
  text: string;
  offsets: Uint32Array;
  subjectOf: Uint32Array;
}

/** A file's packed ids and subjects as written, checked whole: offsets rise from 0 to the text's end, subjects are in the list. */
function packedFile(text: string, offsets: Uint32Array, subjectOf: Uint32Array, subjectCount: number): PackedFile | undefined {
  if (offsets[0] !== 0 || offsets[offsets.length - 1] !== text.length) return undefined;
  for (let at = 0; at < subjectOf.length; at++) if (offsets[at + 1]! <= offsets[at]! || subjectOf[at]! >= subjectCount) return undefined;
  return { text, offsets, subjectOf };
}

/** The header and the packed files of a cached index, or undefined when the bytes are not one written by this format. */
function parseCachedIndex(bytes: Buffer): { header: CachedIndexHeader; files: PackedFile[] } | undefined {
  const newline = bytes.indexOf(10);
  if (newline < 0) return undefined;
  let header: CachedIndexHeader;
  try {
    header = JSON.parse(bytes.toString("utf8", 0, newline)) as CachedIndexHeader;
  } catch {
    return undefined;
  }
  if (header?.kfm !== FORMAT || !Array.isArray(header.files) || !Array.isArray(header.warnings)) return undefined;
  if (!Array.isArray(header.subjects) || !header.subjects.every((subject) => typeof subject === "string")) return undefined;
  const files: PackedFile[] = [];
  let at = newline + 1;
  for (const entry of header.files) {
    const { count, textBytes } = entry ?? {};
    if (!Number.isSafeInteger(count) || !Number.isSafeInteger(textBytes) || count < 0 || textBytes < 0) return undefined;
    if (at + textBytes + (2 * count + 1) * 4 > bytes.length) return undefined;
    const text = bytes.toString("utf8", at, at + textBytes);
    at += textBytes;
    const offsets = uint32s(bytes, at, count + 1);
    at += (count + 1) * 4;
    const subjectOf = uint32s(bytes, at, count);
    at += count * 4;
    const packed = packedFile(text, offsets, subjectOf, header.subjects.length);
    if (!packed) return undefined;
    files.push(packed);
  }
  return at === bytes.length ? { header, files } : undefined;
}

/** The index cached under `key` for these files, or undefined (none, unreadable, or not for these files). */
export async function readCachedIndex(dir: string, key: string, files: readonly DigestedFile[]): Promise<DataIndex | undefined> {
  const path = join(dir, `${key}${INDEX_EXTENSION}`);
  // The rows file's header is read beside the index (both are small next to the data).
  const rowsReading = readCachedRows(join(dir, `${key}.rows`), files);
  const cached = await readFile(path).then(parseCachedIndex, () => undefined);
  if (!cached || cached.header.files.length !== files.length) return undefined;
  const index = new ItemIndex();
  const indexed: IndexedFile[] = [];
  for (const [number, entry] of cached.header.files.entries()) {
    const file = files[number]!;
    if (entry.relativePath !== file.relativePath || entry.digest !== file.digest) return undefined;
    const packed = cached.files[number]!;
    const start = index.size;
    index.addPacked(packed.text, packed.offsets, packed.subjectOf, cached.header.subjects);
    indexed.push({ path: file.path, relativePath: file.relativePath, digest: file.digest, start, end: index.size });
  }
  if (index.size === 0) return undefined;
  const now = new Date();
  void utimes(path, now, now).catch(() => {}); // the oldest unused are pruned first
  const rowCache = await rowsReading;
  return { index, indexed, allHaveChoices: cached.header.allHaveChoices === true, warnings: cached.header.warnings, rowCache };
}

/** Writes the index under `key` (to a new file, then renamed into place) and removes the oldest beyond KEEP. Never throws. */
export async function writeCachedIndex(dir: string, key: string, data: DataIndex): Promise<void> {
  try {
    const { index } = data;
    const subjects = [...index.subjects()];
    const numbers = new Map(subjects.map((subject, number) => [subject, number]));
    const parts: Buffer[] = [];
    const files = data.indexed.map((file) => {
      const ids: string[] = [];
      const offsets = new Uint32Array(file.end - file.start + 1);
      const subjectOf = new Uint32Array(file.end - file.start);
      for (let position = file.start; position < file.end; position++) {
        const id = index.id(position);
        ids.push(id);
        offsets[position - file.start + 1] = offsets[position - file.start]! + id.length;
        subjectOf[position - file.start] = numbers.get(index.subject(position))!;
      }
      const text = Buffer.from(ids.join(""), "utf8");
      parts.push(text, bytesOf(offsets), bytesOf(subjectOf));
      return { relativePath: file.relativePath, digest: file.digest, count: subjectOf.length, textBytes: text.length };
    });
    const header: CachedIndexHeader = { kfm: FORMAT, subjects, allHaveChoices: data.allHaveChoices, warnings: data.warnings, files };
    await makeCacheFolder(dir);
    const temporary = join(dir, `.${key}.${randomBytes(6).toString("hex")}.tmp`);
    await writeFile(temporary, [Buffer.from(`${JSON.stringify(header)}\n`), ...parts]);
    // The rows first: an index is only ever found with the rows written for it, or with none.
    await writeCachedRows(join(dir, `${key}.rows`), data);
    await rename(temporary, join(dir, `${key}${INDEX_EXTENSION}`));
    await prune(dir);
  } catch {
    // A cache that cannot be written costs the next load its time, nothing else.
  }
}

async function prune(dir: string): Promise<void> {
  const all = await readdir(dir);
  // A write that a crash cut off leaves its temporary file: gone once it is an hour old.
  for (const name of all.filter((entry) => entry.endsWith(".tmp"))) {
    const modified = await stat(join(dir, name)).then(
      (info) => info.mtimeMs,
      () => Date.now(),
    );
    if (Date.now() - modified > 3_600_000) await rm(join(dir, name), { force: true });
  }
  // An index of the format before (`<key>.json`) is never read again: it goes, with its rows.
  for (const name of all.filter((entry) => /^[0-9a-f]{64}\.json$/.test(entry)))
    await Promise.all([rm(join(dir, name), { force: true }), rm(join(dir, name.replace(/\.json$/, ".rows")), { force: true })]);
  const names = all.filter((name) => name.endsWith(INDEX_EXTENSION));
  if (names.length <= KEEP) return;
  const dated = await Promise.all(
    names.map(async (name) => ({
      name,
      modified: await stat(join(dir, name)).then(
        (info) => info.mtimeMs,
        () => 0,
      ),
    })),
  );
  dated.sort((a, b) => b.modified - a.modified);
  for (const { name } of dated.slice(KEEP)) await rm(join(dir, `${name.slice(0, -INDEX_EXTENSION.length)}.rows`), { force: true });
  await Promise.all(dated.slice(KEEP).map(({ name }) => rm(join(dir, name), { force: true })));
}
