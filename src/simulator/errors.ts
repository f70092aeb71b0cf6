/** An error answered to the caller with Metronome's status code and `{message, code?}` body. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string | undefined;
  readonly extra: Record<string, unknown> | undefined;

  constructor(status: number, message: string, code?: string, extra?: Record<string, unknown>) {
    super(message);
    this.status = status;
    this.code = code;
    this.extra = extra;
  }
}

export const badRequest = (message: string, code?: string): ApiError => new ApiError(400, message, code);
export const invalidArgument = (message: string): ApiError => new ApiError(400, message, "InvalidArgument");
export const notFound = (message: string, code?: string): ApiError => new ApiError(404, message, code);

export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

/**
 * An error answer: `{message}`, plus `code` and any extra fields. No retry hint header is sent
 * (nothing shows Metronome sends one), so SDK clients retry exactly as they would against
 * Metronome: 408, 409, 429 and 5xx (see docs/metronome.md, "Errors").
 */
export function errorResponse(error: ApiError): Response {
  const body: Record<string, unknown> = { message: error.message };
  if (error.code !== undefined) body.code = error.code;
  if (error.extra) Object.assign(body, error.extra);
  return jsonResponse(error.status, body);
}
