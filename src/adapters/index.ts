export { createAdapter, adapterRegistry } from "./registry.js";
export { defineAdapter, type AdapterContext, type AdapterDefinition, type AdapterCapabilities } from "./define-adapter.js";
export { backoffDelay, parseRetryAfter, DEFAULT_RETRY, type RetryPolicy } from "./retry.js";
export { openAICompatibleAdapter, OpenAICompatibleChat } from "./openai-compatible/index.js";
export { anthropicAdapter, AnthropicMessages } from "./anthropic/messages.js";
export { geminiAdapter, GeminiGenerateContent } from "./gemini/generate-content.js";
export { loadAdapterPlugins } from "./plugins.js";
