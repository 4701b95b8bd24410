/**
 * Errors are data: every kfm error has a stable `code`, an optional `cause`,
 * and a marker so `isInstance()` works across two loaded copies of kfm
 * (a plugin may bundle its own), where `instanceof` would not.
 */
const marker = Symbol.for("kfm.error");

export type KfmErrorCode =
  | "usage"
  | "config"
  | "suite"
  | "data"
  | "api-call"
  | "auth"
  | "run"
  | "results"
  | "aborted"
  /** A run's files could not be written (full disk, I/O error): exit 5, what was written is kept, the run resumes. */
  | "storage"
  /** The judge model failed or gave no verdict: an error on the item, never a low score. */
  | "judge";

/** What a run lacked when it could not start: a judge (`--judge`), a simulated user (`--user-sim`), a code sandbox (bubblewrap). */
export type KfmNeed = "judge" | "user-sim" | "sandbox";

export interface KfmErrorOptions {
  cause?: unknown;
  /** What the user should do next; printed after the message. */
  hint?: string;
  /** The run needs something that was not given (a judge, a simulated user, a sandbox): a stage skips such a suite and says so. */
  needs?: KfmNeed;
}

export class KfmError extends Error {
  readonly [marker] = true;
  readonly code: KfmErrorCode;
  readonly hint: string | undefined;
  readonly needs: KfmNeed | undefined;

  constructor(code: KfmErrorCode, message: string, options: KfmErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "KfmError";
    this.code = code;
    this.hint = options.hint;
    this.needs = options.needs;
  }

  static isInstance(error: unknown): error is KfmError {
    return typeof error === "object" && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  /** A user mistake (bad flag, bad config, bad suite): exit code 2, no stack trace. */
  get isUserError(): boolean {
    return this.code === "usage" || this.code === "config" || this.code === "suite" || this.code === "data";
  }
}

/** Where in a file a problem is: the error message names all three. */
export interface SourceLocation {
  file: string;
  line?: number;
  column?: number;
  /** Field path inside the document, e.g. `data.fields.answer`. */
  path?: string;
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) text += `:${location.line}`;
  if (location.line !== undefined && location.column !== undefined) text += `:${location.column}`;
  if (location.path) text += ` (${location.path})`;
  return text;
}

/** A suite file, a data file or a config file that is wrong; names file, line and field path. */
export class SuiteError extends KfmError {
  readonly location: SourceLocation;
  constructor(location: SourceLocation, message: string, options: KfmErrorOptions & { code?: "suite" | "data" | "config" } = {}) {
    super(options.code ?? "suite", `${formatLocation(location)}: ${message}`, options);
    this.name = "SuiteError";
    this.location = location;
  }
}

export interface ApiCallErrorOptions extends KfmErrorOptions {
  url: string;
  status?: number;
  /** Response body, truncated; never contains the request's credentials. */
  body?: string;
  isRetryable?: boolean;
  /** Milliseconds the server asked us to wait (Retry-After). */
  retryAfterMs?: number;
  /** HTTP attempts made before giving up, retries included. */
  attempts?: number;
  /** The request could not reach the server, and no request to this endpoint ever had an HTTP reply. */
  neverAnswered?: boolean;
  /** The request could not reach the server (refused, reset, DNS): with no HTTP reply, the endpoint may be down. */
  connectionLost?: boolean;
}

/** One failed call to a model endpoint. Retryable by default on 408, 409, 429 and 5xx. */
export class ApiCallError extends KfmError {
  readonly url: string;
  readonly status: number | undefined;
  readonly body: string | undefined;
  readonly isRetryable: boolean;
  readonly retryAfterMs: number | undefined;
  /** Set by the adapter's retry loop when it gives up. */
  attempts: number | undefined;
  readonly neverAnswered: boolean;
  readonly connectionLost: boolean;

  constructor(message: string, options: ApiCallErrorOptions) {
    super(isAuthStatus(options.status) ? "auth" : "api-call", message, options);
    this.name = "ApiCallError";
    this.url = options.url;
    this.status = options.status;
    this.body = options.body;
    this.retryAfterMs = options.retryAfterMs;
    this.attempts = options.attempts;
    this.isRetryable = options.isRetryable ?? isRetryableStatus(options.status);
    this.neverAnswered = options.neverAnswered ?? false;
    this.connectionLost = options.connectionLost ?? options.neverAnswered ?? false;
  }

  /**
   * A mistake in the endpoint's address that every request would meet: nothing answers there, or
   * the server has no such path or model (404). A run that has had no answer yet stops at the first.
   */
  get isAddressError(): boolean {
    return this.neverAnswered || this.status === 404;
  }

  get isAuthError(): boolean {
    return isAuthStatus(this.status);
  }
}

export function isRetryableStatus(status: number | undefined): boolean {
  if (status === undefined) return true; // network error: no status at all
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

export function isAuthStatus(status: number | undefined): boolean {
  return status === 401 || status === 403;
}
