import { readFile } from "node:fs/promises";
import { SuiteError } from "../spec/errors.js";
import type { JudgePrompt, JudgeResources } from "../spec/scorer.js";
import { findFiles, type DataFile } from "./data.js";

interface JudgeSection {
  prompts?: string;
  rubrics?: Record<string, string>;
  references?: { file: string; key: string };
}

function jsonLines(path: string, text: string): Array<{ line: number; value: Record<string, unknown> }> {
  const rows: Array<{ line: number; value: Record<string, unknown> }> = [];
  for (const [index, line] of text.split("\n").entries()) {
    if (line.trim() === "") continue;
    try {
      rows.push({ line: index + 1, value: JSON.parse(line) as Record<string, unknown> });
    } catch {
      throw new SuiteError({ file: path, line: index + 1 }, "not a JSON line", { code: "data" });
    }
  }
  return rows;
}

/**
 * A judged suite's prompts (FastChat's `judge_prompts.jsonl`: name, system_prompt, prompt_template,
 * output_format) and reference answers (FastChat's answer files: question_id, choices[0].turns),
 * read from the suite's folder and hashed with the data.
 */
export async function readJudgeResources(
  file: string,
  dir: string,
  section: JudgeSection,
): Promise<{ resources: JudgeResources; files: DataFile[] }> {
  const files: DataFile[] = [];
  const read = async (pattern: string, field: string) => {
    const [path] = await findFiles(file, dir, pattern, field);
    const bytes = await readFile(path!);
    files.push({ path: path!, relativePath: pattern, bytes, rows: [], columns: [] });
    return { path: path!, text: bytes.toString("utf8") };
  };
  const prompts = new Map<string, JudgePrompt>();
  if (section.prompts) {
    const promptFile = await read(section.prompts, "judge.prompts");
    for (const { line, value } of jsonLines(promptFile.path, promptFile.text)) {
      const { name, system_prompt: system, prompt_template: template, output_format: outputFormat } = value as Record<string, unknown>;
      if (typeof name !== "string" || typeof template !== "string")
        throw new SuiteError({ file: promptFile.path, line }, "a judge prompt needs name and prompt_template", { code: "data" });
      prompts.set(name, {
        name,
        system: typeof system === "string" ? system : "",
        template,
        outputFormat: typeof outputFormat === "string" ? outputFormat : "",
      });
    }
  }
  for (const [name, pattern] of Object.entries(section.rubrics ?? {})) {
    const rubric = await read(pattern, `judge.rubrics.${name}`);
    prompts.set(name, { name, system: "", template: rubric.text, outputFormat: "pass | fail" });
  }
  const references = new Map<string, string[]>();
  if (section.references) {
    const referenceFile = await read(section.references.file, "judge.references.file");
    for (const { line, value } of jsonLines(referenceFile.path, referenceFile.text)) {
      const key = value[section.references.key];
      const turns = (value.choices as Array<{ turns?: unknown }> | undefined)?.[0]?.turns ?? value.turns;
      if ((typeof key !== "string" && typeof key !== "number") || !Array.isArray(turns)) {
        throw new SuiteError(
          { file: referenceFile.path, line },
          `a reference answer needs ${section.references.key} and choices[0].turns`,
          { code: "data" },
        );
      }
      references.set(String(key), turns.map(String));
    }
  }
  return { resources: { prompts, references }, files };
}
