/**
 * A restricted reader of Python pickles (protocols 0–5) that accepts plain data only: None, bools,
 * ints, floats, strings, bytes, lists, tuples, dicts, sets, and the stack, memo and frame opcodes
 * that build them. Every opcode that names a global, calls something or builds an object (GLOBAL,
 * STACK_GLOBAL, REDUCE, BUILD, INST, OBJ, NEWOBJ, NEWOBJ_EX, EXT1/2/4, PERSID, BINPERSID,
 * NEXT_BUFFER, READONLY_BUFFER) is refused, naming the opcode and its offset: downloaded bytes are
 * never given to Python's `pickle.loads`. The opcode table follows CPython's Lib/pickletools.py.
 */

import { PickleError, Reader, decodeUtf8, littleEndianSigned, narrow, rawUnicodeEscape, unquote } from "./pickle-bytes.js";

export { PickleError } from "./pickle-bytes.js";

/** A plain value a pickle may hold: tuples and lists are arrays, dicts are Maps, sets are Sets. */
export type PickleValue =
  null | boolean | number | bigint | string | Uint8Array | PickleValue[] | Map<PickleValue, PickleValue> | Set<PickleValue>;

/** Opcodes that reach outside plain data, by byte: refused with their pickletools name. */
const REFUSED: Record<number, string> = {
  0x63: "GLOBAL",
  0x93: "STACK_GLOBAL",
  0x52: "REDUCE",
  0x62: "BUILD",
  0x69: "INST",
  0x6f: "OBJ",
  0x81: "NEWOBJ",
  0x92: "NEWOBJ_EX",
  0x82: "EXT1",
  0x83: "EXT2",
  0x84: "EXT4",
  0x50: "PERSID",
  0x51: "BINPERSID",
  0x97: "NEXT_BUFFER",
  0x98: "READONLY_BUFFER",
};

const MARK = Symbol("mark");
type StackEntry = PickleValue | typeof MARK;

/**
 * Reads one pickle and returns its value. Throws `PickleError` on any opcode outside plain data,
 * on malformed or truncated input, and on trailing bytes after STOP.
 */
