import { readFileSync } from 'node:fs';
import { orgSchemaPath } from '../../../src/config/index.js';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { formatProblem } from '../../../src/errors.js';
import { loadConfigText, type LoadConfigResult } from '../../../src/config/index.js';
import type { DesiredOrg } from '../../../src/config/model.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/config/${name}`, import.meta.url));

/** The problems of a result as `file:line:col: message` lines, or [] when it is valid. */
export function problemsOf(result: LoadConfigResult): string[] {
  return 'errors' in result ? result.errors.map(formatProblem) : [];
}

/** The problems `text` has, named as `c.yaml`. */
export function problems(text: string | Uint8Array): string[] {
  return problemsOf(loadConfigText(text, 'c.yaml'));
}

/** The config `text` gives; fails the test with its problems when it is not valid. */
export function configOf(text: string, file = 'c.yaml'): DesiredOrg {
  const result = loadConfigText(text, file);
  expect(problemsOf(result)).toEqual([]);
  if (!('config' in result)) throw new Error('unreachable');
  return result.config;
}

/** `lines` joined with newlines, ending with one. */
export const yaml = (...lines: string[]): string => lines.join('\n') + '\n';

/** The top-level keys the schema allows, in its order, as the "allowed keys" of a message. */
export const TOP_KEYS = Object.keys(
  (JSON.parse(readFileSync(orgSchemaPath(), 'utf8')) as { properties: Record<string, unknown> }).properties,
).join(', ');
