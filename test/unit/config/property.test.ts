import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { loadConfigText, type LoadConfigResult } from '../../../src/config/index.js';
import { compareText } from '../../../src/config/normalize.js';
import { lookAlike } from '../../../src/util/lookalike.js';

/** Whatever the input, a result: a config, or problems with positions, in file order. */
function assertWellFormed(result: LoadConfigResult): void {
  if ('config' in result) return;
  expect(result.errors.length).toBeGreaterThan(0);
  for (const p of result.errors) {
    expect(p.line).toBeGreaterThanOrEqual(1);
    expect(p.col).toBeGreaterThanOrEqual(1);
    expect(p.message).not.toBe('');
    expect(p.message).not.toMatch(/internal error/);
  }
  const order = result.errors.map((p) => p.line * 1e6 + p.col);
  expect(order).toEqual([...order].sort((a, b) => a - b));
}

const KEYS = [
  'version', 'orgform', 'secrets_dir', 'destroy_limits', 'max_count', 'max_fraction', 'protect', 'organization',
  'data_retention', 'users', 'invites', 'email', 'role', 'projects', 'project', 'renamed_from', 'archived',
  'model_permissions', 'mode', 'model_ids', 'spend_alerts', 'threshold_amount', 'recipients', 'subject_prefix',
  'spend_limit', 'members', 'service_accounts', 'name', 'rate_limits', 'max_tokens_per_1_minute',
  '__proto__', 'constructor', 'Research', 'gpt-4o', '',
];
const SCALARS = fc.oneof(
  fc.constantFrom(1, 0, -1, 1.5, 'owner', 'member', 'reader', 'allow_list', 'a@b.co', 'Research', 'none', true, null),
  fc.string(),
  fc.integer(),
  fc.double(),
);
/** Objects shaped like a config: known keys, mis-typed values. */
const { node: configish } = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small' },
    SCALARS,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie('node'), { maxKeys: 5 }),
  ),
}));

describe('loadConfigText never throws', () => {
  it('on random strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => assertWellFormed(loadConfigText(text, 'c.yaml'))),
      { numRuns: 300 },
    );
  });

  it('on random YAML-looking text', () => {
    const token = fc.constantFrom('version: 1\n', '- ', ': ', '{', '}', '[', ']', '&a ', '*a ', '!!str ', '? ', '\n  ', '"', "'", '#', 'x', '<<: ', '|\n', '---\n', '\t', ',');
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (tokens) => assertWellFormed(loadConfigText(tokens.join(''), 'c.yaml'))),
      { numRuns: 500 },
    );
  });

  it('on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => assertWellFormed(loadConfigText(bytes, 'c.yaml'))),
      { numRuns: 200 },
    );
  });

  it('on random JSON-ish objects dumped to YAML', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (value) => assertWellFormed(loadConfigText(stringify(value), 'c.yaml'))),
      { numRuns: 300 },
    );
  });

  it('on config-shaped objects with wrong values, with and without version: 1', () => {
    fc.assert(
      fc.property(configish, fc.boolean(), (value, versioned) => {
        const doc = versioned && typeof value === 'object' && value !== null && !Array.isArray(value) ? { version: 1, ...value } : value;
        assertWellFormed(loadConfigText(stringify(doc), 'c.yaml'));
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});

describe('valid configs', () => {
  const email = fc.tuple(fc.constantFrom('ann', 'Bob', 'cy', 'DEE'), fc.constantFrom('example.com', 'Example.org')).map(([u, d]) => `${u}@${d}`);
  const name = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '' && !/\p{Cc}/u.test(s) && s !== '.' && s !== '..' && !['__proto__', 'constructor', 'prototype', '<<'].includes(s));
  const project = fc.record(
    {
      members: fc.uniqueArray(fc.record({ email, role: fc.constantFrom('owner', 'member') }), { selector: (m) => m.email.toLowerCase(), maxLength: 4 }),
      spend_alerts: fc.uniqueArray(
        fc.record({ threshold_amount: fc.integer({ min: 1, max: 1e9 }), recipients: fc.array(email, { minLength: 1, maxLength: 3 }) }),
        { selector: (a) => a.threshold_amount, maxLength: 3 },
      ),
      model_permissions: fc.option(fc.record({ mode: fc.constantFrom('allow_list', 'deny_list'), model_ids: fc.array(name, { maxLength: 3 }) })),
    },
    { requiredKeys: [] },
  );
  // Two names that look alike are rejected on purpose (the look-alike rule), so a valid config has none.
  const distinct = (names: string[]): boolean => names.every((a, i) => names.slice(i + 1).every((b) => lookAlike(a, b) === undefined));
  const config = fc.record({
    version: fc.constant(1),
    projects: fc.dictionary(name, project, { maxKeys: 4 }).filter((projects) => distinct(Object.keys(projects))),
  });

  it('normalize to sorted, lower-cased, de-duplicated lists', () => {
    fc.assert(
      fc.property(config, (written) => {
        const result = loadConfigText(stringify(written), 'c.yaml');
        if (!('config' in result)) throw new Error(result.errors.map((e) => e.message).join('\n'));
        const names = result.config.projects.map((p) => p.name);
        expect(names).toEqual([...Object.keys(written.projects)].sort(compareText));
        for (const p of result.config.projects) {
          const emails = (p.members ?? []).map((m) => m.email);
          expect(emails).toEqual([...emails].sort(compareText));
          for (const e of emails) expect(e).toBe(e.toLowerCase());
          const thresholds = (p.spend_alerts ?? []).map((a) => a.threshold_amount);
          expect(thresholds).toEqual([...thresholds].sort((a, b) => a - b));
          for (const a of p.spend_alerts ?? []) expect(new Set(a.recipients).size).toBe(a.recipients.length);
          const ids = p.model_permissions?.model_ids ?? [];
          expect(ids).toEqual([...new Set(ids)].sort(compareText));
        }
      }),
      { numRuns: 200 },
    );
  });
});
