import equal from 'fast-deep-equal';
import type { DesiredOrg, OrgRole, ProjectRole } from '../config/model.js';
import { compareText } from '../util/compare.js';
import { userInviteNeed } from './user.js';
import { PlanBuilder, type InviteNeed } from '../plan/builder.js';
import { isMemberCandidate, memberInviteNeed } from './project-member.js';
import { isArchived } from './project.js';
import { getOrNull } from './read-back.js';
import type { Change, ProjectRef } from '../plan/types.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiInvite, ApiProject } from '../providers/openai/api-types.js';
import { deleteIfPresent, payload, requireTarget, type ApplyContext, type DiffContext, type OrgKind } from './kind.js';

interface InviteState {
  email: string;
  role: OrgRole;
  projects: { project: string; role: ProjectRole }[];
}

/** The projects of the file, by name: how an invite reaches a project, new or not. */
export type ProjectRefs = Map<string, { ref: ProjectRef; createdBy?: string }>;

const address = (email: string) => `invite[${JSON.stringify(email)}]`;

function byProject(a: { project: string }, b: { project: string }): number {
  return a.project < b.project ? -1 : a.project > b.project ? 1 : 0;
}

function liveState(invite: ApiInvite, nameById: Map<string, string>): InviteState {
  return {
    email: invite.email.toLowerCase(),
    role: invite.role,
    projects: invite.projects
      .map((p) => ({ project: nameById.get(p.id) ?? `(project ${p.id})`, role: p.role }))
      .sort(byProject),
  };
}

/** The newest invite per email with the given status. */
function newestByEmail(invites: ApiInvite[], status: ApiInvite['status']): Map<string, ApiInvite> {
  const result = new Map<string, ApiInvite>();
  for (const invite of invites) {
    if (invite.status !== status) continue;
    const email = invite.email.toLowerCase();
    const seen = result.get(email);
    if (!seen || invite.created_at > seen.created_at) result.set(email, invite);
  }
  return result;
}

/** What the file asks for: its `invites:` plus those that members and `users:` need, merged by email. */
function desiredInvites(
  out: PlanBuilder,
  ctx: DiffContext,
  needs: ReadonlyMap<string, InviteNeed>,
  pending: Map<string, ApiInvite>,
  nameById: Map<string, string>,
) {
  const desired = new Map<string, { state: InviteState; why?: string }>();
  for (const invite of ctx.desired.invites ?? []) {
    if (ctx.usersByEmail?.has(invite.email)) {
      out.note(`${invite.email} is already an organization user: no invite needed`, address(invite.email));
      continue;
    }
    desired.set(invite.email, { state: { email: invite.email, role: invite.role, projects: [...invite.projects] } });
  }
  for (const [email, need] of needs) {
    const listed = desired.get(email);
    const live = pending.get(email);
    // A pending invite is extended, never narrowed, by what membership needs.
    const base = listed?.state ?? (live ? liveState(live, nameById) : { email, role: need.role ?? 'reader', projects: [] });
    const projects = new Map(base.projects.map((p) => [p.project, p.role]));
    for (const [project, role] of need.projects) if (!listed || !projects.has(project)) projects.set(project, role);
    const state: InviteState = {
      email,
      role: listed ? base.role : (need.role ?? base.role),
      projects: [...projects].map(([project, role]) => ({ project, role })).sort(byProject),
    };
    desired.set(email, { state, why: `needed: ${need.why.join('; ')}` });
  }
  return desired;
}

/**
 * A scoped plan compares only part of the file, so its own needs are only part of what an invite
 * must carry: these are the whole file's, in the order the whole-file plan finds them (`users:`,
 * then each project's members), so a scoped plan plans an invite exactly as the whole file would.
 */
function wholeFileNeeds(whole: DesiredOrg, usersByEmail: NonNullable<DiffContext['usersByEmail']>): Map<string, InviteNeed> {
  const needs = new PlanBuilder();
  const invited = new Set((whole.invites ?? []).map((i) => i.email));
  for (const d of whole.users ?? []) {
    if (!usersByEmail.has(d.email) && !invited.has(d.email)) needs.needInvite(d.email, userInviteNeed(d));
  }
  for (const project of whole.projects) {
    if (project.archived) continue;
    for (const d of project.members ?? []) {
      if (!isMemberCandidate(usersByEmail.get(d.email))) needs.needInvite(d.email, memberInviteNeed(project.name, d));
    }
  }
  return needs.inviteNeeds;
}

