/**
 * A suite definition's static checks before any data is read: choices and the target name mapped
 * fields, agentic suites map their task fields, a suite without messages has prompt.user, and every
 * template variable is known. Returns the compiled templates; each error names file, line and field.
 */
import { SuiteError } from "../spec/errors.js";
import { lineOf, type YamlSource } from "../yaml/yaml-source.js";
import { TASK_FIELDS } from "./agentic-task.js";
import { OPTIONS_VARIABLE } from "./build-items.js";
import { DOCUMENTS_VARIABLE } from "./documents.js";
import type { SuiteDefinition } from "./schema.js";
import { compileTemplate, type Template } from "./template.js";

export const FEW_SHOT_VARIABLE = "fewshot";
export const BUILT_IN_VARIABLES = ["subject"];

function checkVariables(source: YamlSource, template: Template, allowed: Set<string>, path: (string | number)[]): void {
  for (const variable of template.variables) {
    if (allowed.has(variable)) continue;
    const line = lineOf(source, path);
    throw new SuiteError(
      { file: source.file, ...(line !== undefined ? { line } : {}), path: path.join(".") },
      `unknown template variable {{${variable}}}`,
      {
        hint: `Known variables: ${[...allowed].map((name) => `{{${name}}}`).join(", ")}. Map a column to it under data.fields.`,
      },
    );
  }
}

export interface CompiledTemplates {
  userTemplate: Template | undefined;
  systemTemplate: Template | undefined;
  shotTemplate: Template | undefined;
}

export function compileDefinition(source: YamlSource, definition: SuiteDefinition): CompiledTemplates {
  const file = source.file;
  const data = definition.data;
  const fieldNames = new Set([...Object.keys(data.fields), ...Object.keys(data.constants ?? {}), ...Object.keys(data.variants ?? {})]);
  for (const [index, choice] of (data.choices ?? []).entries()) {
    if (!fieldNames.has(choice))
      throw new SuiteError(
        { file, line: lineOf(source, ["data", "choices", index]) ?? 0, path: `data.choices[${index}]` },
        `"${choice}" is not a field in data.fields`,
      );
  }
  if (!fieldNames.has(data.target.field)) {
    throw new SuiteError(
      { file, line: lineOf(source, ["data", "target", "field"]) ?? 0, path: "data.target.field" },
      `"${data.target.field}" is not a field in data.fields`,
    );
  }
  const promptVariables = new Set([
    ...fieldNames,
    ...BUILT_IN_VARIABLES,
    ...(data.documents ? [DOCUMENTS_VARIABLE] : []),
    ...(data.turns ? ["turn"] : []),
    ...(definition.few_shot ? [FEW_SHOT_VARIABLE] : []),
    ...(data.choices_field || data.choices ? [OPTIONS_VARIABLE] : []),
  ]);
  if (!definition.agentic && !data.turns && definition.prompt?.user === undefined) {
    throw new SuiteError(
      { file, line: lineOf(source, definition.prompt ? ["prompt"] : []) ?? 1, path: "prompt.user" },
      "a suite needs prompt.user (only agentic and multi-turn suites, whose items carry their messages, may leave it out)",
    );
  }
  if (definition.agentic) {
    for (const key of ["messages", "expected"] as const) {
      if (!Object.hasOwn(data.fields, key))
        throw new SuiteError(
          { file, line: lineOf(source, ["data", "fields"]) ?? 0, path: "data.fields" },
          `an agentic suite maps the task field "${key}" under data.fields`,
          { hint: `Map ${TASK_FIELDS.join(", ")} (those the data has).` },
        );
    }
    for (const key of ["steps", "tool_errors"] as const)
      if (definition.agentic.limits[key] !== undefined && definition.agentic.mode !== "dual")
        throw new SuiteError(
          { file, line: lineOf(source, ["agentic", "limits", key]) ?? 0, path: `agentic.limits.${key}` },
          `limits.${key} counts tau2's orchestrator steps and errors: it applies to mode dual only`,
          { hint: "Use turns, tool_calls and seconds for single-step and loop suites." },
        );
  }
  const userTemplate = definition.prompt?.user !== undefined ? compileTemplate(definition.prompt.user) : undefined;
  const systemTemplate = definition.prompt?.system !== undefined ? compileTemplate(definition.prompt.system) : undefined;
  if (userTemplate) checkVariables(source, userTemplate, promptVariables, ["prompt", "user"]);
  if (systemTemplate) checkVariables(source, systemTemplate, promptVariables, ["prompt", "system"]);
  const shotTemplate = definition.few_shot ? compileTemplate(definition.few_shot.template) : undefined;
  if (shotTemplate)
    checkVariables(
      source,
      shotTemplate,
      new Set([...fieldNames, ...BUILT_IN_VARIABLES, "target", ...(data.choices_field || data.choices ? [OPTIONS_VARIABLE] : [])]),
      ["few_shot", "template"],
    );
  return { userTemplate, systemTemplate, shotTemplate };
}
