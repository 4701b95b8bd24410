import * as z from "zod";
import { reservedRequestField, type GenerationSettings } from "../spec/adapter.js";
import type { RunManifest } from "../spec/run.js";

type Fields = Record<string, unknown>;

function isPlainObject(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `over` merged into `base`: objects field by field, anything else (arrays included) replaced whole. */
export function deepMerge(base: Fields | undefined, over: Fields | undefined): Fields {
  const merged: Fields = { ...base };
  for (const [key, value] of Object.entries(over ?? {})) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

/** Extra request fields as config and suites declare them: any JSON object, but none kfm sets itself. */
export const requestFieldsSchema = z.record(z.string(), z.unknown()).superRefine((fields, context) => {
  const reserved = reservedRequestField(fields);
  if (reserved) context.addIssue({ code: "custom", path: [reserved.field], message: reserved.message });
});

/** The body with the suite's extra fields, then the endpoint's, merged in (the endpoint's win). */
export function withRequestFields(body: Fields, suite: Fields | undefined, endpoint: Fields | undefined): Fields {
  return suite === undefined && endpoint === undefined ? body : deepMerge(deepMerge(body, suite), endpoint);
}

const GENERATION_KEYS = ["temperature", "maxTokens", "topP", "seed", "stop"] as const;

/**
 * What an adapter sends: the suite's generation settings with the endpoint's `parameters` over
 * them, and the suite's extra fields with the endpoint's `request` over them. Computed once per
 * run from the endpoint's raw settings, so the manifest records what every request carried.
 */
export function effectiveGeneration(suite: GenerationSettings, endpointSettings: Fields): GenerationSettings {
  const effective: GenerationSettings = { ...suite };
  const parameters = isPlainObject(endpointSettings.parameters) ? endpointSettings.parameters : {};
  for (const key of GENERATION_KEYS) {
    if (parameters[key] !== undefined) (effective as Fields)[key] = parameters[key];
  }
  const endpointRequest = isPlainObject(endpointSettings.request) ? endpointSettings.request : undefined;
  if (suite.request !== undefined || endpointRequest !== undefined) effective.request = deepMerge(suite.request, endpointRequest);
  return effective;
}

/**
 * Whether the requests switched a model's thinking mode on or off, read from the fields sent:
 * `chat_template_kwargs.enable_thinking` or `.thinking` (vLLM, SGLang: Qwen3, EXAONE, DeepSeek),
 * `enable_thinking`, `reasoning_effort` (`none` is off), `thinking.type` (enabled / disabled), and
 * the Anthropic and Gemini adapters' `thinkingBudget` (0 is off). Undefined when nothing says.
 */
export function thinkingSwitch(request: Fields | undefined, endpointSettings: Fields = {}): "on" | "off" | undefined {
  const fields = request ?? {};
  const kwargs = isPlainObject(fields.chat_template_kwargs) ? fields.chat_template_kwargs : {};
  for (const flag of [kwargs.enable_thinking, kwargs.thinking, fields.enable_thinking]) {
    if (typeof flag === "boolean") return flag ? "on" : "off";
  }
  if (typeof fields.reasoning_effort === "string") return fields.reasoning_effort === "none" ? "off" : "on";
  const thinking = isPlainObject(fields.thinking) ? fields.thinking.type : undefined;
  if (thinking === "enabled" || thinking === "disabled") return thinking === "enabled" ? "on" : "off";
  const budget = endpointSettings.thinkingBudget;
  if (typeof budget === "number") return budget === 0 ? "off" : "on";
  return undefined;
}

const SECRET_FIELD = /(?:^|[_-])(?:api[_-]?key|secret|password|authorization|access[_-]?token|auth[_-]?token)$/i;

/** The fields with values under secret-looking names (`api_key`, `password`, …) replaced, for the manifest. */
export function redactRequestFields(fields: Fields): Fields {
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => [
      key,
      SECRET_FIELD.test(key) ? "[redacted]" : isPlainObject(value) ? redactRequestFields(value) : value,
    ]),
  );
}

/** What every request carries, for the manifest: the effective generation settings and extra fields (secrets redacted), and the thinking switch they set. */
export function sentGeneration(
  suite: GenerationSettings,
  endpointSettings: Record<string, unknown>,
): Pick<RunManifest, "generation" | "thinking"> {
  const { request, ...generation } = effectiveGeneration(suite, endpointSettings);
  const thinking = thinkingSwitch(request, endpointSettings);
  return {
    generation: { ...generation, ...(request ? { request: redactRequestFields(request) } : {}) },
    ...(thinking ? { thinking } : {}),
  };
}
