import { badRequest } from "./errors";
import type { Rounding } from "./state";
import { isHourAligned, parseIso } from "./time";
import { UUID_RE } from "./ids";

/** Readers for request bodies: each throws a 400 naming the field and what is wrong with it. */
export type Body = Record<string, unknown>;

export function asBody(value: unknown, where = "request body"): Body {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw badRequest(`${where} must be a JSON object`);
  return value as Body;
}

export function optString(body: Body, key: string, path = key): string | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badRequest(`${path} must be a string`);
  return v;
}

export function reqString(body: Body, key: string, path = key): string {
  const v = optString(body, key, path);
  if (v === undefined) throw badRequest(`${path} is required`);
  if (v.length === 0) throw badRequest(`${path} must not be empty`);
  return v;
}

export function optUuid(body: Body, key: string, path = key): string | undefined {
  const v = optString(body, key, path);
  if (v !== undefined && !UUID_RE.test(v)) throw badRequest(`${path} must be a valid UUID, got "${v}"`);
  return v;
}

export function reqUuid(body: Body, key: string, path = key): string {
  const v = reqString(body, key, path);
  if (!UUID_RE.test(v)) throw badRequest(`${path} must be a valid UUID, got "${v}"`);
  return v;
}

export function optNumber(body: Body, key: string, path = key): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isFinite(v)) throw badRequest(`${path} must be a number`);
  return v;
}

export function reqNumber(body: Body, key: string, path = key): number {
  const v = optNumber(body, key, path);
  if (v === undefined) throw badRequest(`${path} is required`);
  return v;
}

export function optInt(body: Body, key: string, min: number, max: number, path = key, code?: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v)) throw badRequest(`${path} must be an integer`, code);
  if (v < min || v > max) throw badRequest(`${path} must be between ${min} and ${max}, got ${v}`, code);
  return v;
}

export function optBool(body: Body, key: string, path = key): boolean | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "boolean") throw badRequest(`${path} must be a boolean`);
  return v;
}

export function optDate(body: Body, key: string, path = key, code?: string): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string") throw badRequest(`${path} must be an RFC 3339 date-time string`, code);
  const ms = parseIso(v);
  if (ms === null) throw badRequest(`${path} must be an RFC 3339 date-time string, got "${v}"`, code);
  return ms;
}

export function reqDate(body: Body, key: string, path = key): number {
  const v = optDate(body, key, path);
  if (v === undefined) throw badRequest(`${path} is required`);
  return v;
}

export function reqHourDate(body: Body, key: string, path = key): number {
  const v = reqDate(body, key, path);
  if (!isHourAligned(v)) throw badRequest(`${path} is required to be on an hour boundary (e.g. 1:00, not 1:30)`);
  return v;
}

export function optArray(body: Body, key: string, path = key): unknown[] | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw badRequest(`${path} must be an array`);
  return v;
}

export function reqArray(body: Body, key: string, path = key): unknown[] {
  const v = optArray(body, key, path);
  if (v === undefined) throw badRequest(`${path} is required`);
  return v;
}

export function optObject(body: Body, key: string, path = key): Body | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  return asBody(v, path);
}

export function reqObject(body: Body, key: string, path = key): Body {
  const v = optObject(body, key, path);
  if (v === undefined) throw badRequest(`${path} is required`);
  return v;
}

export function optStringArray(body: Body, key: string, path = key): string[] | undefined {
  const arr = optArray(body, key, path);
  if (arr === undefined) return undefined;
  return arr.map((item, i) => {
    if (typeof item !== "string") throw badRequest(`${path}[${i}] must be a string`);
    return item;
  });
}

/** Enums are accepted in upper or lower case; answers use upper case. */
export function optEnum<T extends string>(body: Body, key: string, values: readonly T[], path = key): T | undefined {
  const v = optString(body, key, path);
  if (v === undefined) return undefined;
  const upper = v.toUpperCase();
  const match = values.find((x) => x.toUpperCase() === upper);
  if (match === undefined) throw badRequest(`${path} must be one of ${values.join(", ")}, got "${v}"`);
  return match;
}

export function reqEnum<T extends string>(body: Body, key: string, values: readonly T[], path = key): T {
  const v = optEnum(body, key, values, path);
  if (v === undefined) throw badRequest(`${path} is required`);
  return v;
}

export function stringMap(body: Body, key: string, path = key): Record<string, string> | undefined {
  const obj = optObject(body, key, path);
  if (obj === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v !== "string") throw badRequest(`${path}.${k} must be a string`);
    out[k] = v;
  }
  return out;
}

const ROUNDING_METHODS = ["HALF_UP", "FLOOR", "CEILING"] as const;

/** A rounding object ({rounding_method, decimal_places}), when given. */
export function parseRounding(body: Body | undefined, path: string): Rounding | undefined {
  if (!body) return undefined;
  const rounding_method = reqEnum(body, "rounding_method", ROUNDING_METHODS, `${path}.rounding_method`);
  const decimal_places = optInt(body, "decimal_places", -5, 5, `${path}.decimal_places`);
  if (decimal_places === undefined) throw badRequest(`${path}.decimal_places is required`);
  return { rounding_method, decimal_places };
}
