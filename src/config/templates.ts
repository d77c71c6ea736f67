// Say once what every project must be. `defaults:` apply to every project of the file unless it
// sets the field; `templates:` are named partial projects that a project takes with
// `extends: [NAME, …]`. The layers, first to last: defaults, each template in `extends` order,
// the project's own keys. Maps merge key by key; lists and scalars replace. A null at a project
// key means "not set": where null already says something about the org (NULL_IS_A_VALUE:
// `spend_limit: null` is "no hard limit") it replaces like any value; at every other key it
// removes what an earlier layer set, and the key is left alone as if never written. Archived
// projects take nothing: they may carry only `renamed_from` and `archived`.
//
// The result is the effective config, the one every later stage sees; each of its paths knows
// where its value was written, so a problem in an inherited value points at the template line.

import type { Finding, Path } from './locate.js';
import { didYouMean, quote } from './messages.js';

type Rec = { [key: string]: unknown };

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keys a template or the defaults may not set: they name one project, not a kind of project. */
const PROJECT_ONLY_KEYS = ['renamed_from', 'archived', 'extends'] as const;

/**
 * Project keys whose null is a setting of the org, not an absence: no hard spend limit, no model
 * restriction, no external key. At any other project key, null clears an inherited value.
 */
const NULL_IS_A_VALUE: ReadonlySet<string> = new Set(['spend_limit', 'model_permissions', 'external_key_id']);

export interface Effective {
  /** The config with `defaults` and `templates` applied and removed, and no `extends`. */
  config: unknown;
  /** Where the value at an effective path was written. */
  sourceOf(path: Path): Path;
  findings: Finding[];
}

export function applyTemplates(written: unknown): Effective {
  if (!isRec(written) || (written['defaults'] === undefined && written['templates'] === undefined && !usesLayers(written))) {
    return { config: written, sourceOf: (path) => path, findings: [] };
  }
  const findings: Finding[] = [];
  // Per project, effective path → where it was written.
  const sources = new Map<string, Map<string, Path>>();
  const defaults = isRec(written['defaults']) ? written['defaults'] : {};
  const templates = isRec(written['templates']) ? written['templates'] : {};
  for (const key of PROJECT_ONLY_KEYS) {
    if (key in defaults) findings.push({ path: ['defaults', key], part: 'key', message: `defaults cannot set ${key}: it belongs to one project` });
    for (const [name, template] of Object.entries(templates)) {
      if (isRec(template) && key in template) {
        findings.push({ path: ['templates', name, key], part: 'key', message: `template ${quote(name)} cannot set ${key}: it belongs to one project` });
      }
    }
  }
  const projects: Rec = {};
  for (const [name, own] of Object.entries(isRec(written['projects']) ? written['projects'] : {})) {
    const at: Path = ['projects', name];
    if (isRec(own) && own['archived'] === true) {
      projects[name] = withoutClearingNulls(own);
      continue;
    }
    const layers: [Rec, Path][] = [[strip(defaults), ['defaults']]];
    const extendsList = isRec(own) && Array.isArray(own['extends']) ? own['extends'] : [];
    extendsList.forEach((ref, i) => {
      const template = typeof ref === 'string' ? templates[ref] : undefined;
      if (typeof ref === 'string' && template === undefined) {
        findings.push({
          path: [...at, 'extends', i],
          part: 'value',
          message: `project ${quote(name)} extends ${quote(ref)}, which is not under templates:${didYouMean(ref, Object.keys(templates))}`,
        });
      } else if (isRec(template)) layers.push([strip(template), ['templates', ref as string]]);
    });
    if (isRec(own)) {
      const { extends: _extends, ...rest } = own;
      layers.push([rest, at]);
    }
    const mine = new Map<string, Path>();
    let effective: Rec = {};
    for (const [layer, from] of layers) effective = merge(effective, at, layer, from, mine, true);
    sources.set(name, mine);
    projects[name] = effective;
  }
  const { defaults: _d, templates: _t, ...rest } = written;
  return {
    config: { ...rest, ...(written['projects'] === undefined ? {} : { projects }) },
    sourceOf: (path) => (path[0] === 'projects' && path.length > 2 ? sourceOf(path, sources.get(String(path[1]))) : path),
    findings,
  };
}

/** A project with `extends`, or a null that means "not set": the effective config differs from the written one. */
function usesLayers(written: Rec): boolean {
  const projects = written['projects'];
  return isRec(projects) && Object.values(projects).some((p) => isRec(p) && (p['extends'] !== undefined || Object.entries(p).some(isClearingNull)));
}

const isClearingNull = ([key, value]: [string, unknown]): boolean => value === null && !NULL_IS_A_VALUE.has(key);

function withoutClearingNulls(project: Rec): Rec {
  return Object.fromEntries(Object.entries(project).filter((entry) => !isClearingNull(entry)));
}

function strip(layer: Rec): Rec {
  const copy = { ...layer };
  for (const key of PROJECT_ONLY_KEYS) delete copy[key];
  return copy;
}

/**
 * `layer` over `base`: maps merge key by key, anything else replaces; at a project's own keys
 * (`top`), a clearing null removes the key. Records where each value came from.
 */
function merge(base: Rec, at: Path, layer: Rec, from: Path, sources: Map<string, Path>, top = false): Rec {
  const out: Rec = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    const here = [...at, key];
    const there = [...from, key];
    const below = out[key];
    if (isRec(value) && isRec(below)) {
      out[key] = merge(below, here, value, there, sources);
      continue;
    }
    // A replaced map's children came from wherever it came from now; a cleared key from nowhere.
    const prefix = JSON.stringify(here).slice(0, -1);
    for (const k of [...sources.keys()]) if (k === prefix + ']' || k.startsWith(prefix + ',')) sources.delete(k);
    if (top && isClearingNull([key, value])) {
      delete out[key];
    } else {
      out[key] = value;
      sources.set(JSON.stringify(here), there);
    }
  }
  return out;
}

/** The deepest recorded prefix of `path`, with the rest of the path appended; else `path` itself. */
function sourceOf(path: Path, sources: Map<string, Path> | undefined): Path {
  if (!sources) return path;
  for (let i = path.length; i > 0; i--) {
    const from = sources.get(JSON.stringify(path.slice(0, i)));
    if (from) return [...from, ...path.slice(i)];
  }
  return path;
}
