import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MODEL_PERMISSION_MODES, ORG_RETENTION_TYPES, ORG_ROLES, PROJECT_RETENTION_TYPES, PROJECT_ROLES, RATE_LIMIT_FIELDS } from '../../../src/config/model.js';
import { MAX_PROBLEMS, orgSchemaPath } from '../../../src/config/index.js';
import { checkSchema } from '../../../src/config/schema.js';
import { closest, editDistance } from '../../../src/config/messages.js';
import { problems } from './helpers.js';

type Schema = { [key: string]: unknown };
const schema = JSON.parse(readFileSync(orgSchemaPath(), 'utf8')) as Schema;
const defs = schema.$defs as Record<string, Schema>;
const props = (s: Schema | undefined): Record<string, Schema> => (s?.properties ?? {}) as Record<string, Schema>;

describe('schemas/org.schema.json', () => {
  it('is JSON Schema 2020-12 and found from the source tree', () => {
    expect(orgSchemaPath()).toMatch(/schemas[/\\]org\.schema\.json$/);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  });

  it('describes every property and closes every object', () => {
    const missing: string[] = [];
    const walk = (s: unknown, where: string): void => {
      if (Array.isArray(s)) return s.forEach((x, i) => walk(x, `${where}/${i}`));
      if (typeof s !== 'object' || s === null) return;
      const node = s as Schema;
      if (node.type === 'object' || (Array.isArray(node.type) && node.type.includes('object'))) {
        if (node.additionalProperties === undefined) missing.push(`${where}: additionalProperties`);
      }
      for (const [name, p] of Object.entries(props(node))) if (!(p as Schema).description) missing.push(`${where}/properties/${name}: description`);
      for (const [k, v] of Object.entries(node)) walk(v, `${where}/${k}`);
    };
    walk(schema, '#');
    for (const [name, d] of Object.entries(defs)) if (!d.description) missing.push(`#/$defs/${name}: description`);
    expect(missing).toEqual([]);
  });

  it('uses the enums of model.ts', () => {
    const project = defs.project as Schema;
    expect(props(props(schema).organization).data_retention?.enum).toEqual([...ORG_RETENTION_TYPES]);
    // A project key's null is "not set" (templates-and-policies.md): the enum ends with it.
    expect(props(project).data_retention?.enum).toEqual([...PROJECT_RETENTION_TYPES, null]);
    expect(defs.orgRole?.enum).toEqual([...ORG_ROLES]);
    expect(defs.projectRole?.enum).toEqual([...PROJECT_ROLES]);
    expect(props(props(project).model_permissions).mode?.enum).toEqual([...MODEL_PERMISSION_MODES]);
    expect(Object.keys(props(defs.rateLimits))).toEqual([...RATE_LIMIT_FIELDS]);
  });
});

describe('many problems', () => {
  it('are capped, with a count of the rest', () => {
    const users = Array.from({ length: 300 }, (_, i) => `  - {email: u${i}@x.io, role: x}`);
    const found = problems(['version: 1', 'users:', ...users].join('\n'));
    expect(found).toHaveLength(MAX_PROBLEMS + 1);
    expect(found[0]).toBe(`c.yaml:3:${users[0]!.indexOf(': x}') + 3}: role must be one of: owner, reader (got "x")`);
    expect(found[MAX_PROBLEMS]).toBe(`c.yaml:${3 + MAX_PROBLEMS}:${users[MAX_PROBLEMS]!.indexOf(': x}') + 3}: … and 100 more problems`);
  });

  it('are all found on a very large file (the schema inlines its $refs, whose errors ajv would concatenate)', () => {
    // Speed is not asserted here (shared machines); this run used to take minutes, and now
    // finishes within the test's timeout.
    const projects = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`P${i}`, { archived: 'no', x: 1 }]));
    expect(checkSchema({ version: 1, projects })).toHaveLength(200_000);
  });
});

describe('did you mean', () => {
  it('finds the closest candidate within a small distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(closest('memebrs', ['members', 'spend_alerts'])).toBe('members');
    expect(closest('SPEND_LIMIT', ['spend_limit'])).toBe('spend_limit');
    expect(closest('xyz', ['members'])).toBeUndefined();
    expect(closest('a', ['b'])).toBe('b');
    expect(closest('ab', ['cd'])).toBeUndefined();
  });
});
