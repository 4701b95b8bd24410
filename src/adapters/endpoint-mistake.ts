import { KfmError, type ApiCallError } from "../spec/errors.js";

/**
 * The error a run stops with when, before any request succeeded, the endpoint rejected the key or
 * its address is wrong (nothing answers there, or 404); any other error is returned as it is.
 * `baseUrl` is the endpoint's configured base URL; `resume` the command that completes the run.
 */
export function endpointMistake(error: unknown, { baseUrl, resume }: { baseUrl: string | undefined; resume: string }): unknown {
  if (!KfmError.isInstance(error)) return error;
  const call = error as ApiCallError;
  if (error.code === "aborted") {
    // Ctrl-C before the first item (an identity probe waiting out a backoff): nothing to lose, say how to go on.
    return new KfmError("aborted", `${error.message}: interrupted before the first item; nothing was recorded`, {
      cause: error,
      hint: `Resume with: ${resume}`,
    });
  }
  if (call.isAuthError === true) {
    return new KfmError("auth", call.message, {
      cause: call,
      hint: `Nothing was recorded for the rejected requests. Fix the key, then run: ${resume}`,
    });
  }
  if (call.isAddressError !== true) return error;
  if (call.neverAnswered) {
    const cause = (call.cause as Error | undefined)?.message;
    return new KfmError("config", `nothing answers at ${baseUrl ?? call.url}${cause ? ` (${cause})` : ""}`, {
      cause: call,
      hint:
        "Check that the server is running and listening on that host and port, that the URL's scheme (http or https) and port are right, and that no proxy or firewall is in between.\n" +
        `Nothing was recorded. Once the server answers, run: ${resume}`,
    });
  }
  const missingVersion = baseUrl !== undefined && !/\/v\d+[a-z]*\/?$/.test(new URL(baseUrl).pathname);
  return new KfmError("config", `${call.url} answered 404 Not Found before any request succeeded`, {
    cause: call,
    hint:
      (missingVersion
        ? `OpenAI-compatible servers serve their API under /v1: try ${baseUrl.replace(/\/+$/, "")}/v1 (--endpoint, or baseUrl in kfm.yaml). `
        : "Check the base URL's path. ") +
      `Some servers also answer 404 for a model they do not serve: check the model id (GET <baseUrl>/models lists them).${call.body ? ` It said: ${call.body.slice(0, 200)}` : ""}\n` +
      `Nothing was recorded. Resume with the corrected address: ${resume} --endpoint <corrected base URL>`,
  });
}
