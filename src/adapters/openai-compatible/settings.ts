import * as z from "zod";
import { commonSettings } from "../common-settings.js";

export const openAICompatibleSettingsSchema = z
  .object({
    baseUrl: z.url({ protocol: /^https?$/, error: "baseUrl must be an http(s) URL such as http://127.0.0.1:8000/v1" }),
    ...commonSettings,
    /** Stream the reply (server-sent events) and record time to first token. */
    stream: z.boolean().default(false),
  })
  .strict();

export type OpenAICompatibleSettings = z.infer<typeof openAICompatibleSettingsSchema>;
