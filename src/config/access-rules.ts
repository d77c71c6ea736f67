// Semantic rules for groups, custom roles, role assignments and project groups (issue 14). Like
// rules.ts, each reads defensively: the schema has already reported what is malformed.

import { PREDEFINED_ORG_ROLES, PREDEFINED_PROJECT_ROLES } from '../api/enums.js';
import type { Path } from './locate.js';
import { didYouMean, quote } from './messages.js';
import type { Rule, RuleContext } from './rules.js';
import { nameProblem } from './rules.js';

type Rec = { readonly [key: string]: unknown };
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (v: unknown, key: string): unknown => (isRec(v) ? v[key] : undefined);
const items = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const entries = (v: unknown): Array<[string, unknown]> => (isRec(v) ? Object.entries(v) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);


/** Names of the entries of `list` at `key`, reporting repeats and bad names; undefined when absent. */
function namesOf(ctx: RuleContext, list: unknown, at: Path, key: string, what: string): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  const first = new Map<string, number>();
  items(list).forEach((item, i) => {
    const name = text(field(item, key));
    if (name === undefined) return;
    const problem = nameProblem(name, `${what} name`);
    if (problem) ctx.report([...at, i, key], problem);
    const seen = first.get(name);
    if (seen !== undefined) ctx.report([...at, i, key], `duplicate ${what} ${quote(name)} (first at line ${ctx.lineOf([...at, seen, key])})`);
    else first.set(name, i);
  });
  return [...first.keys()];
}

function checkRoles(ctx: RuleContext, list: unknown, at: Path, predefined: readonly string[]): string[] | undefined {
  const names = namesOf(ctx, list, at, 'name', 'role');
  items(list).forEach((role, i) => {
    const name = text(field(role, 'name'));
    if (name !== undefined && predefined.includes(name)) {
      ctx.report([...at, i, 'name'], `${quote(name)} is a predefined role: it cannot be written, only assigned by name`);
    }
  });
  return names;
}

/** A role named under role_assignments: predefined, or (when the roles are listed) one of them. */
function checkAssignments(
  ctx: RuleContext,
  assignments: unknown,
  at: Path,
  scope: { roles?: string[]; predefined: readonly string[]; groups?: string[]; where: string },
): void {
  for (const [role, who] of entries(assignments)) {
    if (scope.roles !== undefined && !scope.predefined.includes(role) && !scope.roles.includes(role)) {
      const known = [...scope.predefined, ...scope.roles];
      ctx.report([...at, role], `role ${quote(role)} is neither predefined nor under ${scope.where}${didYouMean(role, known)}`, 'key');
    }
    if (scope.groups === undefined) continue;
    items(field(who, 'groups')).forEach((group, i) => {
      const name = text(group);
      if (name !== undefined && !scope.groups?.includes(name)) {
        ctx.report([...at, role, 'groups', i], `group ${quote(name)} is not under \`groups:\`${didYouMean(name, scope.groups ?? [])}`);
      }
    });
  }
}

export const accessRules: Rule = {
  name: 'access',
  check(config, ctx) {
    const groupList = field(config, 'groups');
    const groups = namesOf(ctx, groupList, ['groups'], 'name', 'group');
    const roles = checkRoles(ctx, field(config, 'roles'), ['roles'], PREDEFINED_ORG_ROLES);
    checkAssignments(ctx, field(config, 'role_assignments'), ['role_assignments'], {
      ...(roles && { roles }),
      ...(groups && { groups }),
      predefined: PREDEFINED_ORG_ROLES,
      where: '`roles:`',
    });
    for (const [name, project] of entries(field(config, 'projects'))) {
      const at = (...rest: Array<string | number>): Path => ['projects', name, ...rest];
      const projectRoles = checkRoles(ctx, field(project, 'roles'), at('roles'), PREDEFINED_PROJECT_ROLES);
      const access = namesOf(ctx, field(project, 'groups'), at('groups'), 'group', 'project group');
      items(field(project, 'groups')).forEach((entry, i) => {
        const group = text(field(entry, 'group'));
        const role = text(field(entry, 'role'));
        if (group !== undefined && groups !== undefined && !groups.includes(group)) {
          ctx.report(at('groups', i, 'group'), `group ${quote(group)} is not under \`groups:\`${didYouMean(group, groups)}`);
        }
        const known = [...PREDEFINED_PROJECT_ROLES, ...(projectRoles ?? [])];
        if (role !== undefined && projectRoles !== undefined && !known.includes(role)) {
          ctx.report(at('groups', i, 'role'), `role ${quote(role)} is neither predefined nor under this project's \`roles:\`${didYouMean(role, known)}`);
        }
      });
      checkAssignments(ctx, field(project, 'role_assignments'), at('role_assignments'), {
        ...(projectRoles && { roles: projectRoles }),
        ...(access && { groups: access }),
        predefined: PREDEFINED_PROJECT_ROLES,
        where: "this project's `roles:`",
      });
    }
  },
};
