import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderConfigDoc, type JsonSchema } from '../../../src/docs/config-doc.js';
import { packageFile } from '../../../src/paths.js';

const schema = JSON.parse(readFileSync(packageFile('schemas', 'org.schema.json'), 'utf8')) as JsonSchema;

describe('docs/config.md', () => {
  it('is what `npm run docs` renders from schemas/org.schema.json', () => {
    const committed = readFileSync(packageFile('docs', 'config.md'), 'utf8');
    const fresh = renderConfigDoc(schema);
    if (committed !== fresh) {
      expect.fail('docs/config.md is stale: schemas/org.schema.json changed. Run `npm run docs` and commit docs/config.md.');
    }
  });

  it('has a row for every key the schema allows, under its own section', () => {
    const doc = renderConfigDoc(schema);
    const sections = new Map(doc.split(/^### /m).slice(1).map((s) => [s.slice(0, s.indexOf('\n')), s]));
    const missing: string[] = [];
    const defs = schema.$defs as Record<string, JsonSchema>;
    const deref = (n: JsonSchema): JsonSchema => (typeof n.$ref === 'string' ? { ...deref(defs[n.$ref.slice(8)]!), ...n, $ref: undefined } : n);
    const walk = (node: JsonSchema, path: string): void => {
      node = deref(node);
      const props = (node.properties ?? {}) as Record<string, JsonSchema>;
      const title = path === '' ? 'Top level' : `\`${path}\``;
      for (const [key, child] of Object.entries(props)) {
        if (!sections.get(title)?.includes(`| \`${key}\` |`)) missing.push(`${path || '(top)'}: ${key}`);
        const c = deref(child);
        const here = path === '' ? key : `${path}.${key}`;
        if (c.properties) walk(c, here);
        if (c.items) walk(c.items as JsonSchema, `${here}[]`);
        if (typeof c.additionalProperties === 'object') walk(c.additionalProperties as JsonSchema, `${here}.<name>`);
      }
    };
    walk(schema, '');
    expect(missing).toEqual([]);
    expect(sections.size).toBeGreaterThan(10);
  });
});

describe('renderConfigDoc', () => {
  const tiny: JsonSchema = {
    description: 'Root.',
    type: 'object',
    required: ['v'],
    properties: {
      v: { description: 'Version.', const: 1 },
      mode: { description: 'A | B.', enum: ['a', 'b'] },
      size: { description: 'Size.', type: 'integer', minimum: 0, maximum: 9007199254740991, default: 3 },
      ratio: { description: 'Ratio.', type: 'number', minimum: 0, maximum: 1 },
      who: { description: 'People.', type: 'array', items: { $ref: '#/$defs/person' } },
      things: { description: 'Things by name.', type: 'object', additionalProperties: { $ref: '#/$defs/thing', description: 'One thing.' } },
    },
    $defs: {
      email: { description: 'An email.', type: 'string', format: 'email' },
      person: {
        description: 'A person.',
        type: 'object',
        required: ['email'],
        properties: { email: { $ref: '#/$defs/email', description: 'Their email.' }, nick: { type: ['string', 'null'], minLength: 1 } },
      },
      thing: { description: 'Unused: overridden.', type: ['object', 'null'], properties: { on: { description: 'On?', type: 'boolean', default: false } } },
    },
  };
  const doc = renderConfigDoc(tiny);

  it('lists keys with type, required-ness, default and description', () => {
    expect(doc).toContain('| `v` | `1` | yes |  | Version. |');
    expect(doc).toContain('| `mode` | `"a"` \\| `"b"` |  |  | A \\| B. |');
    expect(doc).toContain('| `size` | integer, ≥ 0 |  | `3` | Size. |');
    expect(doc).toContain('| `ratio` | number, 0..1 |  |  | Ratio. |');
    expect(doc).toContain('| `who` | list of object |  |  | People. |');
    expect(doc).toContain('| `things` | map: name → object \\| null |  |  | Things by name. |');
  });

  it('gives nested objects their own sections, with $ref resolved and its sibling description first', () => {
    expect(doc).toContain('### `who[]`\n\nA person.\n');
    expect(doc).toContain('| `email` | email | yes |  | Their email. |');
    expect(doc).toContain('| `nick` | string \\| null, not empty |  |  |  |');
    expect(doc).toContain('### `things.<name>`\n\nOne thing.\n');
    expect(doc).toContain('| `on` | boolean |  | `false` | On? |');
    expect(doc.indexOf('### Top level')).toBeLessThan(doc.indexOf('### `who[]`'));
    expect(doc.indexOf('### `who[]`')).toBeLessThan(doc.indexOf('### `things.<name>`'));
  });

  it('names each alternative of a oneOf', () => {
    const alt = renderConfigDoc({ properties: { x: { description: 'X.', oneOf: [{ type: 'integer', minimum: 1 }, { const: 'all' }] } } });
    expect(alt).toContain('| `x` | integer (≥ 1) \\| `"all"` |  |  | X. |');
  });

  it('refuses a $ref it cannot resolve', () => {
    expect(() => renderConfigDoc({ properties: { x: { $ref: '#/$defs/nope' } } })).toThrow(/nope/);
  });
});
