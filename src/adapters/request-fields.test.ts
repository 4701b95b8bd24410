import { describe, expect, it } from "vitest";
import {
  deepMerge,
  effectiveGeneration,
  redactRequestFields,
  requestFieldsSchema,
  thinkingSwitch,
  withRequestFields,
} from "./request-fields.js";

describe("extra request fields", () => {
  it("merge objects field by field and replace anything else whole; the endpoint's win over the suite's", () => {
    expect(deepMerge({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 })).toEqual({ a: { b: 1, c: [3] }, d: 1, e: 2 });
    const body = withRequestFields(
      { model: "m" },
      { chat_template_kwargs: { enable_thinking: true, x: 1 } },
      { chat_template_kwargs: { enable_thinking: false } },
    );
    expect(body).toEqual({ model: "m", chat_template_kwargs: { enable_thinking: false, x: 1 } });
  });

  it("the effective settings are the suite's under the endpoint's parameters and request", () => {
    const effective = effectiveGeneration(
      { temperature: 0, maxTokens: 2048, request: { top_k: 20 } },
      { parameters: { maxTokens: 4096 }, request: { reasoning_effort: "low" } },
    );
    expect(effective).toEqual({ temperature: 0, maxTokens: 4096, request: { top_k: 20, reasoning_effort: "low" } });
    expect(effectiveGeneration({ temperature: 0 }, {})).toEqual({ temperature: 0 });
  });

  it("refuse a field kfm sets itself", () => {
    expect(requestFieldsSchema.safeParse({ top_k: 20 }).success).toBe(true);
    expect(requestFieldsSchema.safeParse({ max_tokens: 20 }).error?.issues[0]?.path).toEqual(["max_tokens"]);
  });

  it.each([
    [{ chat_template_kwargs: { enable_thinking: false } }, {}, "off"],
    [{ chat_template_kwargs: { thinking: true } }, {}, "on"],
    [{ reasoning_effort: "none" }, {}, "off"],
    [{ reasoning_effort: "high" }, {}, "on"],
    [{ thinking: { type: "disabled" } }, {}, "off"],
    [undefined, { thinkingBudget: 0 }, "off"],
    [{ top_k: 20 }, {}, undefined],
  ] as const)("read the thinking switch from what was sent: %j %j -> %s", (request, settings, expected) => {
    expect(thinkingSwitch(request, settings)).toBe(expected);
  });

  it("redact values under secret-looking names, at any depth, and nothing else", () => {
    expect(redactRequestFields({ api_key: "sk-1", extra: { password: "p", max_new_tokens: 5 }, top_k: 2 })).toEqual({
      api_key: "[redacted]",
      extra: { password: "[redacted]", max_new_tokens: 5 },
      top_k: 2,
    });
  });
});
