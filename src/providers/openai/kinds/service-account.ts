import { apiPath } from '../api-path.js';
import type { ApiServiceAccount, ApiServiceAccountCreated } from '../api-types.js';
import { writeSecret } from '../secrets.js';
import { planCollection } from './collection.js';
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

export const serviceAccount: ProjectKind<'service_accounts'> = {
  kind: 'service_account',
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
    const keyOnly = ctx.secretsDir === undefined;
    const created = await ctx.client.post<ApiServiceAccountCreated>(
      apiPath`/organization/projects/${projectId}/service_accounts`,
      { name: state.name, ...(keyOnly ? { create_service_account_only: true } : {}) },
      { idempotent: false },
    );
    let message = 'no API key was made (give --secrets-dir or orgform.secrets_dir to get one)';
    if (created.api_key && ctx.secretsDir !== undefined) {
      const file = await writeSecret(ctx.secretsDir, change.project?.name ?? projectId, state.name, {
        project_id: projectId,
        service_account_id: created.id,
        api_key_id: created.api_key.id,
        value: created.api_key.value,
      });
      message = `one-time API key written to ${file} (mode 0600)`;
    }
    if (created.role !== state.role) await setRole(ctx, projectId, created.id, state.role);
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
    // Created without its answer: the role it got (member, or none without a key) is unknown.
    await setRole(ctx, requireProject(change, ctx), id, payload<AccountState>(change.after, change).role);
  },
};
