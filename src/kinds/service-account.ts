import { apiPath } from '../providers/openai/api-path.js';
import type { Change } from '../plan/types.js';
import type { ApiServiceAccount, ApiServiceAccountCreated } from '../providers/openai/api-types.js';
import { KeyNotStoredError } from '../errors.js';
import type { KeySink, StoredKey } from '../secrets/key-sink.js';
import type { PlanBuilder } from '../plan/builder.js';
import { suggest } from '../util/suggest.js';
import { compareText } from '../util/compare.js';
import { getOrNull } from './read-back.js';
import { planCollection } from './collection.js';
import { retryWhileNotFound } from './singleton-reads.js';
import {
  deleteIfPresent,
  payload,
  requireProject,
  requireTarget,
  type ApplyContext,
  type ProjectKind,
  type ProjectScope,
} from './kind.js';

interface AccountState {
  name: string;
  role: string;
  /** On a create only: the lifetime of the key orgform issues. */
  key_expiry_days?: number;
}

const DAY_SECONDS = 86_400;

/** The expiry a key request carries, if the account asks for one. */
function expiry(state: AccountState): { expires_in_seconds?: number } {
  return state.key_expiry_days === undefined ? {} : { expires_in_seconds: state.key_expiry_days * DAY_SECONDS };
}

/**
 * live name → the file's new name, for each renamed_from whose old name is live and whose new
 * name is not yet (once the rename is applied, the new name matches by itself). A renamed_from
 * that names nothing live is a problem: it must not quietly become a new account.
 */
function renames(scope: ProjectScope, live: ApiServiceAccount[], out: PlanBuilder): Map<string, string> {
  const liveNames = new Set(live.map((a) => a.name));
  const byOld = new Map<string, string>();
  for (const d of scope.desired.service_accounts ?? []) {
    if (d.renamed_from === undefined || liveNames.has(d.name)) continue;
    if (liveNames.has(d.renamed_from)) {
      byOld.set(d.renamed_from, d.name);
      continue;
    }
    const near = suggest(d.renamed_from, [...liveNames]);
    out.problems.push({
      ...(scope.desired.pos ?? {}),
      message:
        `project ${JSON.stringify(scope.desired.name)}: service account ${JSON.stringify(d.name)} is renamed_from ` +
        `${JSON.stringify(d.renamed_from)}, which names no live service account` +
        (near.length ? ` (did you mean ${near.map((n) => JSON.stringify(n)).join(', ')}?)` : '') +
        '; remove renamed_from to create a new account',
    });
  }
  return byOld;
}

async function setRole(ctx: ApplyContext, projectId: string, id: string, role: string): Promise<void> {
  await ctx.client.post(apiPath`/organization/projects/${projectId}/service_accounts/${id}`, { role }, {
    idempotent: true,
  });
}

/** The command that gives a managed service account a new key. */
function rotateKeyCommand(configFile: string, address: string): string {
  return `orgform rotate-key ${shellQuote(configFile)} ${shellQuote(address)}`;
}

