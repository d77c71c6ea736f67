import { describe, expect, it } from 'vitest';
import { configOf, problems, yaml } from './helpers.js';

describe('access config (groups, roles, role assignments, project groups)', () => {
  it('normalizes members, permissions and holders as sets, and keeps absent lists absent', () => {
    const config = configOf(
      yaml(
        'version: 1',
        'groups:',
        '  - {name: Platform, members: [Bob@x.com, alice@x.com, bob@x.com]}',
        '  - {name: Okta}',
        'roles:',
        '  - {name: watcher, permissions: [b, a, b]}',
        'role_assignments:',
        '  watcher: {users: [Carol@x.com]}',
        '  owner: {groups: [Platform]}',
        'projects:',
        '  Research:',
        '    groups: [{group: Platform, role: viewer}]',
        '    role_assignments: {viewer: {users: [bob@x.com]}}',
      ),
    );
    expect(config.groups?.map((g) => [g.name, g.members])).toEqual([
      ['Okta', undefined],
      ['Platform', ['alice@x.com', 'bob@x.com']],
    ]);
    expect(config.roles).toEqual([{ name: 'watcher', permissions: ['a', 'b'] }]);
    expect(config.role_assignments?.map(({ pos: _pos, ...a }) => a)).toEqual([
      { role: 'owner', groups: ['Platform'] },
      { role: 'watcher', users: ['carol@x.com'] },
    ]);
    expect(config.projects[0]?.groups).toEqual([{ group: 'Platform', role: 'viewer' }]);
  });

  it('reports duplicates, predefined role names, and names the file does not define, with did-you-mean', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'groups:',
          '  - {name: Platform}',
          '  - {name: Platform}',
          'roles:',
          '  - {name: owner, permissions: []}',
          '  - {name: watcher, permissions: []}',
          'role_assignments:',
          '  wacher: {groups: [Platfrom]}',
          'projects:',
          '  Research:',
          '    roles: [{name: viewer, permissions: []}]',
          '    groups: [{group: Ops, role: member}]',
        ),
      ),
    ).toEqual([
      'c.yaml:4:12: duplicate group "Platform" (first at line 3)',
      'c.yaml:6:12: "owner" is a predefined role: it cannot be written, only assigned by name',
      'c.yaml:9:3: role "wacher" is neither predefined nor under `roles:` (did you mean `watcher`?)',
      'c.yaml:9:21: group "Platfrom" is not under `groups:` (did you mean `Platform`?)',
      'c.yaml:12:20: "viewer" is a predefined role: it cannot be written, only assigned by name',
      'c.yaml:13:22: group "Ops" is not under `groups:`',
    ]);
  });
});
