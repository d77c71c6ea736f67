// /organization/users. Users join through invites; there is no create. Service accounts are
// listed too (`is_service_account: true`, email null) but are managed under their project.
import { recordEvent } from '../audit.js';
import { ORG_ROLES } from '../../api/enums.js';
import { badRequest } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { EmulatorState, UserRecord } from '../types.js';
import { forgetUser } from './access-lookup.js';
import { deleted, param, route, type ApiObject, type ApiRoute, type RouteContext } from './context.js';
import { ownerCount, refuseServiceAccount, requireUser } from './lookup.js';

type Memberships = Map<string, { id: string; name: string; role: string }[]>;

/** user id → the active projects they are a member of: built once per request, not per user. */
function indexMemberships(state: EmulatorState): Memberships {
  const index: Memberships = new Map();
  for (const p of state.projects) {
    if (p.status !== 'active') continue;
    for (const m of p.members) {
      const list = index.get(m.user_id) ?? [];
      list.push({ id: p.id, name: p.name, role: m.role });
      index.set(m.user_id, list);
    }
  }
  return index;
}

export function renderUser(state: EmulatorState, user: UserRecord, memberships = indexMemberships(state)): ApiObject {
  const projects = memberships.get(user.id) ?? [];
  return {
    id: user.id,
    object: 'organization.user',
    name: user.name,
    email: user.email,
    role: user.role,
    added_at: user.added_at,
    created: user.added_at,
    is_scim_managed: user.is_scim_managed,
    is_service_account: false,
    api_key_last_used_at: null,
    developer_persona: user.developer_persona,
    technical_level: user.technical_level,
    projects: { object: 'list', data: projects },
    user: {
      id: user.id,
      object: 'user',
      email: user.email,
      name: user.name,
      enabled: true,
      banned: false,
      banned_at: null,
      picture: null,
    },
  };
}

function serviceAccountUsers(state: EmulatorState): ApiObject[] {
  return state.projects.flatMap((p) =>
    p.service_accounts.map((a) => ({
      id: a.id,
      object: 'organization.user',
      name: a.name,
      email: null,
      role: 'reader',
      added_at: a.created_at,
      created: a.created_at,
      is_scim_managed: false,
      is_service_account: true,
      projects: { object: 'list', data: [{ id: p.id, name: p.name, role: a.role }] },
    })),
  );
}

// Pages are cut from the bare list first and only the page is rendered: a large org lists in
// time linear in its size, not in users × projects.
function listUsers(ctx: RouteContext): unknown {
  const emails = new Set(ctx.query.list('emails').map((e) => e.toLowerCase()));
  const users = ctx.state.users.filter((u) => emails.size === 0 || emails.has(u.email.toLowerCase()));
  // Service accounts have no email, so an emails[] filter never matches them.
  const accounts = emails.size === 0 ? serviceAccountUsers(ctx.state) : [];
  const entries: { id: string; user?: UserRecord; account?: ApiObject }[] = [
    ...users.map((user) => ({ id: user.id, user })),
    ...accounts.map((account) => ({ id: account.id, account })),
  ];
  const page = paginate(entries, readPageRequest(ctx.query));
  const memberships = indexMemberships(ctx.state);
  return {
    ...page,
    data: page.data.map((e) => (e.user ? renderUser(ctx.state, e.user, memberships) : (e.account as ApiObject))),
  };
}

function retrieveUser(ctx: RouteContext): unknown {
  const id = param(ctx, 'user_id');
  const account = serviceAccountUsers(ctx.state).find((u) => u.id === id);
  return account ?? renderUser(ctx.state, requireUser(ctx.state, id));
}

function modifyUser(ctx: RouteContext): unknown {
  const id = param(ctx, 'user_id');
  refuseServiceAccount(ctx.state, id, 'user_id');
  const user = requireUser(ctx.state, id);
  const body = new Fields(ctx.body, ['role', 'role_id', 'developer_persona', 'technical_level']);
  const role = body.optionalOneOf('role', ORG_ROLES);
  if (body.optionalString('role_id')) {
    throw badRequest(
      'Setting `role_id` on a user is not emulated; use `role`, or /organization/users/{user_id}/roles.',
      'role_id',
    );
  }
  const changes: Record<string, unknown> = {};
  if (role && role !== user.role) {
    if (user.role === 'owner' && ownerCount(ctx.state) === 1) {
      throw badRequest('The organization must keep at least one owner.', 'role');
    }
    user.role = role;
  }
  if (role) changes['role'] = role;
  for (const key of ['developer_persona', 'technical_level'] as const) {
    const value = body.optionalString(key);
    if (value === undefined) continue;
    user[key] = value;
    changes[key] = value;
  }
  recordEvent(ctx.state, ctx.actor, ctx.now, { type: 'user.updated', payload: { id, changes_requested: changes } });
  return renderUser(ctx.state, user);
}

/** Removes the user everywhere: org, project memberships, groups, role assignments, keys. */
function deleteUser(ctx: RouteContext): unknown {
  const id = param(ctx, 'user_id');
  refuseServiceAccount(ctx.state, id, 'user_id');
  const user = requireUser(ctx.state, id);
  if (user.is_scim_managed) {
    throw badRequest(`User '${id}' is managed by SCIM; remove them in your identity provider.`, 'user_id');
  }
  if (user.role === 'owner' && ownerCount(ctx.state) === 1) {
    throw badRequest('The organization must keep at least one owner.', 'user_id');
  }
  const { state } = ctx;
  state.users = state.users.filter((u) => u !== user);
  state.admin_keys = state.admin_keys.filter((k) => k.owner_id !== id);
  for (const project of state.projects) {
    project.members = project.members.filter((m) => m.user_id !== id);
    project.api_keys = project.api_keys.filter((k) => !(k.owner.type === 'user' && k.owner.user_id === id));
  }
  forgetUser(state, id);
  recordEvent(state, ctx.actor, ctx.now, { type: 'user.deleted', payload: { id } });
  return deleted('organization.user.deleted', id);
}

export const userRoutes: ApiRoute[] = [
  route('GET', '/organization/users', listUsers),
  route('GET', '/organization/users/{user_id}', retrieveUser),
  route('POST', '/organization/users/{user_id}', modifyUser),
  route('DELETE', '/organization/users/{user_id}', deleteUser),
];