function shellQuote(word: string): string {
  return /^[\w./:@=-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A service account that gets a key, as a key file and the messages name it. */
export interface KeyOwner {
  address: string;
  project: string;
  projectId: string;
  name: string;
  id: string;
}

type KeyContext = Pick<ApplyContext, 'client' | 'configFile' | 'onKeyStored'>;

function ownerOf(change: Change, projectId: string, id: string): KeyOwner {
  const { name } = payload<AccountState>(change.after, change);
  return { address: change.address, project: change.project?.name ?? projectId, projectId, name, id };
}

/**
 * Hands a one-time key to the sink; says where it went. The account exists by now: if the key
 * cannot be kept, the error says so and how to get another, since the answer is never repeated.
 */
async function keepKey(ctx: KeyContext, sink: KeySink, owner: KeyOwner, key: { id: string; value: string }): Promise<string> {
  const newKey = {
    project: owner.project,
    service_account: owner.name,
    project_id: owner.projectId,
    service_account_id: owner.id,
    api_key_id: key.id,
    value: key.value,
  };
  let stored: StoredKey;
  try {
    stored = await sink.store(newKey);
  } catch (error) {
    const reason = error instanceof KeyNotStoredError ? error.reason : error instanceof Error ? error.message : String(error);
    throw new KeyNotStoredError(newKey, reason, rotateKeyCommand(ctx.configFile, owner.address), { cause: error });
  }
  ctx.onKeyStored?.(stored);
  return sink.describe(stored);
}

/** A further key for an existing account (`POST …/service_accounts/{id}/api_keys`), kept by the sink. */
export async function issueKey(ctx: KeyContext, sink: KeySink, owner: KeyOwner, extra: { expires_in_seconds?: number } = {}): Promise<string> {
  const key = await ctx.client.post<{ id: string; value: string }>(
    apiPath`/organization/projects/${owner.projectId}/service_accounts/${owner.id}/api_keys`,
    { name: owner.name, ...extra },
    { idempotent: false },
  );
  return keepKey(ctx, sink, owner, key);
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
    const renamed = renames(scope, live, out);
    out.countManaged('service_account', live.length);
    if (scope.live) {
      out.fingerprint(`${scope.address}.service_accounts`, live.map((a) => ({ id: a.id, name: a.name, role: a.role })));
    }
    planCollection(out, scope, {
      kind: 'service_account',
      desired,
      live,
      key: (d) => d.name,
      liveKey: (l) => renamed.get(l.name) ?? l.name,
      liveId: (l) => l.id,
      address: (name) => `${scope.address}.service_account[${JSON.stringify(name)}]`,
      fromDesired: (d) => ({ name: d.name, role: d.role }),
      fromLive: (l) => ({ name: l.name, role: l.role }),
      forCreate: (d) => ({ name: d.name, role: d.role, ...(d.key_expiry_days === undefined ? {} : { key_expiry_days: d.key_expiry_days }) }),
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
      // Only what differs: a rename keeps the account's id and its keys.
      const before = payload<AccountState>(change.before, change);
      const body = { ...(before.name !== state.name && { name: state.name }), ...(before.role !== state.role && { role: state.role }) };
      await ctx.client.post(apiPath`/organization/projects/${projectId}/service_accounts/${requireTarget(change)}`, body, {
        idempotent: true,
      });
      return {};
    }
    // Without a place to put it, no key is made at all: a key printed or lost is a leak.
    const keyOnly = ctx.keySink === undefined;
    const created = await ctx.client.post<ApiServiceAccountCreated>(
      apiPath`/organization/projects/${projectId}/service_accounts`,
      { name: state.name, ...(keyOnly ? { create_service_account_only: true } : expiry(state)) },
      { idempotent: false },
    );
    // The role first: if the key cannot be kept, the account is still as the file says.
    // A just-created account can answer 404 for a moment.
    if (created.role !== state.role) await retryWhileNotFound(() => setRole(ctx, projectId, created.id, state.role));
    const key = created.api_key;
    const sink = ctx.keySink;
    // The key is stored only once apply keeps this account (not a duplicate another writer also made).
    return {
      createdId: created.id,
      ...(created.created_at === undefined ? {} : { createdAt: created.created_at }),
      keep: async () =>
        key && sink !== undefined
          ? keepKey(ctx, sink, ownerOf(change, projectId, created.id), key)
          : 'no API key was made (give --secrets-dir, --secrets-command or orgform.secrets_dir to get one)',
    };
  },

  async readBack(change, ctx) {
    const projectId = requireProject(change, ctx);
    const path = apiPath`/organization/projects/${projectId}/service_accounts/${requireTarget(change)}`;
    const live = await getOrNull<ApiServiceAccount>(ctx.client, path);
    return live && { name: live.name, role: live.role };
  },

  // The API lets two accounts in a project share a name.
  identity: {
    duplicates: 'allowed',
    removal: 'deleted',
    async find(change, ctx) {
      const projectId = requireProject(change, ctx);
      const { name } = payload<AccountState>(change.after, change);
      const accounts = await ctx.client.list<ApiServiceAccount>(apiPath`/organization/projects/${projectId}/service_accounts`);
      return accounts.filter((a) => a.name === name);
    },
    remove: (change, ctx, id) =>
      deleteIfPresent(ctx.client, apiPath`/organization/projects/${requireProject(change, ctx)}/service_accounts/${id}`),
  },

  async completeAdopted(change, ctx, id, because) {
    // The role it got (member, or none without a key) is not known to be the file's.
    const projectId = requireProject(change, ctx);
    const state = payload<AccountState>(change.after, change);
    await setRole(ctx, projectId, id, state.role);
    if (ctx.keySink === undefined) return undefined;
    const owner = ownerOf(change, projectId, id);
    // Another writer's account: its one-time key went to that writer. No second key is made unasked.
    if (because === 'another_writer') {
      return `its one-time key went to the writer that made it; \`${rotateKeyCommand(ctx.configFile, owner.address)}\` makes a new one`;
    }
    // Created without its answer: its one-time key was in the answer, so a new key replaces it.
    return `its first key was lost with the answer: ${await issueKey(ctx, ctx.keySink, owner, expiry(state))}`;
  },
};
