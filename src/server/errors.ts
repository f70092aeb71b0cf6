import type { ApiErrorBody } from "../contract/bff";

/** An error with an HTTP status that reaches the client as JSON {message, code?}. */
export class HttpError extends Error {
  readonly status: number;
  readonly code: string | undefined;

  constructor(status: number, message: string, code?: string) {
    super(message);
    this.name = "HttpError";
    this.status = status;
    this.code = code;
  }
}

export function errorBody(message: string, code?: string): ApiErrorBody {
  return code === undefined ? { message } : { message, code };
}

export function jsonError(status: number, message: string, code?: string): Response {
  return new Response(JSON.stringify(errorBody(message, code)), {
    status,
    headers: { "content-type": "application/json; charset=utf-8" },
  });
}
