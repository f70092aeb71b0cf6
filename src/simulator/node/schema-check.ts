/** Checks a JSON value against a schema from sdk-schema.ts and names each mismatch by its JSON path and SDK type. */
import type { JsonSchema, SchemaSet } from "./sdk-schema";

export interface Mismatch {
  /** JSON path from the response's root, e.g. `data.subscriptions[0].seat_config`. */
  path: string;
  message: string;
}

type ObjectSchema = Extract<JsonSchema, { type: "object" }>;

/** Every mismatch between `value` and the root schema `root` (empty when it conforms). */
export function checkValue(set: SchemaSet, root: string, value: unknown): Mismatch[] {
  const schema = set.roots[root];
  if (!schema) throw new Error(`No schema named ${root}`);
  return check(set, schema, value, "", root);
}

function check(set: SchemaSet, schema: JsonSchema, value: unknown, at: string, where: string): Mismatch[] {
  if ("$ref" in schema) {
    const target = set.definitions[schema.$ref];
    if (!target) throw new Error(`Unknown schema reference ${schema.$ref}`);
    return check(set, target, value, at, schema.$ref);
  }
  if ("anyOf" in schema) return checkUnion(set, schema, value, at, where);
  if (!("type" in schema)) return [];
  const actual = jsonType(value);
  if (schema.type === "object") {
    if (actual !== "object") return [{ path: at, message: `${schema.title} expects an object, got ${describe(value)}` }];
    return checkObject(set, schema, value as Record<string, unknown>, at);
  }
  if (schema.type === "array") {
    if (actual !== "array") return [{ path: at, message: `${where} expects an array, got ${describe(value)}` }];
    return (value as unknown[]).flatMap((item, i) => check(set, schema.items, item, `${at}[${i}]`, `${where}[]`));
  }
  if (actual !== schema.type) return [{ path: at, message: `${where} expects ${schema.type}, got ${describe(value)}` }];
  if (schema.enum && !schema.enum.includes(value as string | number | boolean)) {
    return [{ path: at, message: `${describe(value)} is not one of ${schema.enum.map((v) => JSON.stringify(v)).join(" | ")} (${where})` }];
  }
  return [];
}

function checkObject(set: SchemaSet, schema: ObjectSchema, value: Record<string, unknown>, at: string): Mismatch[] {
  const out: Mismatch[] = [];
  const join = (key: string) => (at ? `${at}.${key}` : key);
  for (const key of schema.required) {
    if (!(key in value)) out.push({ path: join(key), message: `required by ${schema.title}, missing` });
  }
  for (const [key, item] of Object.entries(value)) {
    const declared = schema.properties[key];
    if (declared) out.push(...check(set, declared, item, join(key), `${schema.title}.${key}`));
    else if (schema.additionalProperties === false) out.push({ path: join(key), message: `not declared by ${schema.title}` });
    else if (schema.additionalProperties !== true) out.push(...check(set, schema.additionalProperties, item, join(key), `${schema.title}[key]`));
  }
  return out;
}

/**
 * A union passes when one member does. Otherwise the mismatches come from the member the value
 * names by a literal field (`type: "CREDIT"`), or else from the member with the fewest; a literal
 * field that names no member is reported on its own.
 */
function checkUnion(set: SchemaSet, schema: Extract<JsonSchema, { anyOf: JsonSchema[] }>, value: unknown, at: string, where: string): Mismatch[] {
  const members = value === null ? schema.anyOf : schema.anyOf.filter((m) => !("type" in m && m.type === "null"));
  const named = members.filter((m) => namesItself(set, m, value));
  const tag = named.length === 0 ? discriminator(set, members, value) : undefined;
  if (tag) return [{ path: at ? `${at}.${tag.key}` : tag.key, message: `${describe(tag.value)} is not one of ${tag.allowed.join(" | ")} (${schema.title ?? where})` }];
  let best: Mismatch[] | null = null;
  for (const member of named.length > 0 ? named : members) {
    const found = check(set, member, value, at, where);
    if (found.length === 0) return [];
    if (best === null || found.length < best.length) best = found;
  }
  const name = schema.title ?? where;
  if (best === null || (best.length === 1 && best[0]?.path === at && jsonType(value) !== "object")) {
    return [{ path: at, message: `${describe(value)} matches no member of ${name} (${schema.anyOf.map(label).join(" | ")})` }];
  }
  return best;
}

/** The value carries a field whose value only this member declares (a discriminator). */
function namesItself(set: SchemaSet, member: JsonSchema, value: unknown): boolean {
  const resolved = "$ref" in member ? set.definitions[member.$ref] : member;
  if (!resolved || !isObjectSchema(resolved) || jsonType(value) !== "object") return false;
  const record = value as Record<string, unknown>;
  return resolved.required.some((key) => {
    const prop = resolved.properties[key];
    return prop !== undefined && "type" in prop && prop.type === "string" && prop.enum !== undefined && prop.enum.includes(record[key] as string);
  });
}

/** A field every object member limits to its own literals (`type`), when the value's one matches none of them. */
function discriminator(set: SchemaSet, members: readonly JsonSchema[], value: unknown): { key: string; value: unknown; allowed: string[] } | undefined {
  if (jsonType(value) !== "object" || members.length < 2) return undefined;
  const objects = members.map((m) => ("$ref" in m ? set.definitions[m.$ref] : m));
  if (!objects.every((o) => o !== undefined && isObjectSchema(o))) return undefined;
  const record = value as Record<string, unknown>;
  const first = objects[0] as ObjectSchema;
  for (const key of first.required) {
    const enums = (objects as ObjectSchema[]).map((o) => o.properties[key]).map((p) => (p && "type" in p && p.type === "string" ? p.enum : undefined));
    if (!(key in record) || enums.some((e) => e === undefined)) continue;
    return { key, value: record[key], allowed: enums.flatMap((e) => (e ?? []).map((v) => JSON.stringify(v))) };
  }
  return undefined;
}

function isObjectSchema(schema: JsonSchema): schema is ObjectSchema {
  return "type" in schema && schema.type === "object";
}

function label(schema: JsonSchema): string {
  if ("$ref" in schema) return schema.$ref;
  if ("anyOf" in schema) return schema.title ?? "union";
  if (!("type" in schema)) return "unknown";
  if (schema.type === "object") return schema.title;
  if (schema.type === "array") return `${label(schema.items)}[]`;
  return schema.enum ? schema.enum.map((v) => JSON.stringify(v)).join(" | ") : schema.type;
}

function jsonType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

function describe(value: unknown): string {
  const type = jsonType(value);
  if (type === "object" || type === "array") return type === "array" ? "an array" : "an object";
  return `${type} ${JSON.stringify(value)}`;
}
