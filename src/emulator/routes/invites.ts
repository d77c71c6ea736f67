// /organization/invites. A new invite is pending for 7 days, then reads as expired; accepting
// happens outside the API (see accept-invite.ts). Accepted invites cannot be deleted.
import { recordEvent } from '../audit.js';
import { ORG_ROLES, PROJECT_ROLES } from '../../api/enums.js';
import { badRequest, notFound } from '../http/errors.js';
import { Fields } from '../http/fields.js';
import { newId } from '../ids.js';
import { paginate, readPageRequest } from '../pagination.js';
import type { EmulatorState, InviteRecord } from '../types.js';
import { deleted, param, route, type ApiObject, type ApiRoute, type RouteContext } from './context.js';
import { findUserByEmail } from './lookup.js';

export const INVITE_LIFETIME_SECONDS = 7 * 24 * 60 * 60;

export function inviteStatus(invite: InviteRecord, now: number): 'pending' | 'accepted' | 'expired' {
  if (invite.status === 'accepted') return 'accepted';
  return invite.expires_at <= now ? 'expired' : 'pending';
}

export function renderInvite(invite: InviteRecord, now: number): ApiObject {
  return {
    id: invite.id,
    object: 'organization.invite',
    email: invite.email,
    role: invite.role,
    status: inviteStatus(invite, now),
    created_at: invite.created_at,
    expires_at: invite.expires_at,
    accepted_at: invite.accepted_at,
    projects: invite.projects.map((p) => ({ ...p })),
  };
}

function requireInvite(state: EmulatorState, id: string): InviteRecord {
  const invite = state.invites.find((i) => i.id === id);
  if (!invite) throw notFound(`No such invite: '${id}'.`);
  return invite;
}

function readProjects(ctx: RouteContext, body: Fields): InviteRecord['projects'] {
  const raw = body.optionalArray('projects');
  if (raw === undefined) {
    // Legacy behaviour: without `projects` the invitee joins the default project.
    const fallback = ctx.state.projects.find((p) => p.is_default && p.status === 'active');
    return fallback ? [{ id: fallback.id, role: 'member' }] : [];
  }
  return raw.map((item, i) => {
    const entry = new Fields(item, ['id', 'role'], `projects[${i}]`);
    const id = entry.string('id');
    const project = ctx.state.projects.find((p) => p.id === id);
    if (!project) throw badRequest(`No such project: '${id}'.`, entry.name('id'));
    if (project.status === 'archived') throw badRequest(`Project '${id}' is archived.`, entry.name('id'));
    return { id, role: entry.oneOf('role', PROJECT_ROLES) };
  });
}

function createInvite(ctx: RouteContext): unknown {
  const body = new Fields(ctx.body, ['email', 'role', 'projects']);
  const email = body.string('email').trim();
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw badRequest(`Invalid value for 'email': '${email}' is not an email address.`, 'email');
  }
  const role = body.oneOf('role', ORG_ROLES);
  const projects = readProjects(ctx, body);
  if (findUserByEmail(ctx.state, email)) {
    throw badRequest(`User with email '${email}' is already a member of this organization.`, 'email', 'user_already_member');
  }
  const lower = email.toLowerCase();
  const pending = ctx.state.invites.find(
    (i) => i.email.toLowerCase() === lower && inviteStatus(i, ctx.now) === 'pending',
  );
  if (pending) {
    throw badRequest(`An invite for '${email}' is already pending (${pending.id}).`, 'email', 'invite_already_pending');
  }
  const invite: InviteRecord = {
    id: newId('invite'),
    email,
    role,
    projects,
    created_at: ctx.now,
    expires_at: ctx.now + INVITE_LIFETIME_SECONDS,
    accepted_at: null,
    status: 'pending',
  };
  ctx.state.invites.push(invite);
  recordEvent(ctx.state, ctx.actor, ctx.now, {
    type: 'invite.sent',
    payload: { id: invite.id, data: { email, role } },
    resourceIds: projects.map((p) => p.id),
  });
  return renderInvite(invite, ctx.now);
}

function deleteInvite(ctx: RouteContext): unknown {
  const invite = requireInvite(ctx.state, param(ctx, 'invite_id'));
  if (invite.status === 'accepted') {
    throw badRequest(`Invite '${invite.id}' has already been accepted and cannot be deleted.`, 'invite_id');
  }
  ctx.state.invites = ctx.state.invites.filter((i) => i !== invite);
  recordEvent(ctx.state, ctx.actor, ctx.now, { type: 'invite.deleted', payload: { id: invite.id } });
  return deleted('organization.invite.deleted', invite.id);
}

export const inviteRoutes: ApiRoute[] = [
  route('GET', '/organization/invites', (ctx) =>
    paginate(
      ctx.state.invites.map((i) => renderInvite(i, ctx.now)),
      readPageRequest(ctx.query),
    ),
  ),
  route('POST', '/organization/invites', createInvite),
  route('GET', '/organization/invites/{invite_id}', (ctx) =>
    renderInvite(requireInvite(ctx.state, param(ctx, 'invite_id')), ctx.now),
  ),
  route('DELETE', '/organization/invites/{invite_id}', deleteInvite),
];
