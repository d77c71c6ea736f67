import { matchByKey } from '../../../planner/builder.js';
import { apiPath } from '../api-path.js';
import type { ApiServiceAccount, ApiServiceAccountCreated } from '../api-types.js';
import { writeSecret } from '../secrets.js';
import {
  deleteIfPresent,
  onProject,
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
    const address = (name: string) => `${scope.address}.service_account[${JSON.stringify(name)}]`;
    const { both, onlyDesired, onlyLive } = matchByKey(desired, live, (d) => d.name, (l) => l.name);
    const additions: string[] = [];
    for (const d of onlyDesired) {
      additions.push(
        out.add({
          action: 'create',
          kind: 'service_account',
          address: address(d.name),
          before: null,
          after: { name: d.name, role: d.role },
          dependsOn: onProject(scope),
          project: scope.ref,
        }).id,
      );
    }
    for (const [d, l] of both) {
      if (l.role === d.role) continue;
      additions.push(
        out.add({
          action: 'update',
          kind: 'service_account',
          address: address(d.name),
          before: { name: l.name, role: l.role },
          after: { name: d.name, role: d.role },
          project: scope.ref,
          target_id: l.id,
        }).id,
      );
    }
    for (const l of onlyLive) {
      out.add({
        action: 'delete',
        kind: 'service_account',
        address: onlyLive.filter((o) => o.name === l.name).length > 1 ? `${address(l.name)}#${l.id}` : address(l.name),
        before: { name: l.name, role: l.role },
        after: null,
        dependsOn: additions,
        project: scope.ref,
        target_id: l.id,
      });
    }
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
};
