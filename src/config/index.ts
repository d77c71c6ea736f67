// The config stage: file → DesiredOrg, or every problem in the file, each at its line:col.
//   load (bytes, UTF-8) → simple-yaml (plain data, fast) or YAML with positions → to-plain (safe
//   plain data) → schema (ajv) → rules → normalize. Positions are looked up (the file parsed with
//   them) only for a message that needs one.

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { ConfigProblem } from '../errors.js';
import type { DesiredOrg, LivePolicies, SourcePos } from './model.js';
import { decodeUtf8, MAX_CONFIG_BYTES, parseYaml, readConfigBytes, tooLarge, type EarlyProblem } from './load.js';
import { LazyPositions, lazySourcePos, SourceLocator, type Finding, type Path, type Positions } from './locate.js';
import { checkPolicies, livePolicyParams } from './policies.js';
import { applyTemplates } from './templates.js';
import { makeOrigins, type Origins } from './origins.js';
import { normalize } from './normalize.js';
import { checkRules } from './rules.js';
import { checkSchema } from './schema.js';
import { simpleLocator } from './simple-locate.js';
import { parseSimpleYaml } from './simple-yaml.js';
import { toPlain, type PlainValue } from './to-plain.js';
import type { WrittenConfig } from './written.js';

export type LoadConfigResult = { config: DesiredOrg } | { errors: ConfigProblem[] };

/**
 * A loaded config with its effective form (defaults and templates applied), as plain data, and
 * where each of its values came from.
 */
export type LoadEffectiveResult = { config: DesiredOrg; effective: unknown; origins: Origins } | { errors: ConfigProblem[] };

/** Past this many, the rest are summed up in one last line: nobody reads ten thousand errors. */
export const MAX_PROBLEMS = 200;

/**
 * Reads and validates `file` (relative to `cwd`; messages name it as given). Never throws: an
 * unreadable file is a problem at 1:1.
 */
export function loadConfig(file: string, cwd = '.'): LoadConfigResult {
  const result = loadEffective(file, cwd);
  return 'errors' in result ? result : { config: result.config };
}

/** loadConfig, and the effective config too (`validate --print-effective`). */
export function loadEffective(file: string, cwd = '.'): LoadEffectiveResult {
  const read = readConfigBytes(resolve(cwd, file), file);
  if ('problem' in read) return { errors: [at(file, read.problem)] };
  return loadEffectiveText(read.bytes, file, cwd);
}

/** Validates config text; `file` is used in messages and, with `cwd`, to resolve `secrets_dir`. Never throws. */
export function loadConfigText(text: string | Uint8Array, file: string, cwd = '.'): LoadConfigResult {
  const result = loadEffectiveText(text, file, cwd);
  return 'errors' in result ? result : { config: result.config };
}

/** loadConfigText, and the effective config and its origins too. Never throws. */
export function loadEffectiveText(text: string | Uint8Array, file: string, cwd = '.'): LoadEffectiveResult {
  try {
    return loadChecked(text, file, cwd);
  } catch (err) {
    // A bug, not a config problem; it still must not crash `validate` with a stack trace.
    const reason = err instanceof Error ? err.message : String(err);
    return { errors: [{ file, line: 1, col: 1, message: `internal error while checking the config (an orgform bug): ${reason}` }] };
  }
}

function loadChecked(input: string | Uint8Array, file: string, cwd: string): LoadEffectiveResult {
  // A string has at least one byte per UTF-16 unit: a huge one is refused before encoding it.
  if (typeof input === 'string' && input.length > MAX_CONFIG_BYTES) return { errors: [at(file, tooLarge(input.length))] };
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes.length > MAX_CONFIG_BYTES) return { errors: [at(file, tooLarge(bytes.length))] };
  const decoded = decodeUtf8(bytes);
  if ('problem' in decoded) return { errors: [at(file, decoded.problem)] };
  const read = readDocument(decoded.text, file);
  if ('errors' in read) return read;
  const { positions } = read;
  const fromFinding = (f: Finding): ConfigProblem => at(file, { ...positions.locate(f.path, f.part), message: f.message });

  // The rules and everything after see the effective config: defaults and templates applied, each
  // path traced back to where its value was written.
  const effective = applyTemplates(read.value);
  const written = (f: Finding): Finding => ({ ...f, path: effective.sourceOf(f.path) });
  const later = checkSchema(read.value)
    .concat(effective.findings, checkRules(effective.config, (path) => positions.locate(effective.sourceOf(path), 'value').line).map(written))
    .map(fromFinding)
    .filter((p) => !read.refused.has(`${p.line}:${p.col}`));
  const problems = read.problems.concat(later);
  if (problems.length > 0) return { errors: finish(problems) };

  // Where the key at an effective path was written (origins and every SourcePos of the model).
  // After the fast reader, looked up when first read: a valid file is read again for positions
  // only if a message, or plan --explain, needs one.
  const keyPos = (path: Path): SourcePos => {
    const find = () => positions.locate(effective.sourceOf(path), 'key');
    return read.lazy ? lazySourcePos(file, find) : { file, ...find() };
  };
  const config = normalize(effective.config as unknown as WrittenConfig, {
    file,
    cwd,
    digest: createHash('sha256').update(bytes).digest('hex'),
    keyPos,
  });
  const policies = checkPolicies(effective.config);
  const policy_violations = policies?.map((v) => ({ policy: v.policy, level: v.level, message: v.message, pos: keyPos(v.path) }));
  const live = Object.entries(livePolicyParams(effective.config)).map(([name, params]) => [name, { ...params, pos: keyPos(['policies', name]) }]);
  const live_policies = live.length > 0 ? (Object.fromEntries(live) as LivePolicies) : undefined;
  return {
    config: { ...config, ...(policy_violations && { policy_violations }), ...(live_policies && { live_policies }) },
    effective: effective.config,
    origins: makeOrigins(effective.config, effective.sourceOf, keyPos),
  };
}

