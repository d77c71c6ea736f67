// /organization/groups and /organization/groups/{group_id}/users (NextCursorPage lists).
// Group events are in the SDK's audit types; membership changes have none, so none is recorded.
import type { GroupShape, GroupUpdatedShape, GroupUserDetailShape, GroupUserShape } from '../access-shapes.js';
import { recordEvent } from '../audit.js';
import { badRequest, notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { newId } from '../ids.js';
import { paginateNext, readNextPageRequest } from '../next-cursor.js';
import type { GroupRecord, UserRecord } from '../types.js';
import { dropAssignments, requireGroup, requireWritableGroup } from './access-lookup.js';
import { deleted, param, route, type ApiRoute, type RouteContext } from './context.js';
import { findUser, refuseServiceAccount } from './lookup.js';

export function renderGroup(group: GroupRecord): GroupShape {
  return {
    id: group.id,
    name: group.name,
    created_at: group.created_at,
    group_type: group.group_type,
    is_scim_managed: group.is_scim_managed,
  };
}

function createGroup(ctx: RouteContext): unknown {
  const name = new Fields(ctx.body, ['name']).string('name');
  const group: GroupRecord = {
    id: newId('group'),
    name,
    created_at: ctx.now,
    group_type: 'group',
    is_scim_managed: false,
    user_ids: [],
  };
  ctx.state.groups.push(group);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'group.created',
    payload: { id: group.id, data: { group_name: name } },
  });
  return renderGroup(group);
}

function renameGroup(ctx: RouteContext): GroupUpdatedShape {
  const group = requireWritableGroup(ctx.state, param(ctx, 'group_id'));
  group.name = new Fields(ctx.body, ['name']).string('name');
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'group.updated',
    payload: { id: group.id, changes_requested: { group_name: group.name } },
  });
  return { id: group.id, name: group.name, created_at: group.created_at, is_scim_managed: group.is_scim_managed };
}

/** The group leaves every project and loses its role assignments with it. */
function deleteGroup(ctx: RouteContext): unknown {
  const group = requireWritableGroup(ctx.state, param(ctx, 'group_id'));
  const { state } = ctx;
  state.groups = state.groups.filter((g) => g !== group);
  state.project_groups = state.project_groups.filter((pg) => pg.group_id !== group.id);
  dropAssignments(state, (a) => a.principal_type === 'group' && a.principal_id === group.id);
  recordEvent(state, ctx.actor, ctx.now, { type: 'group.deleted', payload: { id: group.id } });
  return deleted('group.deleted', group.id);
}

function renderMember(user: UserRecord): GroupUserShape {
  return { id: user.id, name: user.name, email: user.email };
}

function requireMember(ctx: RouteContext, group: GroupRecord): UserRecord {
  const userId = param(ctx, 'user_id');
  const user = group.user_ids.includes(userId) ? findUser(ctx.state, userId) : undefined;
  if (!user) throw notFound(`No such user: '${userId}' in group '${group.id}'.`);
  return user;
}

function addMember(ctx: RouteContext): unknown {
  const group = requireWritableGroup(ctx.state, param(ctx, 'group_id'));
  const userId = new Fields(ctx.body, ['user_id']).string('user_id');
  refuseServiceAccount(ctx.state, userId, 'user_id');
  if (!findUser(ctx.state, userId)) throw badRequest(`User '${userId}' is not a member of this organization.`, 'user_id');
  if (group.user_ids.includes(userId)) throw badRequest(`User '${userId}' is already in group '${group.id}'.`, 'user_id');
  group.user_ids.push(userId);
  return { object: 'group.user', group_id: group.id, user_id: userId };
}

function removeMember(ctx: RouteContext): unknown {
  const group = requireWritableGroup(ctx.state, param(ctx, 'group_id'));
  const user = requireMember(ctx, group);
  group.user_ids = group.user_ids.filter((id) => id !== user.id);
  return deleted('group.user.deleted');
}

function retrieveMember(ctx: RouteContext): GroupUserDetailShape {
  const user = requireMember(ctx, requireGroup(ctx.state, param(ctx, 'group_id')));
  return { ...renderMember(user), picture: null, is_service_account: false, user_type: 'user' };
}

function listMembers(ctx: RouteContext): unknown {
  const group = requireGroup(ctx.state, param(ctx, 'group_id'));
  const members = group.user_ids.flatMap((id) => findUser(ctx.state, id) ?? []).map(renderMember);
  return paginateNext(members, (m) => m.id, readNextPageRequest(ctx.query));
}

const GROUPS = '/organization/groups';
const GROUP = `${GROUPS}/{group_id}`;

export const groupRoutes: ApiRoute[] = [
  route('GET', GROUPS, (ctx) =>
    paginateNext(ctx.state.groups.map(renderGroup), (g) => g.id, readNextPageRequest(ctx.query)),
  ),
  route('POST', GROUPS, createGroup),
  route('GET', GROUP, (ctx) => renderGroup(requireGroup(ctx.state, param(ctx, 'group_id')))),
  route('POST', GROUP, renameGroup),
  route('DELETE', GROUP, deleteGroup),
  route('GET', `${GROUP}/users`, listMembers),
  route('POST', `${GROUP}/users`, addMember),
  route('GET', `${GROUP}/users/{user_id}`, retrieveMember),
  route('DELETE', `${GROUP}/users/{user_id}`, removeMember),
];
