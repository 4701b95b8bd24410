import { describe, expect, it } from "vitest";
import { PickleError, readPickle, type PickleValue } from "./python-pickle.js";

/**
 * Pickles made with CPython 3.11's `pickle.dumps` at dev time (the script is in the comment of each
 * group), stored as base64: the reader is checked against the real encoder, and hostile pickles
 * against the opcodes they use.
 */
const FIXTURES = {
  plain0:
    "KGRwMApWcwpwMQpWaOlsbG9cdTAwMGEncSciCnAyCnNWbApwMwoobHA0CkkxCmFJLTIKYUkzMDAKYUk3MDAwMAphSS0yMTQ3NDgzNjQ4CmFMMTA5OTUxMTYyNzc3NkwKYUwxMTgwNTkxNjIwNzE3NDExMzAzNDI0TAphTC0xMTgwNTkxNjIwNzE3NDExMzAzNDI0TAphRjIuNQphRi0wLjAKYU5hSTAxCmFJMDAKYXNWdApwNQooSTEKKEkyCkkzCnRwNgoodHRwNwpzSTcKVnNldmVuCnA4CnMu",
  plain1:
    "fXEAKFgBAAAAc3EBWAsAAABow6lsbG8KJ3EnInECWAEAAABscQNdcQQoSwFK/v///00sAUpwEQEASgAAAIBMMTA5OTUxMTYyNzc3NkwKTDExODA1OTE2MjA3MTc0MTEzMDM0MjRMCkwtMTE4MDU5MTYyMDcxNzQxMTMwMzQyNEwKR0AEAAAAAAAAR4AAAAAAAAAATkkwMQpJMDAKZVgBAAAAdHEFKEsBKEsCSwN0cQYpdHEHSwdYBQAAAHNldmVucQh1Lg==",
  plain2:
    "gAJ9cQAoWAEAAABzcQFYCwAAAGjDqWxsbwoncScicQJYAQAAAGxxA11xBChLAUr+////TSwBSnARAQBKAAAAgIoGAAAAAAABigkAAAAAAAAAAECKCQAAAAAAAAAAwEdABAAAAAAAAEeAAAAAAAAAAE6IiWVYAQAAAHRxBUsBSwJLA4ZxBimHcQdLB1gFAAAAc2V2ZW5xCHUu",
  plain3:
    "gAN9cQAoWAEAAABzcQFYCwAAAGjDqWxsbwoncScicQJYAQAAAGxxA11xBChLAUr+////TSwBSnARAQBKAAAAgIoGAAAAAAABigkAAAAAAAAAAECKCQAAAAAAAAAAwEdABAAAAAAAAEeAAAAAAAAAAE6IiWVYAQAAAHRxBUsBSwJLA4ZxBimHcQdLB1gFAAAAc2V2ZW5xCHUu",
  plain4:
    "gASVfwAAAAAAAAB9lCiMAXOUjAtow6lsbG8KJ3EnIpSMAWyUXZQoSwFK/v///00sAUpwEQEASgAAAICKBgAAAAAAAYoJAAAAAAAAAABAigkAAAAAAAAAAMBHQAQAAAAAAABHgAAAAAAAAABOiIlljAF0lEsBSwJLA4aUKYeUSweMBXNldmVulHUu",
  plain5:
    "gAWVfwAAAAAAAAB9lCiMAXOUjAtow6lsbG8KJ3EnIpSMAWyUXZQoSwFK/v///00sAUpwEQEASgAAAICKBgAAAAAAAYoJAAAAAAAAAABAigkAAAAAAAAAAMBHQAQAAAAAAABHgAAAAAAAAABOiIlljAF0lEsBSwJLA4aUKYeUSweMBXNldmVulHUu",
  memo: "gAJdcQAoXXEBKEsBSwJlaAF9cQJYAQAAAGtxA2gBc2Uu",
  lcb: "eJxrYJlqxwABPVbR1UqZeQWlJUpWCkqGCkYxeUo6Ckr5pSVQIWOIQElqcUlJZUEqSKi4JCUzT6k2dooeALEqFJ0=",
  bytes3: "gAWVFgAAAAAAAABdlChDAgD/lJYCAAAAAAAAAGFilGUu",
  sets: "gASVGgAAAAAAAAB9lCiMAXOUj5QoSwFLApCMAWaUKEsDkZR1Lg==",
  reduce0: "Y3Bvc2l4CnN5c3RlbQpwMAooVmVjaG8gcHduZWQKcDEKdHAyClJwMwou",
  reduce4: "gASVJQAAAAAAAACMBXBvc2l4lIwGc3lzdGVtlJOUjAplY2hvIHB3bmVklIWUUpQu",
  newobj: "gAJjX19tYWluX18KUGxhaW4KcQApgXEBfXECWAEAAAB4cQNLAXNiLg==",
  persid0: "KGxwMApQeAphLg==",
  binpersid: "gAJdcQBYAQAAAHhxAVFhLg==",
  inst: "KGlfX21haW5fXwpQbGFpbgooZHAwCmIu",
  ext1: "gAKCAS4=",
} as const;

