// /organization/projects/{project_id}/groups (NextCursorPage): a group's access to a project.
// Adding one grants the project role named by `role`; removing it drops every project role the
// group holds there. A ProjectGroup has no `id`: the list is keyed by group id.
import type { ProjectGroupShape } from '../access-shapes.js';
import { badRequest, notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { paginateNext, readNextPageRequest } from '../next-cursor.js';
import { findRole } from '../roles-catalog.js';
import type { EmulatorState, ProjectGroupRecord, ProjectRecord, RoleAssignmentRecord } from '../types.js';
import { dropAssignments, requireGroup } from './access-lookup.js';
import { deleted, param, route, type ApiRoute, type RouteContext } from './context.js';
import { requireActiveProject, requireProject } from './lookup.js';
import { recordAssignment } from './role-assignments.js';

function render(state: EmulatorState, grant: ProjectGroupRecord): ProjectGroupShape {
  const group = requireGroup(state, grant.group_id);
  return {
    object: 'project.group',
    project_id: grant.project_id,
    group_id: group.id,
    group_name: group.name,
    group_type: group.group_type,
    created_at: grant.created_at,
  };
}

function grantsOf(state: EmulatorState, project: ProjectRecord): ProjectGroupRecord[] {
  return state.project_groups.filter((pg) => pg.project_id === project.id);
}

function requireGrant(ctx: RouteContext, project: ProjectRecord): ProjectGroupRecord {
  const groupId = param(ctx, 'group_id');
  const grant = grantsOf(ctx.state, project).find((pg) => pg.group_id === groupId);
  if (!grant) throw notFound(`No such group: '${groupId}' in project '${project.id}'.`);
  return grant;
}

function addGroup(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const body = new Fields(ctx.body, ['group_id', 'role']);
  const groupId = body.string('group_id');
  const roleId = body.string('role');
  const group = ctx.state.groups.find((g) => g.id === groupId);
  if (!group) throw badRequest(`No such group: '${groupId}'.`, 'group_id');
  const role = findRole(ctx.state, { type: 'project', project }, roleId);
  if (!role) throw badRequest(`No project role '${roleId}' in project '${project.id}'.`, 'role');
  if (grantsOf(ctx.state, project).some((pg) => pg.group_id === groupId)) {
    throw badRequest(`Group '${groupId}' already has access to project '${project.id}'.`, 'group_id');
  }
  const grant: ProjectGroupRecord = { project_id: project.id, group_id: groupId, created_at: ctx.now };
  const assignment: RoleAssignmentRecord = {
    principal_type: 'group',
    principal_id: groupId,
    role_id: role.id,
    resource_type: 'api.project',
    resource_id: project.id,
    created_at: ctx.now,
  };
  ctx.state.project_groups.push(grant);
  ctx.state.role_assignments.push(assignment);
  recordAssignment(ctx, assignment, 'created');
  return render(ctx.state, grant);
}

function removeGroup(ctx: RouteContext): unknown {
  const project = requireActiveProject(ctx.state, param(ctx, 'project_id'));
  const grant = requireGrant(ctx, project);
  ctx.state.project_groups = ctx.state.project_groups.filter((pg) => pg !== grant);
  const dropped = dropAssignments(
    ctx.state,
    (a) => a.principal_type === 'group' && a.principal_id === grant.group_id && a.resource_id === project.id,
  );
  for (const a of dropped) recordAssignment(ctx, a, 'deleted');
  return deleted('project.group.deleted');
}

function retrieveGroup(ctx: RouteContext): unknown {
  const project = requireProject(ctx.state, param(ctx, 'project_id'));
  const wantedType = ctx.query.oneOf('group_type', ['group', 'tenant_group'] as const);
  const shape = render(ctx.state, requireGrant(ctx, project));
  if (wantedType !== undefined && shape.group_type !== wantedType) {
    throw notFound(`No such ${wantedType}: '${shape.group_id}' in project '${project.id}'.`);
  }
  return shape;
}

const GROUPS = '/organization/projects/{project_id}/groups';

export const projectGroupRoutes: ApiRoute[] = [
  route('GET', GROUPS, (ctx) => {
    const project = requireProject(ctx.state, param(ctx, 'project_id'));
    const grants = grantsOf(ctx.state, project).map((pg) => render(ctx.state, pg));
    return paginateNext(grants, (g) => g.group_id, readNextPageRequest(ctx.query));
  }),
  route('POST', GROUPS, addGroup),
  route('GET', `${GROUPS}/{group_id}`, retrieveGroup),
  route('DELETE', `${GROUPS}/{group_id}`, removeGroup),
];
