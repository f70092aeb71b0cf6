/** Collects simulator responses by endpoint and reports, once, how they differ from the SDK's declared types. */
import { checkValue } from "./schema-check";
import type { SchemaSet } from "./sdk-schema";
import { endpointOf, type Endpoint } from "./sdk-responses";

interface Finding {
  line: string;
  count: number;
}

export class ShapeRecorder {
  private readonly counts = new Map<Endpoint, number>();
  private readonly findings = new Map<string, Finding>();

  constructor(private readonly schemas: SchemaSet) {}

  /** Checks one response body; the endpoint is found from the method and path. */
  record(method: string, path: string, body: unknown): void {
    const endpoint = endpointOf(method, path);
    if (!endpoint) throw new Error(`${method} ${path} is not in the SDK response table (sdk-responses.ts)`);
    this.counts.set(endpoint, (this.counts.get(endpoint) ?? 0) + 1);
    for (const m of checkValue(this.schemas, endpoint, body)) {
      // The same mismatch on every item of a list is one finding, shown with its first concrete path.
      const key = `${endpoint}|${m.path.replace(/\[\d+\]/g, "[]")}|${m.message}`;
      const seen = this.findings.get(key);
      if (seen) seen.count += 1;
      else this.findings.set(key, { line: `${endpoint} → ${m.path || "(root)"}: ${m.message}`, count: 1 });
    }
  }

  /** One line per distinct mismatch, with how often it was seen. */
  mismatches(): string[] {
    return [...this.findings.values()].map((f) => (f.count > 1 ? `${f.line} (×${f.count})` : f.line));
  }

  /** How many responses of each endpoint were checked. */
  checked(endpoint: Endpoint): number {
    return this.counts.get(endpoint) ?? 0;
  }
}
