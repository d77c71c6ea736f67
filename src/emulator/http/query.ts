// Query strings in the SDK's `qs` brackets format: `emails[]=a&emails[]=b`, `effective_at[gte]=1`.
import { isOneOf } from '../../api/enums.js';
import { badRequest } from './errors.js';

export class Query {
  private readonly values = new Map<string, string[]>();

  constructor(search: URLSearchParams) {
    for (const [rawKey, value] of search) {
      // `name[]` and `name[0]` (qs "indices" format) both mean one more element of `name`.
      const key = rawKey.replace(/\[\d*\]$/, '');
      const list = this.values.get(key) ?? [];
      list.push(value);
      this.values.set(key, list);
    }
  }

  /** The last value given; an empty value (`after=`) counts as absent. */
  string(name: string): string | undefined {
    const value = this.values.get(name)?.at(-1);
    return value === undefined || value === '' ? undefined : value;
  }

  list(name: string): string[] {
    return (this.values.get(name) ?? []).filter((v) => v !== '');
  }

  int(name: string, min: number, max: number): number | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (!/^-?\d+$/.test(raw)) throw badRequest(`Invalid '${name}': expected an integer, got '${raw}'.`, name);
    const value = Number(raw);
    if (value < min || value > max) {
      throw badRequest(`Invalid '${name}': ${value} is out of range; it must be between ${min} and ${max}.`, name);
    }
    return value;
  }

  bool(name: string): boolean | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (raw === 'true') return true;
    if (raw === 'false') return false;
    throw badRequest(`Invalid '${name}': expected true or false, got '${raw}'.`, name);
  }

  oneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    const raw = this.string(name);
    if (raw === undefined) return undefined;
    if (isOneOf(values, raw)) return raw;
    throw badRequest(`Invalid '${name}': '${raw}' is not one of ${values.join(', ')}.`, name);
  }
}