const bytesOf = (name: keyof typeof FIXTURES) => Buffer.from(FIXTURES[name], "base64");

// data = {"s": "héllo\n'q'\"", "l": [1, -2, 300, 70000, -(2**31), 2**40, 2**70, -(2**70), 2.5, -0.0, None, True, False],
//         "t": (1, (2, 3), ()), 7: "seven"}; pickle.dumps(data, protocol=p) for p in 0..5
const EXPECTED = new Map<PickleValue, PickleValue>([
  ["s", "héllo\n'q'\""],
  ["l", [1, -2, 300, 70000, -(2 ** 31), 2 ** 40, 2n ** 70n, -(2n ** 70n), 2.5, -0, null, true, false]],
  ["t", [1, [2, 3], []]],
  [7, "seven"],
]);

describe("readPickle", () => {
  for (const protocol of [0, 1, 2, 3, 4, 5] as const) {
    it(`reads plain data pickled with protocol ${protocol}`, () => {
      expect(readPickle(bytesOf(`plain${protocol}`))).toEqual(EXPECTED);
    });
  }

  it("reads LiveCodeBench's private tests: base64, zlib, then a pickled JSON string", async () => {
    const { inflateSync } = await import("node:zlib");
    const text = readPickle(inflateSync(bytesOf("lcb")));
    expect(JSON.parse(text as string)).toEqual([{ input: "1 2\n", output: "3\n", testtype: "stdin" }]);
  });

  it("keeps shared references of the memo (shared = [1, 2]; [shared, shared, {'k': shared}])", () => {
    const value = readPickle(bytesOf("memo")) as PickleValue[];
    expect(value).toEqual([[1, 2], [1, 2], new Map([["k", [1, 2]]])]);
    expect(value[0]).toBe(value[1]);
  });

  it("reads bytes, bytearrays (protocol 5) and sets", () => {
    expect(readPickle(bytesOf("bytes3"))).toEqual([Uint8Array.from([0, 255]), Uint8Array.from([97, 98])]);
    expect(readPickle(bytesOf("sets"))).toEqual(
      new Map<PickleValue, PickleValue>([
        ["s", new Set([1, 2])],
        ["f", new Set([3])],
      ]),
    );
  });

  // class Evil: def __reduce__(self): return (os.system, ("echo pwned",)); class Plain: def __init__(self): self.x = 1
  const hostile: Array<[keyof typeof FIXTURES, string, string]> = [
    ["reduce0", "GLOBAL", "os.system by protocol 0"],
    ["reduce4", "STACK_GLOBAL", "os.system by protocol 4"],
    ["newobj", "GLOBAL", "an instance of a class (protocol 2)"],
    ["persid0", "PERSID", "a persistent id (protocol 0)"],
    ["binpersid", "BINPERSID", "a persistent id (protocol 2)"],
    ["inst", "INST", "INST, written by hand"],
    ["ext1", "EXT1", "the extension registry, written by hand"],
  ];
  for (const [name, opcode, what] of hostile) {
    it(`refuses ${what}, naming ${opcode}`, () => {
      expect(() => readPickle(bytesOf(name))).toThrow(PickleError);
      try {
        readPickle(bytesOf(name));
      } catch (error) {
        expect((error as PickleError).opcode).toBe(opcode);
        expect((error as Error).message).toMatch(new RegExp(`opcode ${opcode} at byte \\d+ would construct an object or call a function`));
      }
    });
  }

  it("refuses REDUCE, BUILD, OBJ, NEWOBJ and NEWOBJ_EX even without a global before them", () => {
    for (const [byte, opcode] of [
      [0x52, "REDUCE"],
      [0x62, "BUILD"],
      [0x6f, "OBJ"],
      [0x81, "NEWOBJ"],
      [0x92, "NEWOBJ_EX"],
    ] as const) {
      expect(() => readPickle(Uint8Array.from([0x80, 0x04, 0x4e, 0x4e, byte, 0x2e]))).toThrow(`opcode ${opcode} at byte 4`);
    }
  });

  it("refuses truncated input, trailing bytes and unknown opcodes", () => {
    expect(() => readPickle(bytesOf("plain4").subarray(0, 40))).toThrow(/truncated/);
    expect(() => readPickle(Buffer.concat([bytesOf("memo"), Buffer.from("N")]))).toThrow(/1 bytes after STOP/);
    expect(() => readPickle(Uint8Array.from([0x80, 0x04, 0xff, 0x2e]))).toThrow(/unknown opcode 0xff at byte 2/);
  });
});
