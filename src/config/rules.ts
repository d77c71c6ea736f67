// Semantic rules the schema cannot express. They run on the plain data even when the schema
// found problems, so one run reports everything: every rule reads defensively and skips what is
// malformed (the schema already reported it).

import type { Finding, Path, PathPart } from './locate.js';
import { didYouMean, quote } from './messages.js';
import { formsOf, lookAlike, lookAlikeKeys, type NameForms } from '../util/lookalike.js';
import { accessRules } from './access-rules.js';
import { ARCHIVED_PROJECT_KEYS } from './written.js';

export interface RuleContext {
  report(path: Path, message: string, part?: PathPart): void;
  /** The line `path` is on, for "first at line N". */
  lineOf(path: Path): number;
}

export interface Rule {
  name: string;
  check(config: unknown, ctx: RuleContext): void;
}

type Rec = { readonly [key: string]: unknown };

const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const field = (v: unknown, key: string): unknown => (isRec(v) ? v[key] : undefined);
const items = (v: unknown): readonly unknown[] => (Array.isArray(v) ? v : []);
const entries = (v: unknown): Array<[string, unknown]> => (isRec(v) ? Object.entries(v) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const lower = (s: string): string => s.toLowerCase();

/** Why `name` cannot name an object, or undefined. Names are not URL path segments (ids are). */
export function nameProblem(name: string, what: string): string | undefined {
  if (name === '') return `${what} must not be empty`;
  if (name.trim() === '') return `${what} ${quote(name)} must not be blank`;
  const control = /\p{Cc}/u.exec(name);
  if (control) {
    const code = (control[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `${what} ${quote(name)} contains a control character (U+${code})`;
  }
  // Zero-width and direction marks: `Research\u200b` would be a second project that looks the same.
  const invisible = /\p{Cf}/u.exec(name);
  if (invisible) {
    const code = (invisible[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    return `${what} ${quote(name)} contains an invisible formatting character (U+${code})`;
  }
  if (name === '.' || name === '..') return `${what} must not be ${quote(name)}`;
  return undefined;
}

/** Reports each item whose `key` repeats an earlier one (after `canon`), at the repeat. */
function reportDuplicates(
  ctx: RuleContext,
  list: unknown,
  listPath: Path,
  key: string,
  canon: (v: string) => string,
  what: string,
  show: (v: string) => string = (v) => v,
): void {
  const first = new Map<string, number>();
  items(list).forEach((item, i) => {
    const raw = field(item, key);
    if (typeof raw !== 'string' && typeof raw !== 'number') return;
    const k = canon(String(raw));
    const seen = first.get(k);
    if (seen === undefined) first.set(k, i);
    else ctx.report([...listPath, i, key], `duplicate ${what} ${show(String(raw))} (first at line ${ctx.lineOf([...listPath, seen, key])})`);
  });
}

const projectsOf = (config: unknown): Array<[string, unknown]> => entries(field(config, 'projects'));

const validNames: Rule = {
  name: 'valid-names',
  check(config, ctx) {
    for (const [name, project] of projectsOf(config)) {
      const problem = nameProblem(name, 'project name');
      if (problem) ctx.report(['projects', name], problem, 'key');
      for (const [model] of entries(field(project, 'rate_limits'))) {
        const p = nameProblem(model, 'model name');
        if (p) ctx.report(['projects', name, 'rate_limits', model], p, 'key');
      }
      items(field(project, 'service_accounts')).forEach((account, i) => {
        const accountName = text(field(account, 'name'));
        const p = accountName ? nameProblem(accountName, 'service account name') : undefined;
        if (p) ctx.report(['projects', name, 'service_accounts', i, 'name'], p);
      });
      items(field(field(project, 'model_permissions'), 'model_ids')).forEach((id, i) => {
        const p = typeof id === 'string' && id !== '' ? nameProblem(id, 'model id') : undefined;
        if (p) ctx.report(['projects', name, 'model_permissions', 'model_ids', i], p);
      });
    }
    items(field(field(config, 'protect'), 'projects')).forEach((name, i) => {
      const p = typeof name === 'string' && name !== '' ? nameProblem(name, 'project name') : undefined;
      if (p) ctx.report(['protect', 'projects', i], p);
    });
  },
};

/** Two project names a person would take for one: a project can never be deleted, only archived. */
const lookAlikeProjects: Rule = {
  name: 'look-alike-projects',
  check(config, ctx) {
    const names = projectsOf(config).map(([name]) => name);
    const forms = names.map(formsOf);
    // Each form indexed by the first name that has it: one pass, however many projects.
    const first = new Map<string, number>();
    names.forEach((name, i) => {
      const own = forms[i] as NameForms;
      const keys = lookAlikeKeys(own);
      const j = keys.map((k) => first.get(k)).find((index) => index !== undefined);
      for (const k of keys) if (!first.has(k)) first.set(k, i);
      if (j === undefined) return;
      const earlier = names[j] as string;
      const why = lookAlike(forms[j] as NameForms, own) ?? 'they look alike';
      const line = ctx.lineOf(['projects', earlier]);
      ctx.report(['projects', name], `project ${spelled(name)} looks like project ${spelled(earlier)} (line ${line}): ${why}; use one name`, 'key');
    });
  },
};

/** Quoted, and spelled out in code points where it is not plain ASCII: look-alikes print alike. */
function spelled(name: string): string {
  if (/^[\x20-\x7e]*$/.test(name)) return quote(name);
  const escaped = [...name].map((c) => (/[\x20-\x7e]/.test(c) ? c : `\\u{${(c.codePointAt(0) ?? 0).toString(16).toUpperCase()}}`)).join('');
  return `${quote(name)} (${escaped})`;
}

interface RenameEntry {
  name: string;
  from: unknown;
  path: Path;
}

/** renamed_from is explicit, once per old name, never the name itself and never a listed name. */
function checkRenames(ctx: RuleContext, entries: RenameEntry[], what: string, listedAs: string): void {
  const names = new Set(entries.map((e) => e.name));
  const renamedBy = new Map<string, string>();
  for (const { name, from: raw, path } of entries) {
    const from = text(raw);
    if (from === undefined || from === '') continue;
    const problem = nameProblem(from, 'renamed_from');
    const other = renamedBy.get(from);
    if (problem) ctx.report(path, problem);
    else if (from === name) ctx.report(path, `${what} ${quote(name)} cannot be renamed from itself`);
    else if (names.has(from)) ctx.report(path, `renamed_from ${quote(from)} is also ${listedAs}: a rename needs the old name gone`);
    else if (other !== undefined) ctx.report(path, `${what} ${quote(from)} is renamed twice: by ${quote(other)} and by ${quote(name)}`);
    if (!renamedBy.has(from)) renamedBy.set(from, name);
  }
}

const renames: Rule = {
  name: 'renames',
  check(config, ctx) {
    const projects = projectsOf(config).map(([name, project]) => ({
      name,
      from: field(project, 'renamed_from'),
      path: ['projects', name, 'renamed_from'],
    }));
    checkRenames(ctx, projects, 'project', 'a project in this file');
    for (const [project, settings] of projectsOf(config)) {
      const accounts = items(field(settings, 'service_accounts')).map((account, i) => ({
        name: text(field(account, 'name')) ?? '',
        from: field(account, 'renamed_from'),
        path: ['projects', project, 'service_accounts', i, 'renamed_from'],
      }));
      checkRenames(ctx, accounts, 'service account', `a service account of project ${quote(project)}`);
    }
  },
};

const archivedSettings: Rule = {
  name: 'archived-settings',
  check(config, ctx) {
    for (const [name, project] of projectsOf(config)) {
      if (field(project, 'archived') !== true) continue;
      for (const [key] of entries(project)) {
        if (ARCHIVED_PROJECT_KEYS.has(key)) continue;
        ctx.report(
          ['projects', name, key],
          `project ${quote(name)} is archived: \`${key}\` cannot be set (the API cannot change an archived project)`,
          'key',
        );
      }
    }
    const projects = field(config, 'projects');
    items(field(field(config, 'protect'), 'projects')).forEach((name, i) => {
      if (typeof name === 'string' && field(field(projects, name), 'archived') === true) {
        ctx.report(['protect', 'projects', i], `project ${quote(name)} is protected but archived: true archives it; pick one`);
      }
    });
  },
};

const uniqueEntries: Rule = {
  name: 'unique-entries',
  check(config, ctx) {
    reportDuplicates(ctx, field(config, 'users'), ['users'], 'email', lower, 'user');
    reportDuplicates(ctx, field(config, 'invites'), ['invites'], 'email', lower, 'invite for');
    const orgAlerts = field(field(config, 'organization'), 'spend_alerts');
    reportDuplicates(ctx, orgAlerts, ['organization', 'spend_alerts'], 'threshold_amount', String, 'spend alert threshold_amount');
    for (const [name, project] of projectsOf(config)) {
      const at = (key: string): Path => ['projects', name, key];
      reportDuplicates(ctx, field(project, 'spend_alerts'), at('spend_alerts'), 'threshold_amount', String, 'spend alert threshold_amount');
      reportDuplicates(ctx, field(project, 'members'), at('members'), 'email', lower, 'member');
      reportDuplicates(ctx, field(project, 'service_accounts'), at('service_accounts'), 'name', String, 'service account', quote);
    }
  },
};

/** An invitee who is also under `users:` is wanted with one role. */
const userInviteRoles: Rule = {
  name: 'user-invite-roles',
  check(config, ctx) {
    const roles = new Map<string, string | undefined>();
    for (const user of items(field(config, 'users'))) {
      const email = text(field(user, 'email'));
      if (email !== undefined && !roles.has(lower(email))) roles.set(lower(email), text(field(user, 'role')));
    }
    items(field(config, 'invites')).forEach((invite, i) => {
      const email = text(field(invite, 'email'));
      const role = text(field(invite, 'role'));
      const userRole = email === undefined ? undefined : roles.get(lower(email));
      if (email !== undefined && role !== undefined && userRole !== undefined && role !== userRole) {
        ctx.report(['invites', i, 'role'], `${email} is invited as ${role} but listed under users: as ${userRole}: use one role`);
      }
    });
  },
};

const inviteProjects: Rule = {
  name: 'invite-projects',
  check(config, ctx) {
    const projects = field(config, 'projects');
    const names = projectsOf(config).map(([name]) => name);
    items(field(config, 'invites')).forEach((invite, i) => {
      const seen = new Map<string, number>();
      items(field(invite, 'projects')).forEach((entry, j) => {
        const name = text(field(entry, 'project'));
        if (name === undefined || name === '') return;
        const path = ['invites', i, 'projects', j, 'project'];
        const first = seen.get(name);
        if (first !== undefined) {
          const line = ctx.lineOf(['invites', i, 'projects', first, 'project']);
          ctx.report(path, `project ${quote(name)} is listed twice in this invite (first at line ${line})`);
        } else if (!names.includes(name)) {
          ctx.report(path, `project ${quote(name)} is not under \`projects:\` in this file${didYouMean(name, names)}`);
        } else if (field(field(projects, name), 'archived') === true) {
          ctx.report(path, `project ${quote(name)} is archived: an invite cannot add anyone to it`);
        }
        if (first === undefined) seen.set(name, j);
      });
    });
  },
};

/** An invitee who is also listed as a member of a project must get one role there. */
const memberInviteRoles: Rule = {
  name: 'member-invite-roles',
  check(config, ctx) {
    const memberRoles = new Map<string, string>(); // `${project}\n${email}` → role
    for (const [name, project] of projectsOf(config)) {
      for (const member of items(field(project, 'members'))) {
        const email = text(field(member, 'email'));
        const role = text(field(member, 'role'));
        if (email !== undefined && role !== undefined) memberRoles.set(`${name}\n${lower(email)}`, role);
      }
    }
    items(field(config, 'invites')).forEach((invite, i) => {
      const email = text(field(invite, 'email'));
      if (email === undefined) return;
      items(field(invite, 'projects')).forEach((entry, j) => {
        const name = text(field(entry, 'project'));
        const role = text(field(entry, 'role'));
        const memberRole = name === undefined ? undefined : memberRoles.get(`${name}\n${lower(email)}`);
        if (role === undefined || memberRole === undefined || memberRole === role) return;
        ctx.report(
          ['invites', i, 'projects', j, 'role'],
          `${email} is a member of project ${quote(name ?? '')} as ${memberRole} but is invited to it as ${role}: use one role`,
        );
      });
    });
  },
};

export const RULES: readonly Rule[] = [
  validNames,
  lookAlikeProjects,
  renames,
  archivedSettings,
  uniqueEntries,
  userInviteRoles,
  inviteProjects,
  memberInviteRoles,
  accessRules,
];

export function checkRules(config: unknown, lineOf: (path: Path) => number): Finding[] {
  const findings: Finding[] = [];
  const ctx: RuleContext = {
    report: (path, message, part = 'value') => findings.push({ path, part, message }),
    lineOf,
  };
  for (const rule of RULES) rule.check(config, ctx);
  return findings;
}
