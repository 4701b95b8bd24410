import type { ExpectedCall } from "../spec/agentic.js";
import type { ToolCall, ToolDefinition } from "../spec/adapter.js";

export type StringMatch = "normalized" | "exact";

export interface CallMatchOptions {
  /** `normalized` (BFCL's rule): case, spaces and `, . / - _ * ^` do not count. */
  strings: StringMatch;
  /** The tools offered, for types, required arguments and defaults. */
  tools: readonly ToolDefinition[];
}

export interface CallMatch {
  ok: boolean;
  /** Why not, one line per problem, naming the call and argument. */
  mismatches: string[];
}

interface PropertySchema {
  type?: string | string[];
  default?: unknown;
  items?: PropertySchema;
  properties?: Record<string, PropertySchema>;
}

function propertiesOf(tool: ToolDefinition | undefined): Record<string, PropertySchema> {
  return ((tool?.parameters as { properties?: Record<string, PropertySchema> } | undefined)?.properties ?? {}) as Record<
    string,
    PropertySchema
  >;
}

function requiredOf(tool: ToolDefinition | undefined): Set<string> {
  const required = (tool?.parameters as { required?: unknown } | undefined)?.required;
  return new Set(Array.isArray(required) ? required.filter((name): name is string => typeof name === "string") : []);
}

function normalize(text: string, strings: StringMatch): string {
  const nfc = text.normalize("NFC");
  return strings === "exact"
    ? nfc
    : nfc
        .replace(/[\s,./\-_*^]/g, "")
        .replaceAll("'", '"')
        .toLowerCase();
}

/**
 * Whether a value the model sent equals a reference value, with the coercions a reasonable grader
 * allows: `"3"` for 3, `"true"` for true, 3.0 for 3; strings compared under the string rule;
 * lists in order, objects key by key. What the schema's `type` says a value should be is what it
 * is coerced to.
 */
export function valuesMatch(sent: unknown, reference: unknown, strings: StringMatch): boolean {
  if (typeof reference === "number") {
    const number = typeof sent === "string" && sent.trim() !== "" ? Number(sent.replace(/,/g, "")) : sent;
    return typeof number === "number" && Number.isFinite(number) && Math.abs(number - reference) <= 1e-9 * Math.max(1, Math.abs(reference));
  }
  if (typeof reference === "boolean") {
    if (typeof sent === "string") return sent.trim().toLowerCase() === String(reference);
    return sent === reference;
  }
  if (typeof reference === "string") {
    if (typeof sent === "number" || typeof sent === "boolean") return normalize(String(sent), strings) === normalize(reference, strings);
    return typeof sent === "string" && normalize(sent, strings) === normalize(reference, strings);
  }
  if (reference === null) return sent === null || sent === undefined;
  if (Array.isArray(reference)) {
    return (
      Array.isArray(sent) && sent.length === reference.length && reference.every((value, index) => valuesMatch(sent[index], value, strings))
    );
  }
  if (typeof reference === "object") {
    if (typeof sent !== "object" || sent === null || Array.isArray(sent)) return false;
    const expected = reference as Record<string, unknown>;
    const given = sent as Record<string, unknown>;
    const keys = new Set([...Object.keys(expected), ...Object.keys(given)]);
    return [...keys].every((key) => valuesMatch(given[key], expected[key], strings));
  }
  return false;
}

/** Parses a call's argument text; the reason when it is not a JSON object. */
export function parseArguments(text: string): { value?: Record<string, unknown>; error?: string } {
  if (text.trim() === "") return { value: {} };
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) return { error: "arguments are not a JSON object" };
    return { value: value as Record<string, unknown> };
  } catch {
    return { error: "arguments are not valid JSON" };
  }
}

/**
 * One call against one expected call, as BFCL's AST checker does it: the same function; every
 * argument of the reference sent with the reference value or an acceptable one (an argument the
 * schema makes optional may be left out when the reference equals its default); no argument the
 * reference does not have, unless it is the schema's default.
 */
export function matchCall(call: ToolCall, expected: ExpectedCall, options: CallMatchOptions): CallMatch {
  const mismatches: string[] = [];
  if (call.name !== expected.name) return { ok: false, mismatches: [`called ${call.name || "(no name)"}, expected ${expected.name}`] };
  const parsed = parseArguments(call.arguments);
  if (!parsed.value) return { ok: false, mismatches: [`${call.name}: ${parsed.error}`] };
  const tool = options.tools.find((candidate) => candidate.name === expected.name);
  const properties = propertiesOf(tool);
  const required = requiredOf(tool);
  const sent = parsed.value;
  for (const [name, reference] of Object.entries(expected.arguments)) {
    if (!(name in sent)) {
      const property = properties[name];
      const optional =
        !required.has(name) && property !== undefined && "default" in property && valuesMatch(property.default, reference, options.strings);
      if (!optional) mismatches.push(`${call.name}: missing argument ${name}`);
      continue;
    }
    const allowed = [reference, ...(expected.acceptable?.[name] ?? [])];
    if (!allowed.some((value) => valuesMatch(sent[name], value, options.strings))) {
      mismatches.push(
        `${call.name}: ${name} is ${JSON.stringify(sent[name])}, expected ${allowed.map((value) => JSON.stringify(value)).join(" or ")}`,
      );
    }
  }
  for (const [name, value] of Object.entries(sent)) {
    if (name in expected.arguments) continue;
    const property = properties[name];
    if (property && "default" in property && valuesMatch(value, property.default, options.strings)) continue;
    mismatches.push(`${call.name}: unexpected argument ${name}`);
  }
  return { ok: mismatches.length === 0, mismatches };
}

/**
 * A set of calls against the expected set, order-insensitive (parallel calls): the same number,
 * and a one-to-one pairing in which every pair matches. Small sets, so a backtracking search.
 */
export function matchCalls(calls: readonly ToolCall[], expected: readonly ExpectedCall[], options: CallMatchOptions): CallMatch {
  if (calls.length !== expected.length) {
    const names = calls.map((call) => call.name).join(", ") || "none";
    return {
      ok: false,
      mismatches: [
        `made ${calls.length} call(s) (${names}), expected ${expected.length} (${expected.map((call) => call.name).join(", ")})`,
      ],
    };
  }
  const table = calls.map((call) => expected.map((reference) => matchCall(call, reference, options)));
  const used = new Set<number>();
  const pair = (index: number): boolean => {
    if (index === calls.length) return true;
    for (let candidate = 0; candidate < expected.length; candidate++) {
      if (used.has(candidate) || !table[index]![candidate]!.ok) continue;
      used.add(candidate);
      if (pair(index + 1)) return true;
      used.delete(candidate);
    }
    return false;
  };
  if (pair(0)) return { ok: true, mismatches: [] };
  // Report each call against the expected call of the same name (or the first), so the reason is readable.
  const mismatches = calls.flatMap((call, index) => {
    const sameName = expected.findIndex((reference) => reference.name === call.name);
    return table[index]![sameName >= 0 ? sameName : 0]!.mismatches;
  });
  return { ok: false, mismatches: mismatches.length ? mismatches : ["calls do not pair one-to-one with the expected calls"] };
}
