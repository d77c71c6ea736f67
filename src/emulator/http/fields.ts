// Typed reads of a JSON request body. Each failure is a 400 naming the offending `param`,
// and unknown fields are refused the way the real API does ("Unrecognized request argument").
import { isOneOf } from '../../api/enums.js';
import { badRequest } from './errors.js';

type Json = Record<string, unknown>;

export class Fields {
  private readonly obj: Json;

  constructor(body: unknown, allowed: readonly string[], private readonly prefix = '') {
    if (body === undefined && prefix === '') body = {};
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      throw badRequest(`Invalid type for '${prefix || 'body'}': expected an object.`, prefix || null);
    }
    this.obj = body as Json;
    for (const key of Object.keys(this.obj)) {
      if (allowed.includes(key)) continue;
      throw badRequest(`Unrecognized request argument supplied: ${this.name(key)}`, this.name(key));
    }
  }

  has(key: string): boolean {
    return this.obj[key] !== undefined;
  }

  /** Required, non-empty string. */
  string(key: string): string {
    const value = this.require(key);
    if (typeof value !== 'string' || value.trim() === '') throw this.invalid(key, 'a non-empty string');
    return value;
  }

  /** undefined when absent, null when null. */
  optionalString(key: string): string | null | undefined {
    const value = this.obj[key];
    if (value === undefined || value === null) return value;
    if (typeof value !== 'string') throw this.invalid(key, 'a string');
    return value;
  }

  oneOf<T extends string>(key: string, values: readonly T[]): T {
    const value = this.require(key);
    if (!isOneOf(values, value)) throw this.invalidEnum(key, value, values);
    return value;
  }

  optionalOneOf<T extends string>(key: string, values: readonly T[]): T | null | undefined {
    const value = this.obj[key];
    if (value === undefined || value === null) return value;
    if (!isOneOf(values, value)) throw this.invalidEnum(key, value, values);
    return value;
  }

  integer(key: string, min: number): number {
    const value = this.require(key);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw this.invalid(key, `an integer >= ${min}`);
    }
    return value;
  }

  optionalInteger(key: string, min: number): number | null | undefined {
    const value = this.obj[key];
    if (value === undefined || value === null) return value;
    return this.integer(key, min);
  }

  optionalBoolean(key: string): boolean | null | undefined {
    const value = this.obj[key];
    if (value === undefined || value === null) return value;
    if (typeof value !== 'boolean') throw this.invalid(key, 'a boolean');
    return value;
  }

  stringArray(key: string): string[] {
    const value = this.require(key);
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v !== '')) {
      throw this.invalid(key, 'an array of non-empty strings');
    }
    return value as string[];
  }

  optionalArray(key: string): unknown[] | undefined {
    const value = this.obj[key];
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) throw this.invalid(key, 'an array');
    return value;
  }

  nested(key: string, allowed: readonly string[]): Fields {
    return new Fields(this.require(key), allowed, this.name(key));
  }

  /** The body as sent, for audit payloads. */
  raw(): Json {
    return structuredClone(this.obj);
  }

  name(key: string): string {
    return this.prefix ? `${this.prefix}.${key}` : key;
  }

  private require(key: string): unknown {
    const value = this.obj[key];
    if (value === undefined || value === null) {
      throw badRequest(`Missing required parameter: '${this.name(key)}'.`, this.name(key));
    }
    return value;
  }

  private invalid(key: string, expected: string): Error {
    return badRequest(`Invalid value for '${this.name(key)}': expected ${expected}.`, this.name(key));
  }

  private invalidEnum(key: string, value: unknown, values: readonly string[]): Error {
    return badRequest(
      `Invalid value for '${this.name(key)}': ${JSON.stringify(value)}. Supported values are: ${values
        .map((v) => `'${v}'`)
        .join(', ')}.`,
      this.name(key),
    );
  }
}