interface ReadDocument {
  value: PlainValue;
  positions: Positions;
  /** Problems found while reading (YAML warnings, refused keys), placed. */
  problems: ConfigProblem[];
  /** `line:col` of the nodes to-plain refused: a schema error there would only repeat it. */
  refused: ReadonlySet<string>;
  /** True when positions are found on demand (the fast reader read the file). */
  lazy: boolean;
}

/**
 * The file's data. The fast reader first (simple-yaml.ts: values only); when the file is outside
 * what it reads, the yaml package, with positions and every YAML problem.
 */
function readDocument(text: string, file: string): ReadDocument | { errors: ConfigProblem[] } {
  // The fast reader gives up past to-plain's depth limit, well within the nesting check's.
  const fast = parseSimpleYaml(text);
  if (fast !== undefined) {
    return { value: fast, positions: new LazyPositions(() => positionsOf(text)), problems: [], refused: new Set(), lazy: true };
  }
  const parsed = parseYaml(text);
  if ('problem' in parsed) return { errors: [at(file, parsed.problem)] };
  const locator = new SourceLocator(parsed.doc, parsed.lines);
  const fromOffset = (p: { offset: number; message: string }): ConfigProblem => at(file, { ...locator.lineCol(p.offset), message: p.message });
  // concat, not push(...): a huge bad file has more problems than a call has arguments.
  const yamlProblems = parsed.problems.map(fromOffset);
  if (!parsed.usable) return { errors: finish(yamlProblems) };
  const plain = toPlain(parsed.doc, (offset) => locator.lineCol(offset).line);
  const plainProblems = plain.problems.map(fromOffset);
  if (plain.fatal) return { errors: finish(yamlProblems.concat(plainProblems)) };
  const refused = new Set(plainProblems.map((p) => `${p.line}:${p.col}`));
  return { value: plain.value, positions: locator, problems: yamlProblems.concat(plainProblems), refused, lazy: false };
}

/**
 * Positions for a file the fast reader read: from its second reading, with node starts (the yaml
 * package's parse gives the same ones, for ten times the time and memory: the fallback).
 */
function positionsOf(text: string): Positions {
  const simple = simpleLocator(text);
  if (simple) return simple;
  const parsed = parseYaml(text);
  // Not reached: the fast reader refuses what nests too deeply before this is asked.
  if ('problem' in parsed) return { locate: () => ({ line: 1, col: 1 }) };
  return new SourceLocator(parsed.doc, parsed.lines);
}


function at(file: string, p: EarlyProblem): ConfigProblem {
  return { file, line: p.line, col: p.col, message: p.message };
}

/** In file order (stable: at one position, YAML, then schema, then rule problems), de-duplicated, capped. */
function finish(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  const unique = [...problems]
    .sort((a, b) => a.line - b.line || a.col - b.col) // stable: keeps the stage order at one position
    .filter((p) => {
      const key = `${p.line}:${p.col}:${p.message}`;
      return seen.has(key) ? false : (seen.add(key), true);
    });
  if (unique.length <= MAX_PROBLEMS) return unique;
  const rest = unique.length - MAX_PROBLEMS;
  const next = unique[MAX_PROBLEMS];
  return [
    ...unique.slice(0, MAX_PROBLEMS),
    { file: next?.file ?? '', line: next?.line ?? 1, col: next?.col ?? 1, message: `… and ${rest} more problems` },
  ];
}

export { MAX_CONFIG_BYTES };
export { orgSchemaPath } from './schema.js';
export type { Origins } from './origins.js';
