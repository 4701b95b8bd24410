import { describe, expect, it } from "vitest";
import * as z from "zod";
import { KfmError } from "../spec/errors.js";
import { MAX_YAML_BYTES, parseWithSchema, parseYamlSource, rememberedYamlSource, survivesJson, toPlain } from "./yaml-source.js";

function failure(run: () => unknown): KfmError {
  try {
    run();
  } catch (error) {
    expect(KfmError.isInstance(error)).toBe(true);
    return error as KfmError;
  }
  throw new Error("expected an error");
}

describe("hostile YAML", () => {
  it("an alias bomb is refused with a clear error instead of exhausting memory", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]",
      "f: [*e, *e, *e, *e, *e, *e, *e, *e, *e]",
    ].join("\n");
    const error = failure(() => parseWithSchema(parseYamlSource("bomb.yaml", bomb, "suite"), z.unknown(), "suite"));
    expect(error.message).toContain("bomb.yaml");
    expect(error.message).toMatch(/alias/i);
  });

  it("a huge file is refused before parsing", () => {
    const error = failure(() => parseYamlSource("huge.yaml", `a: "${"x".repeat(MAX_YAML_BYTES)}"`, "suite"));
    expect(error.message).toContain("huge.yaml");
    expect(error.message).toContain("refusing");
  });

  it("duplicate keys are a syntax error with a line", () => {
    const error = failure(() => parseYamlSource("dup.yaml", "a: 1\nb: 2\na: 3\n", "suite"));
    expect(error.message).toMatch(/dup\.yaml:3/);
  });
});

describe("a remembered source", () => {
  it("gives what a parsed one gives, its document parsed when asked for (an error naming a line)", () => {
    const text = "id: x\nlimits:\n  max: 5\n";
    const plain = toPlain(parseYamlSource("s.yaml", text, "suite"), "suite");
    expect(plain).toEqual({ id: "x", limits: { max: 5 } });
    const schema = z.object({ id: z.string(), limits: z.object({ max: z.number().max(3) }) });
    const remembered = rememberedYamlSource("s.yaml", text);
    expect(toPlain(remembered, "suite")).toEqual(plain);
    expect(failure(() => parseWithSchema(remembered, schema, "suite")).message).toMatch(/^s\.yaml:3\b.*limits\.max/);
  });

  it("is kept only when it comes back the same from JSON", () => {
    const plainOf = (text: string) => toPlain(parseYamlSource("s.yaml", text, "suite"), "suite");
    expect(survivesJson(plainOf("a: [1, two, true, null, { b: 2.5 }]"))).toBe(true);
    for (const text of ["a: .inf", "a: -.inf", "a: .nan", "a: -0.0", "a: !!binary aGVsbG8="])
      expect(survivesJson(plainOf(text))).toBe(false);
  });
});
