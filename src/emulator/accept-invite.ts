// The one thing the API cannot do: an invitee accepting. The person becomes an org user with the
// invite's role and joins each invited project; the events are recorded as theirs (a session).
import { recordEvent } from './audit.js';
import { newId } from './ids.js';
import { findUserByEmail } from './routes/lookup.js';
import { inviteStatus } from './routes/invites.js';
import type { AuditActor, EmulatorState, UserRecord } from './types.js';

export class AcceptInviteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AcceptInviteError';
  }
}

export function acceptInvite(state: EmulatorState, email: string, now: number): UserRecord {
  const lower = email.trim().toLowerCase();
  const invites = state.invites.filter((i) => i.email.toLowerCase() === lower);
  const invite = invites.find((i) => inviteStatus(i, now) === 'pending');
  if (!invite) {
    const states = invites.map((i) => `${i.id} is ${inviteStatus(i, now)}`).join(', ');
    throw new AcceptInviteError(`No pending invite for '${email}'${states ? ` (${states})` : ''}.`);
  }
  if (findUserByEmail(state, email)) throw new AcceptInviteError(`'${email}' is already an org user.`);
  const user: UserRecord = {
    id: newId('user'),
    email: invite.email,
    name: invite.email.split('@')[0] ?? invite.email,
    role: invite.role,
    added_at: now,
    is_scim_managed: false,
    developer_persona: null,
    technical_level: null,
  };
  state.users.push(user);
  invite.status = 'accepted';
  invite.accepted_at = now;
  const actor: AuditActor = {
    type: 'session',
    session: { ip_address: '127.0.0.1', user: { id: user.id, email: user.email } },
  };
  recordEvent(state, actor, now, { type: 'invite.accepted', payload: { id: invite.id }, resourceIds: [user.id] });
  for (const grant of invite.projects) {
    const project = state.projects.find((p) => p.id === grant.id && p.status === 'active');
    if (!project) continue;
    project.members.push({ user_id: user.id, role: grant.role, added_at: now });
    recordEvent(state, actor, now, { type: 'user.added', project, payload: { id: user.id, data: { role: grant.role } } });
  }
  return user;
}
