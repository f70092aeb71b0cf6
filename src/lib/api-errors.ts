import type { ApiErrorBody } from "../contract/bff";
import { i18n, translate } from "./i18n-core";
import { libMessages } from "../locales/en/lib";

/** What went wrong, as a discriminant: one value per HTTP family the dashboard treats differently. */
export type ApiErrorKind =
  | "unauthorized" // 401: signed out or session expired
  | "forbidden" // 403: the role or customer scope does not allow it
  | "not_found" // 404, or Metronome's coded 400 CustomerNotFound / ContractNotFound / SubscriptionNotFound
  | "conflict" // 409: e.g. a uniqueness key already used
  | "validation" // 400 / 422: bad input
  | "rate_limited" // 429
  | "server" // 5xx
  | "network" // fetch failed, aborted or the body was not JSON
  | "unknown"; // any other status

/** Every error thrown by the API client. `status` is 0 for network failures. */
export class ApiError extends Error {
  readonly kind: ApiErrorKind = "unknown";
  readonly status: number;
  readonly code: string | undefined;
  /** The parsed error body (BFF `{message, code?}` or Metronome's own JSON), when there was one. */
  readonly body: unknown;

  constructor(status: number, message: string, code?: string, body?: unknown) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.body = body;
  }
}

export class UnauthorizedError extends ApiError {
  override readonly kind = "unauthorized";
  override name = "UnauthorizedError";
}
export class ForbiddenError extends ApiError {
  override readonly kind = "forbidden";
  override name = "ForbiddenError";
}
export class NotFoundError extends ApiError {
  override readonly kind = "not_found";
  override name = "NotFoundError";
}
export class ConflictError extends ApiError {
  override readonly kind = "conflict";
  override name = "ConflictError";
}
export class ValidationError extends ApiError {
  override readonly kind = "validation";
  override name = "ValidationError";
}
export class RateLimitError extends ApiError {
  override readonly kind = "rate_limited";
  override name = "RateLimitError";
}
export class ServerError extends ApiError {
  override readonly kind = "server";
  override name = "ServerError";
}
export class NetworkError extends ApiError {
  override readonly kind = "network";
  override name = "NetworkError";
  /** True when the request was cancelled by its AbortSignal (not a failure to report). */
  readonly aborted: boolean;
  constructor(message: string, aborted = false, cause?: unknown) {
    super(0, message, undefined, undefined);
    this.aborted = aborted;
    if (cause !== undefined) (this as { cause?: unknown }).cause = cause;
  }
}

/** Metronome answers some unknown ids with a coded 400; the dashboard treats them as "not found". */
const NOT_FOUND_CODES = new Set(["NotFound", "CustomerNotFound", "ContractNotFound", "SubscriptionNotFound"]);

/** Builds the typed error for a non-2xx response. */
export function errorFromResponse(status: number, body: unknown): ApiError {
  const parsed = readErrorBody(body);
  const message = parsed.message ?? defaultMessage(status);
  // (errorMessage() words the error again when it is shown, in the language of that moment)
  const code = parsed.code;
  if (code && NOT_FOUND_CODES.has(code) && status >= 400 && status < 500) {
    return new NotFoundError(status, message, code, body);
  }
  if (status === 401) return new UnauthorizedError(status, message, code, body);
  if (status === 403) return new ForbiddenError(status, message, code, body);
  if (status === 404) return new NotFoundError(status, message, code, body);
  if (status === 409) return new ConflictError(status, message, code, body);
  if (status === 400 || status === 422) return new ValidationError(status, message, code, body);
  if (status === 429) return new RateLimitError(status, message, code, body);
  if (status >= 500) return new ServerError(status, message, code, body);
  return new ApiError(status, message, code, body);
}

function readErrorBody(body: unknown): Partial<ApiErrorBody> {
  if (typeof body !== "object" || body === null) return {};
  const { message, code } = body as Record<string, unknown>;
  return {
    ...(typeof message === "string" && message.trim() ? { message } : {}),
    ...(typeof code === "string" ? { code } : {}),
  };
}

/** The plain-words sentence for a status, in the person's language. */
function defaultMessage(status: number): string {
  if (status === 401 || status === 403 || status === 404 || status === 409 || status === 429) {
    return translate(libMessages, `lib.error.${status}`);
  }
  if (status >= 500) return translate(libMessages, "lib.error.5xx");
  if (status === 400 || status === 422) return translate(libMessages, "lib.error.refused");
  return translate(libMessages, "lib.error.other", { status });
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** True for errors worth retrying: 5xx, 429 and network failures (not aborts). Never 4xx. */
export function isRetryableError(error: unknown): boolean {
  if (!(error instanceof ApiError)) return false;
  if (error instanceof NetworkError) return !error.aborted;
  return error.kind === "server" || error.kind === "rate_limited";
}

/**
 * A plain-words sentence for any thrown value, for error states and notices. The server's and
 * Metronome's own messages are English: in English they are shown as they are; in another
 * language the status's sentence comes first and the server's words follow, quoted.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof NetworkError) return translate(libMessages, error.aborted ? "lib.error.cancelled" : "lib.error.network");
  if (error instanceof ApiError) {
    const detail = readErrorBody(error.body).message;
    if (!detail) return defaultMessage(error.status);
    if (i18n.locale === "en") return detail;
    return translate(libMessages, "lib.error.withDetail", { sentence: defaultMessage(error.status), detail });
  }
  if (error instanceof Error && error.message) return error.message;
  return translate(libMessages, "lib.error.generic");
}
