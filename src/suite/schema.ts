import * as z from "zod";
import { reservedRequestField } from "../spec/adapter.js";
import { HEADLINES } from "../spec/run.js";
import { parseWindowDate } from "./date-window.js";

/**
 * The suite format's schemas, built on first use: a run whose suite file is remembered already
 * validated (load.ts, the digest memo) never builds them (~11 ms of zod's constructors at a start).
 */
function buildSchemas() {
  const name = z.string().min(1);
  const relativeGlob = z
    .string()
    .min(1)
    .refine((value) => !value.startsWith("/") && !/^[A-Za-z]:[\\/]/.test(value), "must be relative to the suite file")
    .refine((value) => !value.split(/[\\/]/).includes(".."), "must stay inside the suite's folder (no '..')");
  const globs = z.union([relativeGlob, z.array(relativeGlob).min(1)]);

  /** Documents an item reads from the data folder (AA-LCR's document sets), rendered into `{{documents}}`. */
  const documentsSchema = z
    .object({
      /** The folder of an item's documents, relative to the data folder; `{{column}}` takes the row's value. */
      folder: z.string().min(1),
      /** The column listing the item's document file names, in order. */
      files: name,
      separator: z.string().min(1).default(";"),
      /** How each document is wrapped: `{{index}}` (1-based), `{{name}}`, `{{text}}`. */
      template: z.string().min(1).default("{{text}}"),
      joiner: z.string().default("\n\n"),
      /** Tried when a listed name is not found as it is (the extracted text of `report.pdf` stored as `report.pdf.txt`). */
      fallback_suffix: z.string().min(1).optional(),
    })
    .strict();

  const regex = z.string().refine((value) => {
    try {
      new RegExp(value);
      return true;
    } catch {
      return false;
    }
  }, "not a valid regular expression");

  const subjectSchema = z.discriminatedUnion("from", [
    z.object({ from: z.literal("file"), pattern: regex.optional() }).strict(),
    /**
     * A column's value; `pattern` keeps its first group, `map` renames what it finds (values not in it are kept);
     * `otherwise: file` takes the file's stem when a row has no such column.
     */
    z
      .object({
        from: z.literal("field"),
        field: name,
        pattern: regex.optional(),
        map: z.record(z.string(), name).optional(),
        otherwise: z.literal("file").optional(),
      })
      .strict(),
    z.object({ from: z.literal("value"), value: name }).strict(),
    /** The file's path inside the data folder (`/`-separated): the first group of `pattern` (CLIcK's `Dataset/Culture/<Category>/…`). */
    z.object({ from: z.literal("path"), pattern: regex }).strict(),
  ]);

  const targetSchema = z
    .object({
      field: name,
      map: z.record(z.string(), z.string()).optional(),
      /** How the target names the right option when the options come from `choices_field`. */
      choice: z.enum(["index1", "index0", "letter", "text"]).optional(),
    })
    .strict();

  /**
   * One published layout of a supplied data set: the files (globs inside the data folder) that identify it, and
   * what differs from `data` for it (format, subject, fields, target, options). The first layout whose files exist is read.
   */
  const layoutSchema = z
    .object({
      id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lower-case letters, digits and '-'"),
      /** Where this layout is published and what to download, as the missing-data message shows it. */
      title: z.string().min(1),
      files: globs,
      /**
       * Columns the first row of the layout's first matching file (sorted by path) must have for the layout to be
       * chosen: two layouts with the same files (KoBALT's Korean and English column names) are told apart by them.
       */
      columns: z.array(name).min(1).optional(),
      format: z.enum(["csv", "jsonl", "json", "parquet", "auto"]).optional(),
      subject: subjectSchema.optional(),
      fields: z.record(name, name).optional(),
      target: targetSchema.optional(),
      choices_field: name.optional(),
      /** The few-shot examples' files in this layout (MMLU-Pro's validation split). */
      few_shot_files: globs.optional(),
    })
    .strict();

  const settingSchema = z
    .object({
      shots: z.int().min(0).optional(),
      reasoning: z.enum(["none", "allowed", "required"]).optional(),
      prompt: z.string().optional(),
    })
    .strict();

  const windowDate = z.string().refine((value) => parseWindowDate(value) !== undefined, "use a date, YYYY-MM-DD (or an ISO date-time)");

  const dataSchema = z
    .object({
      /** `parquet`: a Hugging Face dataset's default download; `auto`: by each file's extension (a `.json` file holding lines is read as lines). */
      format: z.enum(["csv", "jsonl", "json", "parquet", "auto"]),
      /** The data files; a supplied suite with `supplied.layouts` takes them from the layout found instead. */
      files: globs.optional(),
      subject: subjectSchema.default({ from: "file" }),
      /** Template variable -> column (CSV header) or key (JSON). Mapping is by name, never by position. */
      fields: z.record(name, name),
      /** Template variables that hold the options, in order. */
      choices: z.array(name).min(2).optional(),
      target: targetSchema,
      /** A field holding the options as a JSON list (any number of them; labelled A, B, C, …). */
      choices_field: name.optional(),
      /** Data the user supplies (gated or non-commercial sets kfm may not ship): where to get it, and what to expect. */
      supplied: z
        .object({
          name: z.string().min(1),
          obtain: z.string().min(1),
          licence: z.string().min(1),
          /** Files that must be there (optionally pinned by sha256); with `layouts`, only those of the layout found are checked. */
          files: z
            .array(
              z
                .object({
                  path: relativeGlob,
                  sha256: z
                    .string()
                    .regex(/^[0-9a-f]{64}$/)
                    .optional(),
                })
                .strict(),
            )
            .min(1)
            .optional(),
          /** The published layouts kfm accepts, in the order they are tried. */
          layouts: z.array(layoutSchema).min(1).optional(),
        })
        .strict()
        .refine((supplied) => supplied.files !== undefined || supplied.layouts !== undefined, "give files or layouts")
        .optional(),
      /** Keep only rows whose column equals the value (or one of the values): one task of a mixed file. */
      where: z.record(name, z.union([z.string(), z.array(z.string()).min(1)])).optional(),
      /** What the rows `where` leaves out are (HLE: items with an image); with it, each run says how many were left out. */
      where_note: z.string().min(1).optional(),
      /** Columns of `fields` a row may lack (read as empty): test fixtures' extra fields, such as kfm_reference_solution for the simulator. */
      optional_fields: z.array(name).min(1).optional(),
      /** Template variables with the same value for every item (fixed option texts such as 예 / 아니요). */
      constants: z.record(name, z.string()).optional(),
      /** A multi-turn chat: the field holding the user turns as a JSON list; each is sent after the reply to the one before. */
      turns: name.optional(),
      /** How `{{options}}` labels each option: `A. text` (MMLU-Pro, the default) or `A) text` (simple-evals). */
      option_label: z.enum(["A.", "A)"]).default("A."),
      /** Option texts left out of an item's options (MMLU-Pro's loader drops the "N/A" padding). */
      drop_options: z.array(z.string()).min(1).optional(),
      /** A prefix removed from a field's value where it starts with it (MMLU-Pro's `cot_content` opens with "A: "). */
      strip_prefix: z.record(name, z.string().min(1)).optional(),
      /**
       * Options shuffled per item, reproducibly: item r (0-based row in its file) takes the r-th draw of
       * Python's `random.Random(seed).sample(range(n), n)`, as simple-evals' gpqa_eval.py does, so the
       * option order equals the reference evaluator's. The target (`choice: text`) is found after the shuffle.
       */
      shuffle: z
        .object({ seed: z.int().min(0), generator: z.literal("python-random-sample") })
        .strict()
        .optional(),
      documents: documentsSchema.optional(),
      /**
       * Rows kept by a date field (LiveCodeBench's contest_date): `from` and `to` inclusive, YYYY-MM-DD or
       * an ISO date-time; `kfm eval --from/--to` moves either end for one run (the manifest records it).
       */
      /**
       * Template variables whose text depends on whether a field is empty: LiveCodeBench's prompt shows
       * the starter code when a problem has one and the stdin instructions when not. `present` may use
       * `{{field}}` of the row.
       */
      variants: z.record(name, z.object({ field: name, empty: z.string(), present: z.string() }).strict()).optional(),
      window: z.object({ field: name, from: windowDate.optional(), to: windowDate.optional() }).strict().optional(),
    })
    .strict()
    .refine((data) => data.files !== undefined || data.supplied?.layouts !== undefined, {
      message: "give data.files (or data.supplied.layouts)",
      path: ["files"],
    });

  const suiteSchema = z
    .object({
      kfm: z.literal("suite/v1"),
      id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, "use lower-case letters, digits, '.', '_' and '-'"),
      version: z.string().min(1),
      title: z.string().min(1),
      benchmark: z.string().min(1),
      language: z.string().min(2),
      licence: z.string().min(1),
      source: z.object({ citation: z.string(), url: z.string().optional(), revision: z.string().optional() }).strict(),
      setting: settingSchema.optional(),
      data: dataSchema,
      groups: z
        .object({
          supercategory: z
            .union([
              z.object({ file: relativeGlob, key: name, value: name }).strict(),
              /** Subject -> supercategory written in the suite (CLIcK's Culture and Language). */
              z.object({ map: z.record(name, name) }).strict(),
            ])
            .optional(),
        })
        .strict()
        .optional(),
      few_shot: z
        .object({
          k: z.int().min(0).max(64),
          files: globs,
          subject: subjectSchema.default({ from: "file" }),
          per_subject: z.boolean().default(true),
          template: z.string().min(1),
          separator: z.string().default("\n\n"),
        })
        .strict()
        .optional(),
      /** Required except for agentic suites, whose tasks carry their own messages (a `system` here is prepended when a task has none). */
      prompt: z
        .object({ system: z.string().optional(), user: z.string().min(1).optional() })
        .strict()
        .optional(),
      /** Judged suites: the judge's prompts (FastChat's judge_prompts format) and reference answers (FastChat's answer format, by key). */
      judge: z
        .object({
          /** FastChat-format judge prompts (JSONL). */
          prompts: relativeGlob.optional(),
          /** Plain-text rubric prompts by name (FunctionChat's rubric_*.txt), `{name}` placeholders filled per item. */
          rubrics: z.record(name, relativeGlob).optional(),
          references: z
            .object({ file: relativeGlob, key: name.default("question_id") })
            .strict()
            .optional(),
        })
        .strict()
        .optional(),
      /** Tool-use suites: each row is a task in kfm's task format (messages, tools, expected, …). */
      agentic: z
        .object({
          /** `single-step`: one reply to the conversation, graded on its calls; `loop`: the agent loop runs tools until a final answer; `dual`: dual control (tau2-bench), the agent and a simulated user (`--user-sim`) each act on their side of the environment. */
          mode: z.enum(["single-step", "loop", "dual"]),
          /** An ES module in the suite's folder exporting `createEnvironment(task)`; without it, tools answer from the task's `recorded` results. */
          environment: relativeGlob.optional(),
          limits: z
            .object({
              turns: z.int().min(1).max(100).default(10),
              tool_calls: z.int().min(1).max(500).default(30),
              seconds: z.number().positive().max(3600).default(300),
              /** Dual control only: tau2's max_steps (agent and user messages, tool-result batches). */
              steps: z.int().min(1).max(10000).optional(),
              /** Dual control only: tau2's max_errors (tool calls of either side that failed). */
              tool_errors: z.int().min(1).max(1000).optional(),
            })
            .strict()
            .default({ turns: 10, tool_calls: 30, seconds: 300 }),
          /** Seeded trials per task; pass^k is reported for k = trials. */
          trials: z.int().min(1).max(32).default(1),
        })
        .strict()
        .optional(),
      generation: z
        .object({
          temperature: z.number().min(0).max(2).optional(),
          max_tokens: z.int().min(1).optional(),
          top_p: z.number().gt(0).max(1).optional(),
          seed: z.int().optional(),
          stop: z.array(z.string()).optional(),
        })
        .strict()
        .default({}),
      /** Extra fields deep-merged into every request body (an endpoint's own `request` wins), e.g. `chat_template_kwargs: { enable_thinking: false }`. */
      request: z
        .record(z.string(), z.unknown())
        .superRefine((fields, context) => {
          const reserved = reservedRequestField(fields);
          if (reserved) context.addIssue({ code: "custom", path: [reserved.field], message: reserved.message });
        })
        .optional(),
      scorer: z.object({ id: name, args: z.record(z.string(), z.unknown()).default({}) }).strict(),
      /**
       * Samples per item at the suite's temperature (`--repeats` overrides): sample r has id `<item>#<r>`
       * and seed + r − 1; the summary gives avg@k with its interval, pass@k and majority vote.
       * Agentic suites repeat tasks with `agentic.trials` instead.
       */
      repeats: z.int().min(1).max(64).optional(),
      /** The summary number the verdict compares with the baselines: accuracy (default), or IFEval's prompt_strict, prompt_loose, … */
      headline: z.enum(HEADLINES).optional(),
      /** `loglikelihood`: multiple-choice items scored by the log-probability of each option's label after the prompt (lm-evaluation-harness); `--scoring` overrides. */
      scoring_method: z.enum(["generate", "loglikelihood"]).optional(),
      aggregation: z
        .object({
          metrics: z.array(z.enum(["accuracy", "macro_accuracy", "macro_f1"])).default(["accuracy", "macro_accuracy"]),
          groups: z.array(z.enum(["subject", "supercategory"])).default(["subject", "supercategory"]),
        })
        .strict()
        .default({ metrics: ["accuracy", "macro_accuracy"], groups: ["subject", "supercategory"] }),
    })
    .strict();
  return { documentsSchema, layoutSchema, settingSchema, dataSchema, subjectSchema, suiteSchema };
}

type Schemas = ReturnType<typeof buildSchemas>;
let built: Schemas | undefined;
const schemas = (): Schemas => (built ??= buildSchemas());

/** The schema of a suite file (`kfm: suite/v1`). */
export function suiteSchema(): Schemas["suiteSchema"] {
  return schemas().suiteSchema;
}

export type DocumentsRule = z.infer<Schemas["documentsSchema"]>;
export type DataLayout = z.infer<Schemas["layoutSchema"]>;
export type SuiteDefinition = z.infer<Schemas["suiteSchema"]>;
export type DataDefinition = z.infer<Schemas["dataSchema"]>;
export type SubjectRule = z.infer<Schemas["subjectSchema"]>;

export function suiteJsonSchema(): object {
  return z.toJSONSchema(suiteSchema(), { io: "input" });
}
