// Runtime checks for hand-written seed files: each failure names the path in the file.
import { isOneOf } from '../api/enums.js';

export class SeedError extends Error {
  constructor(message: string) {
    super(`invalid emulator seed: ${message}`);
    this.name = 'SeedError';
  }
}

export function fail(path: string, message: string): never {
  throw new SeedError(`${path}: ${message}`);
}

export function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') fail(path, 'must be a non-empty string');
  return value;
}

export function optionalString(value: unknown, path: string): string | undefined {
  return value === undefined ? undefined : requireString(value, path);
}

export function requireOneOf<T extends string>(values: readonly T[], value: unknown, path: string): T {
  if (!isOneOf(values, value)) fail(path, `must be one of ${values.join(', ')}`);
  return value;
}

export function optionalInt(value: unknown, path: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) fail(path, 'must be an integer >= 0');
  return value;
}

export function requireInt(value: unknown, path: string): number {
  const n = optionalInt(value, path);
  if (n === undefined) fail(path, 'is required');
  return n;
}

export function requireArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'must be an array');
  return value;
}

export function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined ? [] : requireArray(value, path);
}

export function requireStringArray(value: unknown, path: string): string[] {
  return requireArray(value, path).map((v, i) => requireString(v, `${path}[${i}]`));
}

export function requireUnique(ids: string[], path: string): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) fail(path, `duplicate id '${id}'`);
    seen.add(id);
  }
}

/** A JSON object to read as `T`; its fields are checked one by one afterwards. */
export function requireObject<T>(value: unknown, path: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'must be an object');
  return value as T;
}

/** Maps each element of an optional array of objects, handing `fn` the element's path. */
export function mapObjects<T, R>(value: unknown, path: string, fn: (item: T, itemPath: string) => R): R[] {
  return optionalArray(value, path).map((item, i) => fn(requireObject<T>(item, `${path}[${i}]`), `${path}[${i}]`));
}
