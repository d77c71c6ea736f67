// The config stage: file → DesiredOrg, or every problem in the file, each at its line:col.
//   load (bytes, UTF-8, YAML) → to-plain (safe plain data) → schema (ajv) → rules → normalize

import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import type { ConfigProblem } from '../errors.js';
import type { DesiredOrg } from './model.js';
import { decodeUtf8, MAX_CONFIG_BYTES, parseYaml, readConfigBytes, tooLarge, type EarlyProblem } from './load.js';
import { SourceLocator, type Finding } from './locate.js';
import { normalize } from './normalize.js';
import { checkRules } from './rules.js';
import { checkSchema } from './schema.js';
import { toPlain } from './to-plain.js';
import type { WrittenConfig } from './written.js';

export type LoadConfigResult = { config: DesiredOrg } | { errors: ConfigProblem[] };

/** Past this many, the rest are summed up in one last line: nobody reads ten thousand errors. */
export const MAX_PROBLEMS = 200;

/**
 * Reads and validates `file` (relative to `cwd`; messages name it as given). Never throws: an
 * unreadable file is a problem at 1:1.
 */
export function loadConfig(file: string, cwd = '.'): LoadConfigResult {
  const read = readConfigBytes(resolve(cwd, file), file);
  if ('problem' in read) return { errors: [at(file, read.problem)] };
  return loadConfigText(read.bytes, file, cwd);
}

/** Validates config text; `file` is used in messages and, with `cwd`, to resolve `secrets_dir`. Never throws. */
export function loadConfigText(text: string | Uint8Array, file: string, cwd = '.'): LoadConfigResult {
  try {
    return loadChecked(text, file, cwd);
  } catch (err) {
    // A bug, not a config problem; it still must not crash `validate` with a stack trace.
    const reason = err instanceof Error ? err.message : String(err);
    return { errors: [{ file, line: 1, col: 1, message: `internal error while checking the config (an orgform bug): ${reason}` }] };
  }
}

function loadChecked(input: string | Uint8Array, file: string, cwd: string): LoadConfigResult {
  // A string has at least one byte per UTF-16 unit: a huge one is refused before encoding it.
  if (typeof input === 'string' && input.length > MAX_CONFIG_BYTES) return { errors: [at(file, tooLarge(input.length))] };
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes.length > MAX_CONFIG_BYTES) return { errors: [at(file, tooLarge(bytes.length))] };
  const decoded = decodeUtf8(bytes);
  if ('problem' in decoded) return { errors: [at(file, decoded.problem)] };
  const parsed = parseYaml(decoded.text);
  if ('problem' in parsed) return { errors: [at(file, parsed.problem)] };

  const locator = new SourceLocator(parsed.doc, parsed.lines);
  const fromOffset = (p: { offset: number; message: string }): ConfigProblem => at(file, { ...locator.lineCol(p.offset), message: p.message });
  const fromFinding = (f: Finding): ConfigProblem => at(file, { ...locator.locate(f.path, f.part), message: f.message });

  // concat, not push(...): a huge bad file has more problems than a call has arguments.
  const yamlProblems = parsed.problems.map(fromOffset);
  if (!parsed.usable) return { errors: finish(yamlProblems) };
  const plain = toPlain(parsed.doc, (offset) => locator.lineCol(offset).line);
  const plainProblems = plain.problems.map(fromOffset);
  if (plain.fatal) return { errors: finish(yamlProblems.concat(plainProblems)) };
  // A node to-plain refused became null: a schema error at the same spot would only repeat it.
  const refused = new Set(plainProblems.map((p) => `${p.line}:${p.col}`));
  const later = checkSchema(plain.value)
    .concat(checkRules(plain.value, (path) => locator.locate(path, 'value').line))
    .map(fromFinding)
    .filter((p) => !refused.has(`${p.line}:${p.col}`));
  const problems = yamlProblems.concat(plainProblems, later);
  if (problems.length > 0) return { errors: finish(problems) };

  const config = normalize(plain.value as unknown as WrittenConfig, {
    file,
    cwd,
    digest: createHash('sha256').update(bytes).digest('hex'),
    keyPos: (path) => ({ file, ...locator.locate(path, 'key') }),
  });
  return { config };
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
