/**
 * The byte-level half of kfm's restricted pickle reader: the error it throws, a cursor over the
 * bytes, and the decoders of pickle's argument encodings (UTF-8, little-endian longs, protocol 0's
 * quoted and raw-unicode-escaped text). The opcodes themselves are read in python-pickle.ts.
 */

export class PickleError extends Error {
  constructor(
    message: string,
    /** The opcode refused or malformed, when there is one (e.g. `GLOBAL`). */
    readonly opcode?: string,
    readonly offset?: number,
  ) {
    super(message);
    this.name = "PickleError";
  }
}

export class Reader {
  offset = 0;
  constructor(private readonly bytes: Uint8Array) {}

  take(count: number): Uint8Array {
    if (count < 0 || this.offset + count > this.bytes.length) throw new PickleError(`truncated pickle at byte ${this.offset}`);
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }

  byte(): number {
    return this.take(1)[0]!;
  }

  uint(count: 1 | 2 | 4 | 8): number {
    const slice = this.take(count);
    let value = 0;
    for (let index = count - 1; index >= 0; index--) value = value * 256 + slice[index]!;
    if (!Number.isSafeInteger(value)) throw new PickleError(`length at byte ${this.offset - count} is too large`);
    return value;
  }

  int32(): number {
    const slice = this.take(4);
    return new DataView(slice.buffer, slice.byteOffset, 4).getInt32(0, true);
  }

  /** A text argument of protocol 0, up to the newline. */
  line(): string {
    const end = this.bytes.indexOf(0x0a, this.offset);
    if (end < 0) throw new PickleError(`truncated pickle: no newline after byte ${this.offset}`);
    const text = Buffer.from(this.bytes.subarray(this.offset, end)).toString("latin1");
    this.offset = end + 1;
    return text;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

export function decodeUtf8(bytes: Uint8Array, offset: number): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new PickleError(`invalid UTF-8 in a string at byte ${offset}`);
  }
}

/** A little-endian two's-complement integer (LONG1, LONG4), as a number when it is safe. */
export function littleEndianSigned(bytes: Uint8Array): number | bigint {
  if (bytes.length === 0) return 0;
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index--) value = (value << 8n) | BigInt(bytes[index]!);
  if (bytes[bytes.length - 1]! & 0x80) value -= 1n << BigInt(8 * bytes.length);
  return narrow(value);
}

export function narrow(value: bigint): number | bigint {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** Protocol 0's quoted STRING argument: a Python repr between matching quotes. */
export function unquote(text: string, offset: number): string {
  const quote = text[0];
  if (text.length < 2 || (quote !== "'" && quote !== '"') || text.at(-1) !== quote)
    throw new PickleError(`STRING argument at byte ${offset} is not quoted`, "STRING", offset);
  return unescapePython(text.slice(1, -1));
}

/** Python's backslash escapes (string_escape and raw-unicode-escape's \u forms). */
export function unescapePython(text: string): string {
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|.)/gs, (_whole, escape: string) => {
    const head = escape[0]!;
    if (head === "x" || head === "u" || head === "U") return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(escape, 8));
    const simple: Record<string, string> = {
      n: "\n",
      t: "\t",
      r: "\r",
      "\\": "\\",
      "'": "'",
      '"': '"',
      a: "\x07",
      b: "\b",
      f: "\f",
      v: "\v",
      "0": "\0",
    };
    return simple[head] ?? `\\${escape}`;
  });
}

/** raw-unicode-escape (protocol 0's UNICODE): only \uXXXX and \UXXXXXXXX are escapes. */
export function rawUnicodeEscape(text: string): string {
  return text.replace(/\\u([0-9a-fA-F]{4})|\\U([0-9a-fA-F]{8})/g, (_whole, short?: string, long?: string) =>
    String.fromCodePoint(parseInt((short ?? long)!, 16)),
  );
}
