import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../../../src/config/index.js';
import { packageFile } from '../../../src/paths.js';

// docs/config.md shows the schema's `default`s: they must be what orgform actually assumes.
type Node = { [key: string]: unknown };
const schema = JSON.parse(readFileSync(packageFile('schemas', 'org.schema.json'), 'utf8')) as Node;
const at = (node: unknown, ...keys: string[]): Node => keys.reduce((n, k) => (n as Node)[k] as Node, node as Node);

describe('schema defaults', () => {
  it('match the normalized config of a file that leaves them out', () => {
    const result = loadConfigText(
      ['version: 1', 'invites: [{email: x@example.com, role: reader}]', 'projects:', '  P:',
        '    spend_alerts: [{threshold_amount: 1, recipients: [a@example.com]}]'].join('\n'),
      'org.yaml',
    );
    if (!('config' in result)) throw new Error(JSON.stringify(result.errors));
    const { config } = result;
    const orgform = at(schema, 'properties', 'orgform', 'properties', 'destroy_limits', 'properties');
    expect(config.limits).toEqual({ max_count: at(orgform, 'max_count').default, max_fraction: at(orgform, 'max_fraction').default });
    const protect = at(schema, 'properties', 'protect', 'properties');
    expect(config.protect).toEqual({ projects: at(protect, 'projects').default, users: at(protect, 'users').default });
    expect(config.invites?.[0]?.projects).toEqual(at(schema, 'properties', 'invites', 'items', 'properties', 'projects').default);
    const project = at(schema, '$defs', 'project', 'properties');
    expect(config.projects[0]?.archived).toBe(at(project, 'archived').default);
    expect(config.projects[0]?.spend_alerts?.[0]?.subject_prefix).toBe(at(schema, '$defs', 'spendAlert', 'properties', 'subject_prefix').default);
  });
});
