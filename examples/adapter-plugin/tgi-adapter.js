// An example third-party kfm adapter: Hugging Face text-generation-inference's native /generate API.
// kfm loads it only because kfm.yaml names it under `plugins:`. It implements the adapter contract
// (src/spec/adapter.ts, version "v1") with no import from kfm itself: a plugin may ship with its own
// copy of anything, and kfm recognises its errors by shape, not by class identity.
import { z } from "zod";

const settingsSchema = z
  .object({
    baseUrl: z.url(),
    model: z.string().default("tgi"),
    parameters: z
      .object({ maxTokens: z.number().int().min(1).optional(), temperature: z.number().min(0).optional() })
      .strict()
      .default({}),
  })
  .strict();

/** Chat messages as one prompt in the common `[role]: text` form TGI servers accept. */
function promptOf(messages) {
  return `${messages.map((message) => `${message.role}: ${message.content}`).join("\n")}\nassistant:`;
}

export default {
  id: "tgi",
  description: "text-generation-inference /generate (example plugin)",
  settingsSchema,
  capabilities: { chat: true, streaming: false, tools: false, logprobs: false },
  create(settings) {
    return {
      specificationVersion: "v1",
      adapterId: "tgi",
      modelId: settings.model,
      publicSettings: settings,
      async doGenerate(request, options = {}) {
        const merged = { ...request.settings, ...settings.parameters };
        const warnings = [];
        if (merged.seed !== undefined)
          warnings.push({ type: "unsupported-setting", setting: "seed", message: "this example does not send seed" });
        const started = performance.now();
        const response = await fetch(`${settings.baseUrl.replace(/\/$/, "")}/generate`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            inputs: promptOf(request.messages),
            parameters: { max_new_tokens: merged.maxTokens ?? 512, temperature: merged.temperature || undefined },
          }),
          signal: options.signal,
        });
        const text = await response.text();
        if (!response.ok) {
          // Shaped like kfm's ApiCallError so the runner records it (and retries nothing here).
          const error = new Error(`HTTP ${response.status} from ${settings.baseUrl}/generate: ${text.slice(0, 200)}`);
          Object.assign(error, {
            code: response.status === 401 || response.status === 403 ? "auth" : "api-call",
            status: response.status,
            url: settings.baseUrl,
          });
          throw error;
        }
        const body = JSON.parse(text);
        return {
          text: String(body.generated_text ?? "").trim(),
          usage: { outputTokens: body.details?.generated_tokens },
          latencyMs: performance.now() - started,
          attempts: 1,
          warnings,
        };
      },
    };
  },
};
