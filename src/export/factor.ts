// export --factor: what most projects share becomes `defaults:`, and each project keeps only what
// differs. A key is factored only where the result means exactly the same file: every active
// project has the key, more than half share one value, and each project that keeps its own value
// gets back exactly that value when the default is merged under it (templates.ts's rule: maps
// merge, anything else replaces), so the effective config is the export's, key for key.

import equal from 'fast-deep-equal';
import { mostCommon } from '../util/most-common.js';

type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);

export function factorDefaults(projects: Plain): { defaults: Plain; projects: Plain } {
  const active = Object.entries(projects).filter((entry): entry is [string, Plain] => isPlain(entry[1]) && entry[1]['archived'] !== true);
  const defaults: Plain = {};
  if (active.length < 2) return { defaults, projects };
  const keys = new Set(active.flatMap(([, p]) => Object.keys(p)));
  for (const key of keys) {
    if (!active.every(([, p]) => key in p)) continue;
    const best = mostCommon(active.map(([, p]) => p[key]));
    if (!best || best.count * 2 <= active.length) continue;
    if (!active.every(([, p]) => equal(p[key], best.value) || equal(mergeUnder(best.value, p[key]), p[key]))) continue;
    defaults[key] = best.value;
  }
  const out: Plain = {};
  for (const [name, project] of Object.entries(projects)) {
    if (!isPlain(project) || project['archived'] === true) {
      out[name] = project;
      continue;
    }
    out[name] = Object.fromEntries(Object.entries(project).filter(([key, value]) => !(key in defaults && equal(value, defaults[key]))));
  }
  return { defaults, projects: out };
}

function mergeUnder(base: unknown, over: unknown): unknown {
  if (!isPlain(base) || !isPlain(over)) return over;
  const out: Plain = { ...base };
  for (const [key, value] of Object.entries(over)) out[key] = mergeUnder(base[key], value);
  return out;
}
