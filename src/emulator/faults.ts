// Fault injection. Rules are tried in order for each request; a rule whose method and path match
// and whose count is not used up fires with its probability (drawn from the seeded PRNG only when
// 0 < p < 1, so a run replays exactly under the same seed). Latency rules add up; the first
// firing non-latency rule decides what happens to the request.
import { mulberry32, type Random } from './prng.js';
import { splitPath } from './http/router.js';
import type { FaultAction, FaultRule, LatencyRange } from './types.js';

export type FailureAction = Exclude<FaultAction, { kind: 'latency' }>;

export interface FaultDecision {
  latencyMs: number;
  action: FailureAction | null;
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number | undefined;
  segments: string[] | null;
}

export class FaultInjector {
  private rules: ActiveRule[] = [];
  private rng: Random = mulberry32(1);

  constructor(rules: FaultRule[] = [], seed = 1) {
    this.set(rules, seed);
  }

  set(rules: FaultRule[], seed = 1): void {
    this.rules = rules.map((rule) => ({
      rule,
      remaining: rule.count,
      segments: rule.path === undefined ? null : patternSegments(rule.path),
    }));
    this.rng = mulberry32(seed);
  }

  random(): number {
    return this.rng();
  }

  decide(method: string, apiPath: string): FaultDecision {
    const decision: FaultDecision = { latencyMs: 0, action: null };
    const path = splitPath(apiPath);
    for (const active of this.rules) {
      const { rule } = active;
      if (decision.action && rule.kind !== 'latency') continue;
      if (!matchesMethod(rule.method, method) || !matchesPath(active.segments, path)) continue;
      if (active.remaining !== undefined && active.remaining <= 0) continue;
      const p = rule.probability ?? 1;
      if (p <= 0 || (p < 1 && this.rng() >= p)) continue;
      if (active.remaining !== undefined) active.remaining--;
      if (rule.kind === 'latency') decision.latencyMs += drawLatency(rule.ms, this.rng);
      else decision.action = withoutMatch(rule);
    }
    return decision;
  }
}

export function drawLatency(setting: number | LatencyRange, random: Random): number {
  if (typeof setting === 'number') return setting;
  return Math.round(setting.min + random() * (setting.max - setting.min));
}

function withoutMatch(rule: FaultRule): FailureAction {
  switch (rule.kind) {
    case 'status':
      return { kind: 'status', status: rule.status, retryAfter: rule.retryAfter, retryAfterMs: rule.retryAfterMs };
    case 'drop':
      return { kind: 'drop' };
    case 'commit_then_fail':
      return { kind: 'commit_then_fail', then: rule.then ?? 'drop' };
    case 'latency':
      throw new Error('latency is not a failure');
  }
}

function matchesMethod(pattern: string | undefined, method: string): boolean {
  return pattern === undefined || pattern === '*' || pattern.toUpperCase() === method;
}

function patternSegments(pattern: string): string[] {
  const segments = splitPath(pattern.split('?')[0] ?? '');
  return segments[0] === 'v1' ? segments.slice(1) : segments;
}

function matchesPath(pattern: string[] | null, path: string[]): boolean {
  if (pattern === null) return true;
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    if (p === '**') return true;
    const actual = path[i];
    if (actual === undefined) return false;
    if (p === '*' || (p.startsWith('{') && p.endsWith('}'))) continue;
    if (p !== actual) return false;
  }
  return pattern.length === path.length;
}
