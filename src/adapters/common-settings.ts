import * as z from "zod";
import { requestFieldsSchema } from "./request-fields.js";

/** Settings every HTTP adapter shares; each adapter's schema extends these with its own. */
export const commonSettings = {
  model: z.string().min(1),
  /** NAME of the environment variable holding the key; the key itself never appears in config. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "apiKeyEnv is the NAME of an environment variable, e.g. TEAM_A_API_KEY")
    .optional(),
  /** Extra headers; a value `${env:NAME}` is read from the environment (and never recorded). */
  headers: z.record(z.string(), z.string()).default({}),
  /** Endpoint-level generation defaults; the evaluator's config wins over the suite's. */
  parameters: z
    .object({
      temperature: z.number().min(0).max(2).optional(),
      maxTokens: z.int().min(1).optional(),
      topP: z.number().gt(0).max(1).optional(),
      seed: z.int().optional(),
      stop: z.array(z.string()).optional(),
    })
    .strict()
    .default({}),
  /** Extra fields deep-merged into every request body, over the suite's `request` (`chat_template_kwargs`, `reasoning_effort`, `top_k`). */
  request: requestFieldsSchema.optional(),
  timeouts: z
    .object({
      connectMs: z.int().min(1).default(10_000),
      totalMs: z.int().min(1).default(600_000),
      /** Off by default: a reply whose body arrives slower than this for `seconds` on end is given up on (retried), as curl's --speed-limit/--speed-time. */
      minRate: z
        .object({ bytesPerSecond: z.number().positive(), seconds: z.int().min(1).default(30) })
        .strict()
        .optional(),
    })
    .strict()
    .default({ connectMs: 10_000, totalMs: 600_000 }),
  retry: z
    .object({
      maxRetries: z.int().min(0).max(100).default(6),
      baseDelayMs: z.int().min(0).default(500),
      maxDelayMs: z.int().min(0).default(60_000),
    })
    .strict()
    .default({ maxRetries: 6, baseDelayMs: 500, maxDelayMs: 60_000 }),
  /** Bytes of one reply read before kfm gives up on it as runaway (an error on the item); default 64 MiB. */
  maxResponseBytes: z.int().min(1024).optional(),
  /**
   * The model's context length in tokens (vLLM's `max_model_len`; `kfm adapter check` reports it when the
   * server lists it). An item whose estimated prompt plus max_tokens is longer is an error, never sent.
   */
  contextTokens: z.int().min(1).optional(),
  /** Connection pool size; defaults to the runner's concurrency. */
  connections: z.int().min(1).optional(),
};

const commonObject = z.object(commonSettings);
export type CommonSettings = z.infer<typeof commonObject>;
