import { HttpError } from "./errors";

export type JsonObject = Record<string, unknown>;

export const MAX_BODY_BYTES = 1_000_000;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Deeper than any request the dashboard makes; deeper bodies are refused before parsing. */
const MAX_JSON_DEPTH = 32;

/** The deepest nesting of arrays and objects in JSON text (brackets inside strings ignored). */
function jsonDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i += 1; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) deepest = Math.max(deepest, ++depth);
    else if (ch === 125 || ch === 93) depth -= 1;
  }
  return deepest;
}

/** Parses a request body that must be a JSON object; 400 with a specific message otherwise. */
export function parseJsonObject(text: string): JsonObject {
  if (text.length > MAX_BODY_BYTES) throw new HttpError(413, "Request body is too large", "body_too_large");
  if (text.trim() === "") throw new HttpError(400, "Request body must be a JSON object, got an empty body", "invalid_body");
  if (jsonDepth(text) > MAX_JSON_DEPTH) throw new HttpError(400, `Request body is nested too deeply (at most ${MAX_JSON_DEPTH} levels)`, "invalid_body");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body is not valid JSON", "invalid_json");
  }
  if (!isObject(value)) throw new HttpError(400, "Request body must be a JSON object", "invalid_body");
  return value;
}

export function requireString(body: JsonObject, field: string, label = field): string {
  const value = body[field];
  if (typeof value !== "string" || value.trim() === "") {
    throw new HttpError(400, `${label} must be a non-empty string`, "invalid_field");
  }
  return value;
}

export function optionalString(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new HttpError(400, `${field} must be a string`, "invalid_field");
  return value;
}

export function jsonResponse(body: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json; charset=utf-8", ...headers },
  });
}
