import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { formatSelector, parseSelector } from '../../../src/scope/selectors.js';
import { formatSelection, parseSelection, resolveScope, type Scope } from '../../../src/scope/scope.js';

const parse = (text: string) => parseSelector(text, '--target');

describe('selectors', () => {
  it('reads the keywords, a project and a project part', () => {
    expect(parse('organization')).toEqual({ type: 'organization' });
    expect(parse('users')).toEqual({ type: 'users' });
    expect(parse('invites')).toEqual({ type: 'invites' });
    expect(parse('project:Research')).toEqual({ type: 'project', name: 'Research' });
    expect(parse('project:Research/rate_limits')).toEqual({ type: 'project', name: 'Research', part: 'rate_limits' });
    expect(parse('project:Data Platform/service_accounts')).toEqual({ type: 'project', name: 'Data Platform', part: 'service_accounts' });
  });

  it('splits only at the last / and only before a part name; a colon is part of the name', () => {
    expect(parse('project:ml/eu')).toEqual({ type: 'project', name: 'ml/eu' });
    expect(parse('project:ml/eu/members')).toEqual({ type: 'project', name: 'ml/eu', part: 'members' });
    expect(parse('project:team:a')).toEqual({ type: 'project', name: 'team:a' });
    expect(parse('project:a/members/')).toEqual({ type: 'project', name: 'a/members/' });
  });

  it('reads a quoted name as a JSON string, with or without a part', () => {
    expect(parse('project:"a/members"')).toEqual({ type: 'project', name: 'a/members' });
    expect(parse('project:"a/members"/rate_limits')).toEqual({ type: 'project', name: 'a/members', part: 'rate_limits' });
    expect(parse('project:"say \\"hi\\""')).toEqual({ type: 'project', name: 'say "hi"' });
  });

  it('writes what it reads back, quoting only where plain text would read otherwise', () => {
    for (const name of ['Research', 'ml/eu', 'a/members', 'team:a', ' padded', '"quoted"', 'tab\there']) {
      for (const part of [undefined, 'members'] as const) {
        const selector = { type: 'project' as const, name, ...(part ? { part } : {}) };
        expect(parse(formatSelector(selector)), formatSelector(selector)).toEqual(selector);
      }
    }
    expect(formatSelector({ type: 'project', name: 'ml/eu' })).toBe('project:ml/eu');
    expect(formatSelector({ type: 'project', name: 'a/members' })).toBe('project:"a/members"');
  });

  it('refuses what is not a selector, with the nearest one', () => {
    const refusal = (text: string) => {
      try {
        parse(text);
      } catch (error) {
        expect(error).toBeInstanceOf(UsageError);
        return (error as Error).message;
      }
      throw new Error(`${text} was accepted`);
    };
    expect(refusal('user')).toMatch(/"user" is not a selector \(did you mean users\?\)/);
    expect(refusal('projects:Research')).toMatch(/did you mean project:Research\?/);
    expect(refusal('org')).toMatch(/selectors are organization, users, invites, project:NAME and project:NAME\/PART/);
    expect(refusal('project:')).toMatch(/the project name is empty/);
    expect(refusal('project:"open')).toMatch(/quoted project name does not end/);
    expect(refusal('project:"a"/member')).toMatch(/"member" is not a project part \(did you mean members\?\)/);
  });
});

describe('resolving a selection against the projects', () => {
  const projects = new Map<string, string[]>([
    ['Research', ['Old Research']],
    ['Data Platform', []],
    ['ml/eu', []],
  ]);
  const resolve = (target: string[] | null, exclude: string[] = []) => resolveScope(parseSelection(target, exclude), projects, 'org.yaml');
  const summary = (scope: Scope) => ({
    organization: scope.organization,
    users: scope.users,
    invites: scope.invites,
    projects: Object.fromEntries([...scope.projects].map(([name, s]) => [name, { own: s.own, parts: [...s.parts].sort() }])),
  });

  it('covers what the targets name, less what is excluded', () => {
    expect(summary(resolve(['users', 'project:Research/members', 'project:ml/eu/rate_limits']))).toEqual({
      organization: false,
      users: true,
      invites: false,
      projects: { Research: { own: false, parts: ['members'] }, 'ml/eu': { own: false, parts: ['rate_limits'] } },
    });
    const all = resolve(null, ['project:Research', 'project:Data Platform/rate_limits', 'invites']);
    expect(all.organization && all.users && !all.invites).toBe(true);
    expect(all.projects.has('Research')).toBe(false);
    expect(all.projects.get('Data Platform')?.own).toBe(true);
    expect(all.projects.get('Data Platform')?.parts.has('rate_limits')).toBe(false);
    expect(all.projects.get('Data Platform')?.parts.has('members')).toBe(true);
  });

  it('finds a project by its renamed_from too', () => {
    expect([...resolve(['project:Old Research']).projects.keys()]).toEqual(['Research']);
  });

  it('refuses a project the file does not have, with the nearest names and parts', () => {
    expect(() => resolve(['project:Reserch'])).toThrow(/--target project:Reserch: org.yaml has no project named "Reserch" \(did you mean project:Research\?\)/);
    expect(() => resolve(['project:Research/member'])).toThrow(/did you mean project:Research\/members\?/);
    expect(() => resolve(null, ['project:Nope'])).toThrow(/--exclude project:Nope: org.yaml has no project named "Nope"/);
  });

  it('records the selection canonically: sorted, without repeats', () => {
    expect(formatSelection(parseSelection(['users', 'project:"ml/eu"', 'users'], []))).toEqual({ target: ['project:ml/eu', 'users'], exclude: [] });
    expect(formatSelection(parseSelection(null, ['invites']))).toEqual({ target: null, exclude: ['invites'] });
  });
});
