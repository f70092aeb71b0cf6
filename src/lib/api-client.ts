import { NetworkError, errorFromResponse } from "./api-errors";
import { takeViewAnswer } from "./view-reads";

/** Options for one request. */
export interface RequestOptions {
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** The browser's fetch priority: "low" lets the requests a page shows first go ahead of it. */
  priority?: RequestPriority;
}

/** Query-string values; undefined and null are left out, arrays repeat the key. */
export type QueryParams = Record<string, string | number | boolean | null | undefined | ReadonlyArray<string | number>>;

/** Appends `params` to `path` as a query string. */
export function withQuery(path: string, params?: QueryParams): string {
  if (!params) return path;
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else search.append(key, String(value));
  }
  const text = search.toString();
  if (!text) return path;
  return `${path}${path.includes("?") ? "&" : "?"}${text}`;
}

async function request<T>(method: "GET" | "POST" | "PUT", path: string, body: unknown, options: RequestOptions = {}): Promise<T> {
  // A page's view may already hold this very answer (view-reads.ts).
  const held = await takeViewAnswer(method, path, method === "GET" ? undefined : (body ?? {}), options.signal);
  if (held) {
    if (held.status >= 400) throw errorFromResponse(held.status, held.body);
    return held.body as T;
  }
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  // Every non-GET carries a JSON content type: the BFF's CSRF rule refuses anything else.
  if (method !== "GET") headers["Content-Type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(method !== "GET" ? { body: JSON.stringify(body ?? {}) } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.priority ? { priority: options.priority } : {}),
    });
  } catch (cause) {
    const aborted = options.signal?.aborted === true || (cause instanceof DOMException && cause.name === "AbortError");
    throw new NetworkError(aborted ? "The request was cancelled." : "Could not reach the server.", aborted, cause);
  }
  const text = await readText(response, options.signal);
  let parsed: unknown = undefined;
  if (text) {
    try {
      parsed = JSON.parse(text);
    } catch {
      if (response.ok) throw new NetworkError("The server sent a response that is not JSON.");
    }
  }
  if (!response.ok) throw errorFromResponse(response.status, parsed);
  return parsed as T;
}

async function readText(response: Response, signal?: AbortSignal): Promise<string> {
  try {
    return await response.text();
  } catch (cause) {
    throw new NetworkError("The response was interrupted.", signal?.aborted === true, cause);
  }
}

/** The one client for the BFF: same origin, JSON in and out, typed errors (see api-errors.ts). */
export const api = {
  get<T>(path: string, options?: RequestOptions): Promise<T> {
    return request<T>("GET", path, undefined, options);
  },
  post<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return request<T>("POST", path, body, options);
  },
  put<T>(path: string, body?: unknown, options?: RequestOptions): Promise<T> {
    return request<T>("PUT", path, body, options);
  },
};

/** `/v2/contracts/list` or `v2/contracts/list` → `/api/metronome/v2/contracts/list`. */
export function metronomePath(path: string): string {
  return `/api/metronome/${path.replace(/^\/+/, "")}`;
}

/** A forwarded Metronome POST: `metronome<ContractListResponse>("/v2/contracts/list", {customer_id})`. */
export function metronome<T>(path: string, body: unknown, options?: RequestOptions): Promise<T> {
  return api.post<T>(metronomePath(path), body, options);
}

/** A forwarded Metronome GET (`/v1/customers/{id}`, `/v1/credit-types/list`). */
export function metronomeGet<T>(path: string, query?: QueryParams, options?: RequestOptions): Promise<T> {
  return api.get<T>(withQuery(metronomePath(path), query), options);
}
