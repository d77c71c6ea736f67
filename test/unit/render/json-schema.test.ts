import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Attribution, Change, ChangedSince, CreateChange, KindWords, Plan, PlanNote, PlanScope, PlanSummary, Refusal, Unmanaged, ValueSource } from '../../../src/plan/types.js';
import { ACTIONS } from '../../../src/plan/types.js';
import { renderPlanJson, validatePlanDocument } from '../../../src/render/index.js';
import { registeredKinds, wordsFor } from '../../../src/kinds/registry.js';
import { change, plan, projectChanges } from './build.js';

const schema: unknown = JSON.parse(readFileSync(new URL('../../../schemas/plan.schema.json', import.meta.url), 'utf8'));

/** schema.a.b.c, or undefined. */
function at(value: unknown, ...path: string[]): unknown {
  let v = value;
  for (const key of path) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

function keysAt(...path: string[]): string[] {
  const v = at(schema, ...path);
  return Object.keys(typeof v === 'object' && v !== null ? v : {}).sort();
}

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
/** Every key of T, and which are required: a key added to a type and not here fails to compile. */
function fields<T>(all: Record<keyof T, true>, required: Record<RequiredKeys<T>, true>): { all: string[]; required: string[] } {
  return { all: Object.keys(all).sort(), required: Object.keys(required).sort() };
}

const sample: Plan = plan(
  [
    ...projectChanges('Research', 2),
    change('replace', 'invite', 'invite["a@example.com"]', { email: 'a@example.com' }, { email: 'a@example.com' }, {
      project_refs: [{ name: 'New', created_by: 'create project["New"]' }],
      reason: 'cannot update an invite',
      target_id: 'invite_1',
      attribution: null,
    }),
  ],
  {
    notes: [{ level: 'warning', address: 'x', message: 'm' }],
    unmanaged: [{ kind: 'user', project: null, count: 2, why: 'no users: key' }],
    fingerprints: { b: 'bb', a: 'aa' },
  },
);

describe('plan.schema.json', () => {
  it('describes exactly the fields of the Plan types', () => {
    const plan = fields<Plan>(
      { format_version: true, orgform_version: true, config: true, api_base_url: true, refusals: true, changes: true, summary: true, notes: true, unmanaged: true, fingerprints: true, managed_counts: true, kinds: true, scope: true },
      { format_version: true, orgform_version: true, config: true, api_base_url: true, refusals: true, changes: true, summary: true, notes: true, unmanaged: true, fingerprints: true, managed_counts: true, kinds: true },
    );
    expect(keysAt('properties')).toEqual(plan.all);
    expect((at(schema, 'required') as string[]).slice().sort()).toEqual(plan.required);

    const c = fields<CreateChange>(
      { id: true, action: true, kind: true, address: true, before: true, after: true, dependsOn: true, destructive: true, reason: true, project: true, project_refs: true, target_id: true, attribution: true, sources: true },
      { id: true, action: true, kind: true, address: true, before: true, after: true, dependsOn: true, destructive: true },
    );
    expect(keysAt('$defs', 'change', 'properties')).toEqual(c.all);
    expect((at(schema, '$defs', 'change', 'required') as string[]).slice().sort()).toEqual(c.required);

    const defs: [string, { all: string[]; required: string[] }][] = [
      ['valueSource', fields<ValueSource>({ from: true, template: true, file: true, line: true, column: true, value: true }, { from: true, file: true, line: true, column: true })],
      ['attribution', fields<Attribution>({ event_type: true, actor: true, at: true }, { event_type: true, actor: true, at: true })],
      ['note', fields<PlanNote>({ level: true, address: true, message: true }, { level: true, message: true })],
      ['refusal', fields<Refusal>({ rule: true, address: true, message: true }, { rule: true, message: true })],
      ['kindWords', fields<KindWords>({ noun: true, group: true }, { noun: true, group: true })],
      ['unmanaged', fields<Unmanaged>({ kind: true, project: true, count: true, why: true }, { kind: true, project: true, count: true, why: true })],
      [
        'scope',
        fields<PlanScope>(
          { target: true, exclude: true, changed_since: true, not_looked_at: true, dependencies: true },
          { target: true, exclude: true, not_looked_at: true, dependencies: true },
        ),
      ],
      ['changedSince', fields<ChangedSince>({ ref: true, commit: true, file: true }, { ref: true, commit: true, file: true })],
    ];
    for (const [name, f] of defs) {
      expect(keysAt('$defs', name, 'properties'), name).toEqual(f.all);
      expect((at(schema, '$defs', name, 'required') as string[]).slice().sort(), name).toEqual(f.required);
    }
    const summary = fields<PlanSummary>({ create: true, update: true, delete: true, archive: true }, { create: true, update: true, delete: true, archive: true });
    expect(keysAt('properties', 'summary', 'properties')).toEqual(summary.all);
  });

  it('has the actions of types.ts as an enum, and every registered kind matches its kind pattern', () => {
    expect(at(schema, '$defs', 'action', 'enum')).toEqual([...ACTIONS]);
    const pattern = new RegExp(String(at(schema, '$defs', 'kind', 'pattern')));
    for (const kind of Object.keys(wordsFor(registeredKinds()))) expect(kind).toMatch(pattern);
  });

  it('refuses a change whose before or after does not fit its action', () => {
    const bad = { ...sample, changes: [{ ...sample.changes[0], action: 'delete', after: { x: 1 } }] };
    expect(validatePlanDocument(JSON.parse(JSON.stringify(bad))).join('\n')).toMatch(/after/);
    const archive = { ...sample, changes: [{ ...sample.changes[0], action: 'archive', after: null, target_id: undefined }] };
    expect(validatePlanDocument(JSON.parse(JSON.stringify(archive))).join('\n')).toMatch(/target_id/);
  });
});

describe('renderPlanJson', () => {
  it('writes a plan that validates against the schema', () => {
    expect(validatePlanDocument(JSON.parse(renderPlanJson(sample)))).toEqual([]);
  });

  it('is byte-for-byte the same however the objects were built, and round-trips', () => {
    const json = renderPlanJson(sample);
    // The same plan with every object's keys in reverse order.
    const shuffled = JSON.parse(JSON.stringify(sample, [...new Set(allKeys(sample))].reverse())) as Plan;
    expect(JSON.stringify(shuffled)).not.toBe(JSON.stringify(sample));
    expect(renderPlanJson(shuffled)).toBe(json);
    expect(renderPlanJson(JSON.parse(json) as Plan)).toBe(json);
    expect(json.endsWith('}\n')).toBe(true);
    expect(json.indexOf('"a": "aa"')).toBeLessThan(json.indexOf('"b": "bb"'));
  });

  it('keeps no undefined keys and leaves its input alone', () => {
    const before = JSON.stringify(sample);
    const c: Change = { ...change('create', 'user', 'user["x"]', null, { email: 'x' }), reason: undefined };
    expect(renderPlanJson(plan([c]))).not.toContain('reason');
    expect(JSON.stringify(sample)).toBe(before);
  });
});

describe('validatePlanDocument', () => {
  const good = (): Record<string, unknown> => JSON.parse(renderPlanJson(sample)) as Record<string, unknown>;
  const firstChange = (doc: Record<string, unknown>): Record<string, unknown> =>
    (doc['changes'] as Record<string, unknown>[])[0] as Record<string, unknown>;

  const corruptions: [string, (doc: Record<string, unknown>) => void, RegExp][] = [
    ['an unknown action', (d) => (firstChange(d)['action'] = 'destroy'), /\/changes\/0\/action must be equal to one of the allowed values/],
    ['an unknown kind', (d) => (firstChange(d)['kind'] = 'API key'), /\/changes\/0\/kind must match pattern/],
    ['a missing summary', (d) => delete d['summary'], /must have required property 'summary'/],
    ['an extra field', (d) => (firstChange(d)['color'] = 'red'), /must NOT have additional properties: color/],
    ['before as a string', (d) => (firstChange(d)['before'] = 'x'), /\/changes\/0\/before/],
    ['another format version', (d) => (d['format_version'] = 1), /\/format_version must be equal to constant/],
    ['a negative count', (d) => ((d['summary'] as Record<string, unknown>)['create'] = -1), /\/summary\/create must be >= 0/],
    ['an attribution time as text', (d) => (firstChange(d)['attribution'] = { event_type: 'e', actor: 'a', at: 'today' }), /\/changes\/0\/attribution/],
  ];

  it.each(corruptions)('rejects %s', (_name, corrupt, message) => {
    const doc = good();
    corrupt(doc);
    const errors = validatePlanDocument(doc);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toMatch(message);
  });

  it('rejects what is not an object at all', () => {
    expect(validatePlanDocument('plan')).not.toEqual([]);
    expect(validatePlanDocument(null)).not.toEqual([]);
  });
});

/** Every key of every object in v, for a JSON.stringify replacer that reorders them. */
function allKeys(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(allKeys);
  if (typeof v !== 'object' || v === null) return [];
  return Object.entries(v).flatMap(([k, child]) => [k, ...allKeys(child)]);
}
