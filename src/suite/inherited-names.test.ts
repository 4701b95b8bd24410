import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KfmError } from "../spec/errors.js";
import { loadSuite } from "./load.js";
import { compileTemplate } from "./template.js";

/** A JSONL suite whose mapping and data can name Object.prototype's members. */
async function jsonlSuite(rows: object[], mapping: { fields: string; target: string; subject?: string }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "kfm-inherited-"));
  await mkdir(join(dir, "data"));
  await writeFile(join(dir, "data", "x.jsonl"), rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
  const subject = mapping.subject ?? "{ from: value, value: s }";
  await writeFile(
    join(dir, "s.yaml"),
    `kfm: suite/v1\nid: t\nversion: "1"\ntitle: t\nbenchmark: T\nlanguage: ko\nlicence: x\nsource: { citation: x }\ndata:\n  format: jsonl\n  files: data/x.jsonl\n  subject: ${subject}\n  fields: ${mapping.fields}\n  target: ${mapping.target}\nprompt:\n  user: "{{question}}"\nscorer: { id: exact-match }\n`,
  );
  return join(dir, "s.yaml");
}

async function failure(file: string): Promise<KfmError> {
  const error = await loadSuite(file).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(KfmError.isInstance(error)).toBe(true);
  return error as KfmError;
}

describe("a suite's names are looked up as own properties only, never Object.prototype's", () => {
  it.each(["toString", "constructor", "__proto__", "hasOwnProperty"])(
    "a field mapped to %s, absent from the rows, is a missing column",
    async (name) => {
      const file = await jsonlSuite([{ q: "a?", gold: "B" }], {
        fields: `{ question: "${name}", answer: gold }`,
        target: "{ field: answer }",
      });
      const error = await failure(file);
      expect(error.message).toContain(`missing column "${name}"`);
      expect(error.message).not.toContain("native code");
    },
  );

  it("a target value named like an inherited member is not in the map", async () => {
    const file = await jsonlSuite([{ q: "a?", gold: "constructor" }], {
      fields: "{ question: q, answer: gold }",
      target: '{ field: answer, map: { "1": A } }',
    });
    const error = await failure(file);
    expect(error.message).toContain('target value "constructor" is not in data.target.map');
  });

  it("a subject field named like an inherited member, absent from the row, is no subject", async () => {
    const file = await jsonlSuite([{ q: "a?", gold: "B" }], {
      fields: "{ question: q, answer: gold }",
      target: "{ field: answer }",
      subject: "{ from: field, field: toString }",
    });
    const error = await failure(file);
    expect(error.message).toContain('has no subject in field "toString"');
  });

  it("a subject map does not map a value named like an inherited member", async () => {
    const file = await jsonlSuite([{ q: "a?", gold: "B", topic: "toString" }], {
      fields: "{ question: q, answer: gold }",
      target: "{ field: answer }",
      subject: "{ from: field, field: topic, map: { law: 법 } }",
    });
    const suite = await loadSuite(file);
    expect(suite.items[0]!.subject).toBe("toString");
  });

  it("a data column named __proto__ is an ordinary column", async () => {
    const file = await jsonlSuite([JSON.parse('{"__proto__": "a?", "gold": "B"}') as object], {
      fields: '{ question: "__proto__", answer: gold }',
      target: "{ field: answer }",
    });
    const suite = await loadSuite(file);
    expect(suite.items[0]!.fields.question).toBe("a?");
  });

  it("a template renders an inherited name as empty, not as the function", () => {
    expect(compileTemplate("[{{toString}}][{{constructor}}]").render({})).toBe("[][]");
  });
});
