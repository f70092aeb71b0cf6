/** Fault injection for Metronome paths: latency, 500/503 answers, 429 answers with Retry-After, and dropped connections. */
import { badRequest } from "./errors";
import { asBody, optNumber, reqString } from "./input";

export interface FaultRule {
  path: string;
  latency_ms?: number;
  error_rate?: number;
  drop_rate?: number;
  /** Share of calls answered 429 Too Many Requests. */
  throttle_rate?: number;
  /** The Retry-After (seconds) those 429s carry; none when unset. */
  retry_after_s?: number;
}

export function parseFaultRules(body: unknown): FaultRule[] {
  const b = asBody(body);
  const rules = b.rules;
  if (!Array.isArray(rules)) throw badRequest("rules must be an array");
  return rules.map((r, i) => {
    const rb = asBody(r, `rules[${i}]`);
    const path = reqString(rb, "path", `rules[${i}].path`);
    if (!path.startsWith("/")) throw badRequest(`rules[${i}].path must start with "/"`);
    const rule: FaultRule = { path };
    const latency = optNumber(rb, "latency_ms", `rules[${i}].latency_ms`);
    const error = optNumber(rb, "error_rate", `rules[${i}].error_rate`);
    const drop = optNumber(rb, "drop_rate", `rules[${i}].drop_rate`);
    const throttle = optNumber(rb, "throttle_rate", `rules[${i}].throttle_rate`);
    const retryAfter = optNumber(rb, "retry_after_s", `rules[${i}].retry_after_s`);
    if (retryAfter !== undefined) {
      if (!Number.isInteger(retryAfter) || retryAfter < 0 || retryAfter > 3600) throw badRequest(`rules[${i}].retry_after_s must be a whole number of seconds between 0 and 3600`);
      rule.retry_after_s = retryAfter;
    }
    if (latency !== undefined) {
      if (latency < 0 || latency > 60_000) throw badRequest(`rules[${i}].latency_ms must be between 0 and 60000`);
      rule.latency_ms = latency;
    }
    for (const [name, v] of [["error_rate", error], ["drop_rate", drop], ["throttle_rate", throttle]] as const) {
      if (v === undefined) continue;
      if (v < 0 || v > 1) throw badRequest(`rules[${i}].${name} must be between 0 and 1`);
      rule[name] = v;
    }
    return rule;
  });
}

export const matchRules = (rules: readonly FaultRule[], path: string): FaultRule[] => rules.filter((r) => path === r.path || path.startsWith(r.path));