export function diffInvites(out: PlanBuilder, ctx: DiffContext, projects: ProjectRefs): void {
  // Scoped: the whole file's needs, where the org's users and invites were read to know them.
  const needs = ctx.whole && ctx.usersByEmail && ctx.live.invites ? wholeFileNeeds(ctx.whole, ctx.usersByEmail) : out.inviteNeeds;
  if (ctx.desired.invites === undefined && needs.size === 0) return;
  const live = ctx.live.invites ?? [];
  // An invite to an archived project is drift like one to an unknown project: it cannot bring anyone in.
  const nameById = new Map(ctx.live.projects.filter((p) => !isArchived(p)).map((p) => [p.id, p.name ?? p.id]));
  const idByName = new Map(ctx.live.projects.map((p) => [p.name ?? p.id, p.id]));
  const pending = newestByEmail(live, 'pending');
  const expired = newestByEmail(live, 'expired');
  out.fingerprint(
    'invites',
    live.filter((i) => i.status === 'pending').map((i) => ({ id: i.id, ...liveState(i, nameById) })),
  );
  const desired = desiredInvites(out, ctx, needs, pending, nameById);
  if (ctx.desired.invites !== undefined) out.countManaged('invite', pending.size);
  for (const [email, { state, why }] of [...desired].sort(([a], [b]) => compareText(a, b))) {
    const dependsOn = state.projects.flatMap((p) => projects.get(p.project)?.createdBy ?? []);
    // A project of the file, or one a live invite already names (extended, not narrowed).
    const project_refs = state.projects.map(
      (p): ProjectRef => projects.get(p.project)?.ref ?? { name: p.project, id: idByName.get(p.project) ?? p.project },
    );
    const current = pending.get(email);
    if (current && equal(liveState(current, nameById), state)) continue;
    // The API cannot update an invite: a changed or expired one is deleted and sent again.
    const replaced = current ?? expired.get(email);
    const replaceWhy = !replaced
      ? undefined
      : replaced.status === 'expired'
        ? 'the invite expired: it is deleted and sent again'
        : 'the API cannot update an invite: it is revoked and sent again';
    const reason = [why, replaceWhy].filter((r) => r !== undefined).join('; ');
    const common = {
      kind: 'invite',
      address: address(email),
      after: { ...state },
      dependsOn,
      // Re-sending an invite loses nothing the person has.
      destructive: false,
      project_refs,
      ...(reason ? { reason } : {}),
    };
    out.add(
      replaced
        ? { ...common, action: 'replace', before: { ...liveState(replaced, nameById), status: replaced.status }, target_id: replaced.id }
        : { ...common, action: 'create', before: null },
    );
  }
  const listed = new Set((ctx.desired.invites ?? []).map((d) => d.email));
  const extra = [...pending.values()].filter((i) => !desired.has(i.email.toLowerCase()) && !listed.has(i.email.toLowerCase()));
  if (ctx.desired.invites === undefined) {
    out.leftAlone('invite', null, extra.length, 'the file has no invites: key');
    return;
  }
  for (const invite of extra) {
    out.add({
      action: 'delete',
      kind: 'invite',
      address: address(invite.email.toLowerCase()),
      before: { ...liveState(invite, nameById), status: invite.status },
      after: null,
      target_id: invite.id,
      reason: 'a pending invite that is not in the file is revoked',
    });
  }
}

function body(change: Change, ctx: ApplyContext): { email: string; role: OrgRole; projects: { id: string; role: ProjectRole }[] } {
  const state = payload<InviteState>(change.after, change);
  const refs = change.project_refs ?? [];
  return {
    email: state.email,
    role: state.role,
    // Always sent, [] included: without it the API puts the person in the default project.
    projects: state.projects.map((p) => {
      const ref = refs.find((r) => r.name === p.project);
      if (!ref) throw new Error(`${change.id}: no project named ${JSON.stringify(p.project)}`);
      return { id: ctx.projectId(ref), role: p.role };
    }),
  };
}

