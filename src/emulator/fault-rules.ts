// Checks fault rules coming from a file or the control endpoint, with a message per mistake.
import type { FaultRule } from './types.js';

const KINDS = ['latency', 'status', 'drop', 'commit_then_fail'];
const STATUSES = [429, 500, 502, 503];
const THEN = ['drop', 500, 502, 503];
const COMMON = ['kind', 'method', 'path', 'probability', 'count'];
const EXTRA: Record<string, string[]> = {
  latency: ['ms'],
  status: ['status', 'retryAfter', 'retryAfterMs'],
  drop: [],
  commit_then_fail: ['then'],
};

export function parseFaultRules(value: unknown): FaultRule[] {
  if (!Array.isArray(value)) throw new Error('fault rules must be an array');
  return value.map((rule, i) => {
    const problem = checkRule(rule);
    if (problem) throw new Error(`fault rule ${i}: ${problem}`);
    return rule as FaultRule;
  });
}

function isNumber(v: unknown, min = 0): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= min;
}

function checkRule(rule: unknown): string | null {
  if (typeof rule !== 'object' || rule === null || Array.isArray(rule)) return 'must be an object';
  const r = rule as Record<string, unknown>;
  const kind = r['kind'];
  if (typeof kind !== 'string' || !KINDS.includes(kind)) return `kind must be one of ${KINDS.join(', ')}`;
  const unknown = Object.keys(r).find((k) => !COMMON.includes(k) && !(EXTRA[kind] ?? []).includes(k));
  if (unknown) return `unknown field '${unknown}' for kind '${kind}'`;
  if (r['method'] !== undefined && typeof r['method'] !== 'string') return 'method must be a string';
  if (r['path'] !== undefined && (typeof r['path'] !== 'string' || !r['path'].startsWith('/'))) {
    return "path must be a string starting with '/'";
  }
  const p = r['probability'];
  if (p !== undefined && !(isNumber(p) && p <= 1)) return 'probability must be a number between 0 and 1';
  const count = r['count'];
  if (count !== undefined && !(Number.isSafeInteger(count) && isNumber(count))) return 'count must be an integer >= 0';
  if (kind === 'latency') {
    const ms = r['ms'];
    const range = typeof ms === 'object' && ms !== null ? (ms as Record<string, unknown>) : null;
    const ok = isNumber(ms) || (range && isNumber(range['min']) && isNumber(range['max']) && range['max'] >= range['min']);
    if (!ok) return 'ms must be a number >= 0 or { min, max } with max >= min';
  }
  if (kind === 'status') {
    if (!STATUSES.includes(r['status'] as number)) return `status must be one of ${STATUSES.join(', ')}`;
    if (r['retryAfter'] !== undefined && !isNumber(r['retryAfter'])) return 'retryAfter must be a number of seconds >= 0';
    if (r['retryAfterMs'] !== undefined && !isNumber(r['retryAfterMs'])) return 'retryAfterMs must be a number >= 0';
  }
  if (kind === 'commit_then_fail' && r['then'] !== undefined && !THEN.includes(r['then'] as string | number)) {
    return `then must be one of ${THEN.join(', ')}`;
  }
  return null;
}
