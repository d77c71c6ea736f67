import { describe, expect, it } from 'vitest';
import { nameProblem, RULES } from '../../../src/config/rules.js';
import { configOf, problems, yaml } from './helpers.js';

describe('names', () => {
  it('allows slashes, dots and unicode in names: names are not path segments', () => {
    const config = configOf(
      yaml(
        'version: 1',
        'projects:',
        '  team/research: {service_accounts: [{name: ci/bot, role: member}]}',
        '  ...: {rate_limits: {ft:gpt-4o/2024: {max_tokens_per_1_minute: 1}}}',
        '  Équipe ☕:',
      ),
    );
    expect(config.projects.map((p) => p.name)).toEqual(['...', 'team/research', 'Équipe ☕']);
  });

  it('rejects control characters, blank names and . or ..', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'protect: {projects: ["bad\\u0000"]}',
          'projects:',
          '  "tab\\there": {}',
          '  "..": {}',
          '  ".":',
          '  "  ":',
          '  "": {}',
          '  A:',
          '    renamed_from: "old\\r"',
          '    model_permissions: {mode: allow_list, model_ids: ["gpt\\u0085"]}',
          '    service_accounts: [{name: "..", role: member}, {name: " ", role: member}]',
          '    rate_limits:',
          '      "\\u007f": {max_tokens_per_1_minute: 1}',
          '      ..: {max_tokens_per_1_minute: 1}',
        ),
      ),
    ).toEqual([
      'c.yaml:2:22: project name "bad\\u0000" contains a control character (U+0000)',
      'c.yaml:4:3: project name "tab\\there" contains a control character (U+0009)',
      'c.yaml:5:3: project name must not be ".."',
      'c.yaml:6:3: project name must not be "."',
      'c.yaml:7:3: project name "  " must not be blank',
      'c.yaml:8:3: project name must not be empty',
      'c.yaml:10:19: renamed_from "old\\r" contains a control character (U+000D)',
      'c.yaml:11:55: model id "gpt\\u0085" contains a control character (U+0085)',
      'c.yaml:12:31: service account name must not be ".."',
      'c.yaml:12:59: service account name " " must not be blank',
      'c.yaml:14:7: model name "\\u007f" contains a control character (U+007F)',
      'c.yaml:15:7: model name must not be ".."',
    ]);
  });

  it('rejects invisible formatting characters, which would make look-alike names', () => {
    expect(nameProblem('Research\u200b', 'project name')).toBe(
      'project name "Research\\u200b" contains an invisible formatting character (U+200B)',
    );
    expect(nameProblem('a\u202eb', 'project name')).toMatch(/U\+202E/);
  });

  it('nameProblem accepts ordinary names', () => {
    for (const name of ['Research', 'a/b', '...', '.hidden', 'x y', '日本']) expect(nameProblem(name, 'name')).toBeUndefined();
  });
});

describe('uniqueness', () => {
  it('reports repeated emails (case-insensitive), names and thresholds at the repeat', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'users:',
          '  - {email: alice@example.com, role: owner}',
          '  - {email: ALICE@example.com, role: reader}',
          'invites:',
          '  - {email: bob@example.com, role: reader}',
          '  - {email: Bob@Example.com, role: reader}',
          '  - {email: carol@example.com, role: reader}',
          'projects:',
          '  A:',
          '    spend_alerts:',
          '      - {threshold_amount: 500, recipients: [a@b.co]}',
          '      - {threshold_amount: 1000, recipients: [a@b.co]}',
          '      - {threshold_amount: 500, recipients: [c@d.co]}',
          '    members:',
          '      - {email: carol@example.com, role: owner}',
          '      - {email: carol@EXAMPLE.com, role: member}',
          '    service_accounts:',
          '      - {name: ci, role: owner}',
          '      - {name: CI, role: owner}',
          '      - {name: ci, role: member}',
          '  B:',
          '    members:',
          '      - {email: carol@example.com, role: owner}',
        ),
      ),
    ).toEqual([
      'c.yaml:4:13: duplicate user ALICE@example.com (first at line 3)',
      'c.yaml:7:13: duplicate invite for Bob@Example.com (first at line 6)',
      'c.yaml:14:28: duplicate spend alert threshold_amount 500 (first at line 12)',
      'c.yaml:17:17: duplicate member carol@EXAMPLE.com (first at line 16)',
      'c.yaml:21:16: duplicate service account "ci" (first at line 19)',
    ]);
  });

  it('an invitee who is also under users: has one role', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'users: [{email: dana@example.com, role: reader}]',
          'invites: [{email: eve@example.com, role: reader}, {email: Dana@example.com, role: owner}]',
        ),
      ),
    ).toEqual(['c.yaml:3:83: Dana@example.com is invited as owner but listed under users: as reader: use one role']);
  });

  it('without users:, invites and members stand alone', () => {
    expect(
      problems(yaml('version: 1', 'invites: [{email: eve@example.com, role: reader}]', 'projects:', '  P:', '    members: [{email: finn@example.com, role: member}]')),
    ).toEqual([]);
  });
});