export const invite: OrgKind = {
  kind: 'invite',
  scope: 'organization',
  words: { noun: ['invite', 'invites'], group: 'invites' },
  phase: 4,
  read: {
    part: 'invites',
    // Pending invites matter to `invites:`, to who `users:` and members still need to invite, and
    // to whether a protected email names someone (not to groups or role assignments).
    neededBy: (desired) =>
      desired.invites !== undefined ||
      desired.users !== undefined ||
      desired.protect.users.length > 0 ||
      desired.projects.some((p) => !p.archived && p.members !== undefined),
    fetch: (client) => client.list<ApiInvite>(apiPath`/organization/invites`),
  },
  configPath: ['invites'],
  toConfig: (live) => {
    if (!live.invites) return undefined;
    const names = new Map(live.projects.map((p) => [p.id, p.name ?? p.id]));
    return {
      value: live.invites
        .filter((i) => i.status === 'pending')
        .map((i) => ({
          email: i.email.toLowerCase(),
          role: i.role,
          projects: i.projects.map((p) => ({ project: names.get(p.id) ?? p.id, role: p.role })).sort(byProject),
        }))
        .sort((a, b) => compareText(a.email, b.email)),
    };
  },
  audit: (change) => (change.target_id ? { event_types: ['invite.sent'], resource_ids: [change.target_id] } : null),

  async apply(change, ctx) {
    if (change.action === 'delete' || change.action === 'replace') {
      await deleteIfPresent(ctx.client, apiPath`/organization/invites/${requireTarget(change)}`);
      if (change.action === 'delete') return {};
    }
    const created = await ctx.client.post<ApiInvite>(apiPath`/organization/invites`, body(change, ctx), {
      idempotent: false,
    });
    return { createdId: created.id, createdAt: created.created_at };
  },

  // The emulator refuses a second pending invite for an email (invite_already_pending); the contract
  // is silent, so a second one is also looked for after each create and deleted if found.
  identity: {
    duplicates: 'allowed',
    removal: 'deleted',
    async find(change, ctx) {
      const { email } = payload<InviteState>(change.after, change);
      const invites = await ctx.client.list<ApiInvite>(apiPath`/organization/invites`);
      // Not the invite a replace revokes.
      return invites.filter((i) => i.email.toLowerCase() === email && i.status === 'pending' && i.id !== change.target_id);
    },
    remove: (_change, ctx, id) => deleteIfPresent(ctx.client, apiPath`/organization/invites/${id}`),
  },

  async completeAdopted(change, ctx, id) {
    // A replace adopts the new invite another writer sent; the one it replaces still goes.
    if (change.action === 'replace') await deleteIfPresent(ctx.client, apiPath`/organization/invites/${requireTarget(change)}`);
    return resendIfStale(change, ctx, id);
  },
};

/**
 * Another writer's invite can name a project that has been archived since, as a duplicate of one
 * this apply made or kept: it could bring no one in. It is revoked and sent again, naming the
 * projects this change names, when those are all active (else this run's view is the stale one).
 */
async function resendIfStale(change: Change, ctx: ApplyContext, id: string): Promise<string | undefined> {
  const theirs = await getOrNull<ApiInvite>(ctx.client, apiPath`/organization/invites/${id}`);
  if (!theirs || theirs.projects.length === 0) return undefined;
  const wanted = body(change, ctx);
  const active = new Set((await ctx.client.list<ApiProject>(apiPath`/organization/projects`)).filter((p) => !isArchived(p)).map((p) => p.id));
  const stale = theirs.projects.filter((p) => !active.has(p.id)).map((p) => p.id);
  if (stale.length === 0 || !wanted.projects.every((p) => active.has(p.id))) return undefined;
  await deleteIfPresent(ctx.client, apiPath`/organization/invites/${id}`);
  const sent = await ctx.client.post<ApiInvite>(apiPath`/organization/invites`, wanted, { idempotent: false });
  return `it named ${stale.join(', ')}, archived since: revoked it and sent ${sent.id} instead`;
}
