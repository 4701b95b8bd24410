import { defineAdapter } from "../define-adapter.js";
import { OpenAICompatibleChat } from "./chat.js";
import { openAICompatibleSettingsSchema } from "./settings.js";

export { OpenAICompatibleChat, type ChatAdapterOptions } from "./chat.js";
export { openAICompatibleSettingsSchema, type OpenAICompatibleSettings } from "./settings.js";
export { parseChatCompletion, splitThinking } from "./parse-response.js";

export const openAICompatibleAdapter = defineAdapter({
  id: "openai-compatible",
  description:
    "OpenAI-compatible /chat/completions (vLLM, SGLang, Ollama, llama.cpp server, hosted APIs); /completions with echoed log-probabilities for log-likelihood scoring.",
  settingsSchema: openAICompatibleSettingsSchema,
  capabilities: { chat: true, streaming: true, tools: true, logprobs: true },
  create: (settings, context) => new OpenAICompatibleChat(settings, context),
});