describe('references between parts of the file', () => {
  it('wants invite projects to be projects of this file, each once, and active', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'invites:',
          '  - email: erin@example.com',
          '    role: reader',
          '    projects:',
          '      - {project: Reserch, role: member}',
          '      - {project: Research, role: member}',
          '      - {project: Research, role: owner}',
          '      - {project: Attic, role: member}',
          '      - {project: Elsewhere, role: member}',
          'projects:',
          '  Research:',
          '  Attic: {archived: true}',
        ),
      ),
    ).toEqual([
      'c.yaml:6:19: project "Reserch" is not under `projects:` in this file (did you mean `Research`?)',
      'c.yaml:8:19: project "Research" is listed twice in this invite (first at line 7)',
      'c.yaml:9:19: project "Attic" is archived: an invite cannot add anyone to it',
      'c.yaml:10:19: project "Elsewhere" is not under `projects:` in this file',
    ]);
    expect(problems(yaml('version: 1', 'invites: [{email: a@b.co, role: owner, projects: [{project: X, role: owner}]}]'))).toEqual([
      'c.yaml:2:61: project "X" is not under `projects:` in this file',
    ]);
  });

  it('wants one role for someone who is both a member and invited to the project', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'invites:',
          '  - email: fay@example.com',
          '    role: reader',
          '    projects: [{project: A, role: owner}, {project: B, role: member}]',
          'projects:',
          '  A: {members: [{email: FAY@example.com, role: member}]}',
          '  B: {members: [{email: fay@example.com, role: member}]}',
        ),
      ),
    ).toEqual(['c.yaml:5:35: fay@example.com is a member of project "A" as member but is invited to it as owner: use one role']);
  });

  it('checks renames', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'projects:',
          '  A: {renamed_from: A}',
          '  B: {renamed_from: C}',
          '  C: {}',
          '  D: {renamed_from: Old}',
          '  E: {renamed_from: Old}',
        ),
      ),
    ).toEqual([
      'c.yaml:3:21: project "A" cannot be renamed from itself',
      'c.yaml:4:21: renamed_from "C" is also a project in this file: a rename needs the old name gone',
      'c.yaml:7:21: project "Old" is renamed twice: by "D" and by "E"',
    ]);
  });
});

describe('archived projects', () => {
  it('may carry only renamed_from and archived', () => {
    expect(configOf(yaml('version: 1', 'projects:', '  Old: {renamed_from: Older, archived: true}')).projects).toEqual([
      { name: 'Old', renamed_from: 'Older', archived: true, pos: { file: 'c.yaml', line: 3, col: 3 } },
    ]);
    expect(
      problems(
        yaml(
          'version: 1',
          'protect: {projects: [Old]}',
          'projects:',
          '  Old:',
          '    archived: true',
          '    data_retention: none',
          '    members: []',
          '    spend_limit: null',
        ),
      ),
    ).toEqual([
      'c.yaml:2:22: project "Old" is protected but archived: true archives it; pick one',
      'c.yaml:6:5: project "Old" is archived: `data_retention` cannot be set (the API cannot change an archived project)',
      'c.yaml:7:5: project "Old" is archived: `members` cannot be set (the API cannot change an archived project)',
      'c.yaml:8:5: project "Old" is archived: `spend_limit` cannot be set (the API cannot change an archived project)',
    ]);
  });
});

describe('the rules', () => {
  it('have unique names and never throw on malformed data', () => {
    expect(new Set(RULES.map((r) => r.name)).size).toBe(RULES.length);
    const weird: unknown[] = [null, 1, 'x', [], { projects: [1] }, { projects: { A: 1 }, invites: {} }, { invites: [null, { projects: 'x' }] }];
    for (const data of weird) {
      for (const rule of RULES) rule.check(data, { report: () => undefined, lineOf: () => 1 });
    }
  });

  it('run even when the schema found problems, so one run reports both', () => {
    expect(
      problems(
        yaml('version: 1', 'users:', '  - {email: a@b.co, role: owner}', '  - {email: A@B.co, role: boss}'),
      ),
    ).toEqual([
      'c.yaml:4:13: duplicate user A@B.co (first at line 3)',
      'c.yaml:4:27: role must be one of: owner, reader (got "boss")',
    ]);
  });
});
