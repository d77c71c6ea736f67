// /organization/projects/{project_id}/users. The user must already belong to the organization.
// A project's service accounts are listed here too (email null), but are managed elsewhere.
import { recordEvent } from '../audit.js';
import { PROJECT_ROLES } from '../../api/enums.js';
import { badRequest, notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { EmulatorState, MemberRecord, ProjectRecord, UserRecord } from '../types.js';
import { deleted, param, route, type ApiObject, type ApiRoute, type RouteContext } from './context.js';
import {
  findUser,
  findUserByEmail,
  refuseServiceAccount,
  requireActiveProject,
  requireProject,
} from './lookup.js';

export function renderMember(state: EmulatorState, member: MemberRecord): ApiObject {
  const user = findUser(state, member.user_id);
  return {
    id: member.user_id,
    object: 'organization.project.user',
    name: user?.name ?? null,
    email: user?.email ?? null,
    role: member.role,
    added_at: member.added_at,
  };
}

function projectUsers(state: EmulatorState, project: ProjectRecord): ApiObject[] {
  const accounts = project.service_accounts.map((a) => ({
    id: a.id,
    object: 'organization.project.user',
    name: a.name,
    email: null,
    role: a.role,
    added_at: a.created_at,
  }));
  return [...project.members.map((m) => renderMember(state, m)), ...accounts];
}

function requireMember(project: ProjectRecord, userId: string): MemberRecord {
  const member = project.members.find((m) => m.user_id === userId);
  if (!member) throw notFound(`No such user: '${userId}' in project '${project.id}'.`);
  return member;
}

function resolveOrgUser(ctx: RouteContext, body: Fields): UserRecord {
  const userId = body.optionalString('user_id');
  const email = body.optionalString('email');
  if (userId) {
    refuseServiceAccount(ctx.state, userId, 'user_id');
    const user = findUser(ctx.state, userId);
    if (!user) throw badRequest(`User '${userId}' is not a member of this organization.`, 'user_id');
    if (email && user.email.toLowerCase() !== email.toLowerCase()) {
      throw badRequest(`'user_id' and 'email' name different users.`, 'email');
    }
    return user;
  }
  if (email) {
    const user = findUserByEmail(ctx.state, email);
    if (!user) {
      throw badRequest(`No user with email '${email}' in this organization; invite them first.`, 'email');
    }
    return user;
  }
  throw badRequest("Missing required parameter: one of 'user_id' or 'email'.", 'user_id');
}

function addUser(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, ['role', 'user_id', 'email']);
  const role = body.oneOf('role', PROJECT_ROLES);
  const user = resolveOrgUser(ctx, body);
  if (project.members.some((m) => m.user_id === user.id)) {
    throw badRequest(`User '${user.id}' is already a member of project '${project.id}'.`, 'user_id');
  }
  const member: MemberRecord = { user_id: user.id, role, added_at: ctx.now };
  project.members.push(member);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'user.added',
    project,
    payload: { id: user.id, data: { role } },
  });
  return renderMember(ctx.state, member);
}

function modifyUser(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const userId = param(ctx, 'user_id');
  refuseServiceAccount(ctx.state, userId, 'user_id');
  const member = requireMember(project, userId);
  const role = new Fields(ctx.body, ['role']).optionalOneOf('role', PROJECT_ROLES);
  if (role) member.role = role;
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'user.updated',
    project,
    payload: { id: userId, changes_requested: { role: role ?? member.role } },
  });
  return renderMember(ctx.state, member);
}

function removeUser(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const userId = param(ctx, 'user_id');
  refuseServiceAccount(ctx.state, userId, 'user_id');
  const member = requireMember(project, userId);
  project.members = project.members.filter((m) => m !== member);
  recordEvent(ctx.state, ctx.actor, ctx.now, { type: 'user.deleted', project, payload: { id: userId } });
  return deleted('organization.project.user.deleted', userId);
}

function retrieveUser(ctx: RouteContext): unknown {
  const project = requireProject(ctx.state, param(ctx, 'project_id'));
  const userId = param(ctx, 'user_id');
  const found = projectUsers(ctx.state, project).find((u) => u.id === userId);
  if (!found) throw notFound(`No such user: '${userId}' in project '${project.id}'.`);
  return found;
}

const USERS = '/organization/projects/{project_id}/users';

export const projectUserRoutes: ApiRoute[] = [
  route('GET', USERS, (ctx) => {
    const project = requireProject(ctx.state, param(ctx, 'project_id'));
    return paginate(projectUsers(ctx.state, project), readPageRequest(ctx.query));
  }),
  route('POST', USERS, addUser),
  route('GET', `${USERS}/{user_id}`, retrieveUser),
  route('POST', `${USERS}/{user_id}`, modifyUser),
  route('DELETE', `${USERS}/{user_id}`, removeUser),
];
