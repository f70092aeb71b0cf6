/**
 * Structured logs: one JSON object per line. Fields carry identifiers and codes, never request
 * bodies, seat IDs, names or email addresses; an error is logged by its class and code only (its
 * message may quote input).
 */
export type LogLevel = "info" | "warn" | "error";

function errorFields(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { error: typeof error };
  const code = (error as { code?: unknown }).code;
  const frame = error.stack?.split("\n").find((line) => line.trim().startsWith("at "))?.trim();
  return { error: error.name, ...(typeof code === "string" || typeof code === "number" ? { code } : {}), ...(frame ? { at: frame } : {}) };
}

export function log(level: LogLevel, msg: string, fields: Record<string, unknown> = {}): void {
  const { error, ...rest } = fields;
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...rest, ...(error !== undefined ? errorFields(error) : {}) });
  if (level === "info") console.log(line);
  else console.error(line);
}
