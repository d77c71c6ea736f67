// --changed-since: which units differ between two versions of a file, in effective config.

import { describe, expect, it } from 'vitest';
import type { DesiredOrg } from '../../../src/config/model.js';
import { configOf } from '../config/helpers.js';
import { changedSelectors } from '../../../src/scope/changed.js';
import { formatSelector } from '../../../src/scope/selectors.js';

const BASE = `version: 1
organization:
  data_retention: zero_data_retention
users:
  - { email: owner@example.com, role: owner }
invites:
  - { email: new@example.com, role: reader }
templates:
  standard:
    spend_limit: { threshold_amount: 1000 }
projects:
  Research:
    extends: [standard]
    members: [{ email: owner@example.com, role: owner }]
  Data Platform:
    extends: [standard]
    data_retention: none
  Sandbox:
    data_retention: none
`;

const load = (text: string): DesiredOrg => configOf(text, 'org.yaml');

const changed = (after: string, before = BASE) => changedSelectors(load(before), load(after)).map(formatSelector);

describe('changed since', () => {
  it('nothing, when the file is the same or only moved around', () => {
    expect(changed(BASE)).toEqual([]);
    const reordered = BASE.replace(
      '  Sandbox:\n    data_retention: none\n',
      '',
    ).replace('projects:\n', 'projects:\n  Sandbox:\n    data_retention: none\n');
    expect(reordered).not.toBe(BASE);
    expect(changed(`# a comment\n${reordered}`)).toEqual([]);
  });

  it('a project part that differs, and only that part', () => {
    expect(changed(BASE.replace('    data_retention: none\n  Sandbox', '    data_retention: organization_default\n  Sandbox'))).toEqual([
      'project:Data Platform/data_retention',
    ]);
  });

  it('a template change targets every project that extends it', () => {
    expect(changed(BASE.replace('threshold_amount: 1000', 'threshold_amount: 2000'))).toEqual([
      'project:Data Platform/spend_limit',
      'project:Research/spend_limit',
    ]);
  });

  it('a new project, a rename or an archive targets the whole project; a removed one nothing', () => {
    expect(changed(`${BASE}  New:\n    data_retention: none\n`)).toEqual(['project:New']);
    expect(changed(BASE.replace('  Sandbox:\n    data_retention: none\n', '  Sandbox:\n    archived: true\n'))).toEqual(['project:Sandbox']);
    expect(changed(BASE.replace('  Sandbox:\n    data_retention: none\n', ''))).toEqual([]);
  });

  it('an org-level change targets organization; invites target users too (users: counts the invited as wanted)', () => {
    expect(changed(BASE.replace('data_retention: zero_data_retention', 'data_retention: modified_abuse_monitoring'))).toEqual(['organization']);
    expect(changed(BASE.replace('role: reader }', 'role: owner }'))).toEqual(['users', 'invites']);
    expect(changed(BASE.replace('{ email: owner@example.com, role: owner }\ninvites', '{ email: owner@example.com, role: owner }\n  - { email: b@example.com, role: reader }\ninvites'))).toEqual(['users']);
  });
});
