// Every request to /v1, in arrival order, with the admin key's id (never the key itself).
import type { RequestLogEntry } from './types.js';

export class RequestLog {
  private entries: RequestLogEntry[] = [];
  private nextSeq = 1;

  add(entry: Omit<RequestLogEntry, 'seq'>): RequestLogEntry {
    const full = { seq: this.nextSeq++, ...entry };
    this.entries.push(full);
    return full;
  }

  list(): RequestLogEntry[] {
    return this.entries.map((e) => ({ ...e }));
  }

  /** Requests per endpoint (`METHOD /template`, or `METHOD /path` for unknown routes). */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const e of this.entries) {
      const key = e.endpoint ?? `${e.method} ${e.path}`;
      counts[key] = (counts[key] ?? 0) + 1;
    }
    return counts;
  }

  reset(): void {
    this.entries = [];
  }
}
