import { apiPath } from '../providers/openai/api-path.js';
import type { Change } from '../plan/types.js';
import type { ApiServiceAccount, ApiServiceAccountCreated } from '../providers/openai/api-types.js';
import type { KeySink } from '../secrets/key-sink.js';
import { compareText } from '../util/compare.js';
import { planCollection } from './collection.js';
import { retryWhileNotFound } from './singleton-reads.js';
import {
  deleteIfPresent,
  payload,
  requireProject,
  requireTarget,
  type ApplyContext,
  type ProjectKind,
} from './kind.js';

interface AccountState {
  name: string;
  role: string;
}

async function setRole(ctx: ApplyContext, projectId: string, id: string, role: string): Promise<void> {
  await ctx.client.post(apiPath`/organization/projects/${projectId}/service_accounts/${id}`, { role }, {
    idempotent: true,
  });
}

/** Hands a one-time key to the sink; says where it went. */
async function keepKey(
  ctx: ApplyContext,
  sink: KeySink,
  change: Change,
  projectId: string,
  accountId: string,
  key: { id: string; value: string },
): Promise<string> {
  const { name } = payload<AccountState>(change.after, change);
  const stored = await sink.store({
    project: change.project?.name ?? projectId,
    service_account: name,
    project_id: projectId,
    service_account_id: accountId,
    api_key_id: key.id,
    value: key.value,
  });
  ctx.onKeyStored?.(stored);
  return sink.describe(stored);
}

export const serviceAccount: ProjectKind<'service_accounts'> = {
  kind: 'service_account',
  scope: 'project',
  words: { noun: ['service account', 'service accounts'], group: 'project' },
  phase: 3,
  audit: (change) =>
    change.target_id ? { event_types: ['service_account.created', 'service_account.updated'], resource_ids: [change.target_id] } : null,
  part: 'service_accounts',

  read: (client, projectId) =>
    client.list<ApiServiceAccount>(apiPath`/organization/projects/${projectId}/service_accounts`),

  diff(scope, out) {
    const desired = scope.desired.service_accounts;
    if (desired === undefined) return;
    const live = scope.live?.service_accounts ?? [];
    out.countManaged('service_account', live.length);
    if (scope.live) {
      out.fingerprint(`${scope.address}.service_accounts`, live.map((a) => ({ id: a.id, name: a.name, role: a.role })));
    }
    planCollection(out, scope, {
      kind: 'service_account',
      desired,
      live,
      key: (d) => d.name,
      liveKey: (l) => l.name,
      liveId: (l) => l.id,
      address: (name) => `${scope.address}.service_account[${JSON.stringify(name)}]`,
      fromDesired: (d) => ({ name: d.name, role: d.role }),
      fromLive: (l) => ({ name: l.name, role: l.role }),
    });
  },

  toConfig: (live) =>
    // An account with no role (created key-less) cannot be written; listing the others alone
    // would make the file remove it, so the whole key is left out.
    live.some((a) => a.role === 'none')
      ? { comment: 'service_accounts not exported: an account has role "none", which the file cannot express' }
      : { value: live.map((a) => ({ name: a.name, role: a.role })).sort((a, b) => compareText(a.name, b.name)) },

  async apply(change, ctx) {
    const projectId = requireProject(change, ctx);
    if (change.action === 'delete') {
      const id = requireTarget(change);
      await deleteIfPresent(ctx.client, apiPath`/organization/projects/${projectId}/service_accounts/${id}`);
      return {};
    }
    const state = payload<AccountState>(change.after, change);
    if (change.action === 'update') {
      await setRole(ctx, projectId, requireTarget(change), state.role);
      return {};
    }
    // Without a place to put it, no key is made at all: a key printed or lost is a leak.
    const keyOnly = ctx.keySink === undefined;
    const created = await ctx.client.post<ApiServiceAccountCreated>(
      apiPath`/organization/projects/${projectId}/service_accounts`,
      { name: state.name, ...(keyOnly ? { create_service_account_only: true } : {}) },
      { idempotent: false },
    );
    let message = 'no API key was made (give --secrets-dir, --secrets-command or orgform.secrets_dir to get one)';
    if (created.api_key && ctx.keySink !== undefined) {
      message = await keepKey(ctx, ctx.keySink, change, projectId, created.id, created.api_key);
    }
    // A just-created account can answer 404 for a moment.
    if (created.role !== state.role) await retryWhileNotFound(() => setRole(ctx, projectId, created.id, state.role));
    return { createdId: created.id, message };
  },

  async findCreated(change, ctx) {
    const projectId = requireProject(change, ctx);
    const { name } = payload<AccountState>(change.after, change);
    const accounts = await ctx.client.list<ApiServiceAccount>(
      apiPath`/organization/projects/${projectId}/service_accounts`,
    );
    return accounts.find((a) => a.name === name)?.id ?? null;
  },

  async completeAdopted(change, ctx, id) {
    // Created without its answer: the role it got (member, or none without a key) is unknown,
    // and its one-time key, if it had one, was in the answer: a new key replaces it.
    const projectId = requireProject(change, ctx);
    const { name, role } = payload<AccountState>(change.after, change);
    await setRole(ctx, projectId, id, role);
    if (ctx.keySink === undefined) return undefined;
    const key = await ctx.client.post<{ id: string; value: string }>(
      apiPath`/organization/projects/${projectId}/service_accounts/${id}/api_keys`,
      { name },
      { idempotent: false },
    );
    return `its first key was lost with the answer: ${await keepKey(ctx, ctx.keySink, change, projectId, id, key)}`;
  },
};