export function readPickle(bytes: Uint8Array): PickleValue {
  const reader = new Reader(bytes);
  const stack: StackEntry[] = [];
  const memo = new Map<number, PickleValue>();
  const pop = (opcode: string): PickleValue => {
    const value = stack.pop();
    if (value === undefined || value === MARK)
      throw new PickleError(`${opcode} at byte ${reader.offset - 1} finds no value on the stack`, opcode);
    return value;
  };
  const top = (opcode: string): PickleValue => {
    const value = stack.at(-1);
    if (value === undefined || value === MARK)
      throw new PickleError(`${opcode} at byte ${reader.offset - 1} finds no value on the stack`, opcode);
    return value;
  };
  const popMark = (opcode: string): PickleValue[] => {
    const at = stack.lastIndexOf(MARK);
    if (at < 0) throw new PickleError(`${opcode} at byte ${reader.offset - 1} has no MARK`, opcode);
    const values = stack.splice(at) as PickleValue[];
    values.shift();
    return values;
  };
  const memoGet = (key: number, opcode: string): PickleValue => {
    if (!memo.has(key)) throw new PickleError(`${opcode} of memo ${key}, which was never stored`, opcode);
    return memo.get(key)!;
  };
  const setItems = (dict: PickleValue, pairs: PickleValue[], opcode: string) => {
    if (!(dict instanceof Map)) throw new PickleError(`${opcode} on something that is not a dict`, opcode);
    if (pairs.length % 2 !== 0) throw new PickleError(`${opcode} with an odd number of keys and values`, opcode);
    for (let index = 0; index < pairs.length; index += 2) dict.set(pairs[index]!, pairs[index + 1]!);
  };
  const append = (list: PickleValue, values: PickleValue[], opcode: string) => {
    if (Array.isArray(list)) list.push(...values);
    else if (list instanceof Set) for (const value of values) list.add(value);
    else throw new PickleError(`${opcode} on something that is not a list`, opcode);
  };

  for (;;) {
    const at = reader.offset;
    const code = reader.byte();
    const refused = REFUSED[code];
    if (refused)
      throw new PickleError(
        `opcode ${refused} at byte ${at} would construct an object or call a function; kfm reads plain data only`,
        refused,
        at,
      );
    switch (code) {
      case 0x80: // PROTO
        if (reader.byte() > 5) throw new PickleError(`pickle protocol above 5 at byte ${at}`, "PROTO", at);
        break;
      case 0x95: // FRAME: a length prefix only
        reader.uint(8);
        break;
      case 0x2e: // STOP
        if (reader.offset !== bytes.length) throw new PickleError(`${bytes.length - reader.offset} bytes after STOP`, "STOP", at);
        if (stack.length !== 1 || stack[0] === MARK) throw new PickleError(`STOP with ${stack.length} entries on the stack`, "STOP", at);
        return stack[0] as PickleValue;
      case 0x28: // MARK
        stack.push(MARK);
        break;
      case 0x30: // POP
        if (stack.pop() === undefined) throw new PickleError(`POP at byte ${at} on an empty stack`, "POP", at);
        break;
      case 0x31: // POP_MARK
        popMark("POP_MARK");
        break;
      case 0x32: // DUP
        stack.push(top("DUP"));
        break;
      case 0x4e: // NONE
        stack.push(null);
        break;
      case 0x88: // NEWTRUE
        stack.push(true);
        break;
      case 0x89: // NEWFALSE
        stack.push(false);
        break;
      case 0x49: {
        // INT: protocol 0's decimal line, "01"/"00" are True/False
        const text = reader.line();
        if (text === "01" || text === "00") stack.push(text === "01");
        else if (/^[+-]?\d+$/.test(text)) stack.push(narrow(BigInt(text)));
        else throw new PickleError(`INT argument "${text}" at byte ${at} is not an integer`, "INT", at);
        break;
      }
      case 0x4c: {
        // LONG: decimal with a trailing L
        const text = reader.line().replace(/L$/, "");
        if (!/^[+-]?\d+$/.test(text)) throw new PickleError(`LONG argument at byte ${at} is not an integer`, "LONG", at);
        stack.push(narrow(BigInt(text)));
        break;
      }
      case 0x4a: // BININT
        stack.push(reader.int32());
        break;
      case 0x4b: // BININT1
        stack.push(reader.byte());
        break;
      case 0x4d: // BININT2
        stack.push(reader.uint(2));
        break;
      case 0x8a: // LONG1
        stack.push(littleEndianSigned(reader.take(reader.byte())));
        break;
      case 0x8b: {
        // LONG4
        const length = reader.int32();
        if (length < 0) throw new PickleError(`LONG4 with a negative length at byte ${at}`, "LONG4", at);
        stack.push(littleEndianSigned(reader.take(length)));
        break;
      }
      case 0x46: {
        // FLOAT: repr of a float on a line
        const text = reader.line();
        const value = Number(text);
        if (text.trim() === "" || (Number.isNaN(value) && !/^[+-]?nan$/i.test(text)))
          throw new PickleError(`FLOAT argument "${text}" at byte ${at} is not a number`, "FLOAT", at);
        stack.push(value);
        break;
      }
      case 0x47: {
        // BINFLOAT: big-endian double
        const slice = reader.take(8);
        stack.push(new DataView(slice.buffer, slice.byteOffset, 8).getFloat64(0, false));
        break;
      }
      case 0x53: // STRING (Python 2 str, read as text)
        stack.push(unquote(reader.line(), at));
        break;
      case 0x54: {
        // BINSTRING
        const length = reader.int32();
        if (length < 0) throw new PickleError(`BINSTRING with a negative length at byte ${at}`, "BINSTRING", at);
        stack.push(Buffer.from(reader.take(length)).toString("latin1"));
        break;
      }
      case 0x55: // SHORT_BINSTRING
        stack.push(Buffer.from(reader.take(reader.byte())).toString("latin1"));
        break;
      case 0x56: // UNICODE: raw-unicode-escape, characters below 256 as latin-1 bytes
        stack.push(rawUnicodeEscape(reader.line()));
        break;
      case 0x58: // BINUNICODE
        stack.push(decodeUtf8(reader.take(reader.uint(4)), at));
        break;
      case 0x8c: // SHORT_BINUNICODE
        stack.push(decodeUtf8(reader.take(reader.byte()), at));
        break;
      case 0x8d: // BINUNICODE8
        stack.push(decodeUtf8(reader.take(reader.uint(8)), at));
        break;
      case 0x42: // BINBYTES
        stack.push(Uint8Array.from(reader.take(reader.uint(4))));
        break;
      case 0x43: // SHORT_BINBYTES
        stack.push(Uint8Array.from(reader.take(reader.byte())));
        break;
      case 0x8e: // BINBYTES8
      case 0x96: // BYTEARRAY8 (a bytearray is read as bytes)
        stack.push(Uint8Array.from(reader.take(reader.uint(8))));
        break;
      case 0x5d: // EMPTY_LIST
        stack.push([]);
        break;
      case 0x6c: // LIST
        stack.push(popMark("LIST"));
        break;
      case 0x61: {
        // APPEND
        const value = pop("APPEND");
        append(top("APPEND"), [value], "APPEND");
        break;
      }
      case 0x65: {
        // APPENDS
        const values = popMark("APPENDS");
        append(top("APPENDS"), values, "APPENDS");
        break;
      }
      case 0x29: // EMPTY_TUPLE
        stack.push([]);
        break;
      case 0x74: // TUPLE
        stack.push(popMark("TUPLE"));
        break;
      case 0x85: // TUPLE1
      case 0x86: // TUPLE2
      case 0x87: {
        // TUPLE3
        const size = code - 0x84;
        const values: PickleValue[] = [];
        for (let index = 0; index < size; index++) values.unshift(pop("TUPLE"));
        stack.push(values);
        break;
      }
      case 0x7d: // EMPTY_DICT
        stack.push(new Map());
        break;
      case 0x64: {
        // DICT
        const dict = new Map<PickleValue, PickleValue>();
        setItems(dict, popMark("DICT"), "DICT");
        stack.push(dict);
        break;
      }
      case 0x73: {
        // SETITEM
        const value = pop("SETITEM");
        const key = pop("SETITEM");
        setItems(top("SETITEM"), [key, value], "SETITEM");
        break;
      }
      case 0x75: {
        // SETITEMS
        const pairs = popMark("SETITEMS");
        setItems(top("SETITEMS"), pairs, "SETITEMS");
        break;
      }
      case 0x8f: // EMPTY_SET
        stack.push(new Set());
        break;
      case 0x90: {
        // ADDITEMS
        const values = popMark("ADDITEMS");
        const set = top("ADDITEMS");
        if (!(set instanceof Set)) throw new PickleError("ADDITEMS on something that is not a set", "ADDITEMS", at);
        for (const value of values) set.add(value);
        break;
      }
      case 0x91: // FROZENSET
        stack.push(new Set(popMark("FROZENSET")));
        break;
      case 0x70: // PUT
        memo.set(Number(reader.line()), top("PUT"));
        break;
      case 0x71: // BINPUT
        memo.set(reader.byte(), top("BINPUT"));
        break;
      case 0x72: // LONG_BINPUT
        memo.set(reader.uint(4), top("LONG_BINPUT"));
        break;
      case 0x94: // MEMOIZE
        memo.set(memo.size, top("MEMOIZE"));
        break;
      case 0x67: // GET
        stack.push(memoGet(Number(reader.line()), "GET"));
        break;
      case 0x68: // BINGET
        stack.push(memoGet(reader.byte(), "BINGET"));
        break;
      case 0x6a: // LONG_BINGET
        stack.push(memoGet(reader.uint(4), "LONG_BINGET"));
        break;
      default:
        throw new PickleError(`unknown opcode 0x${code.toString(16).padStart(2, "0")} at byte ${at}`, `0x${code.toString(16)}`, at);
    }
  }
}
