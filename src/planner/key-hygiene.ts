// Key hygiene: keys with no expiry, or older than orgform.key_max_age_days, are plan warnings.
// Advice only: orgform never changes a key the file does not own.

import type { DiffContext } from '../kinds/kind.js';
import type { KeyInventory } from '../kinds/live-state.js';
import type { PlanBuilder } from '../plan/builder.js';
import { projectAddress } from '../plan/builder.js';

const DAY_SECONDS = 86_400;

interface KeyFacts {
  address: string;
  /** How the key is named in a message: `admin key "ci" (key_1, owned by Alice)`. */
  label: string;
  created_at?: number | undefined;
  expires_at?: number | null | undefined;
}

/** What is wrong with one key, or nothing. */
function keyProblem(key: KeyFacts, now: number, maxAgeDays: number | undefined): string | undefined {
  const problems: string[] = [];
  if ((key.expires_at ?? null) === null) problems.push('has no expiry');
  if (maxAgeDays !== undefined && key.created_at !== undefined) {
    const age = Math.floor((now - key.created_at) / DAY_SECONDS);
    if (age > maxAgeDays) problems.push(`is ${age} days old, over key_max_age_days (${maxAgeDays})`);
  }
  return problems.length > 0 ? `${key.label} ${problems.join(' and ')}` : undefined;
}

export interface KeyFinding {
  address?: string;
  message: string;
}

/**
 * What key hygiene finds in `keys`: one finding per key with a problem, and one per list that
 * could not be read. `projects`: live project id → name, for messages.
 */
export function keyHygieneFindings(keys: KeyInventory, projects: Map<string, string>, maxAgeDays: number | undefined): KeyFinding[] {
  const unreadable: KeyFinding[] = [];
  const found: KeyFacts[] = [];
  if (keys.admin_keys === null) unreadable.push({ message: 'key hygiene: the admin keys could not be listed with this key' });
  for (const key of keys.admin_keys ?? []) {
    const owner = key.owner.name || key.owner.id;
    found.push({
      address: `organization.admin_api_key[${JSON.stringify(key.id)}]`,
      label: `admin key ${JSON.stringify(key.name ?? '')} (${key.id}${owner ? `, owned by ${owner}` : ''})`,
      created_at: key.created_at,
      expires_at: key.expires_at,
    });
  }
  for (const [projectId, list] of Object.entries(keys.project_keys)) {
    const name = projects.get(projectId) ?? projectId;
    const at = projectAddress(name);
    if (list === null) unreadable.push({ address: at, message: `key hygiene: the API keys of project ${JSON.stringify(name)} could not be listed` });
    for (const key of list ?? []) {
      const owner = key.owner.service_account?.name ?? key.owner.user?.email;
      found.push({
        address: `${at}.api_key[${JSON.stringify(key.id)}]`,
        label: `project ${JSON.stringify(name)}: API key ${JSON.stringify(key.name)} (${key.id}${owner ? `, owned by ${owner}` : ''})`,
        created_at: key.created_at,
        expires_at: key.expires_at,
      });
    }
  }
  const problems = found.flatMap((key) => {
    const message = keyProblem(key, keys.read_at, maxAgeDays);
    return message ? [{ address: key.address, message }] : [];
  });
  return [...unreadable, ...problems];
}

export function checkKeyHygiene(out: PlanBuilder, ctx: DiffContext): void {
  if (!ctx.live.keys) return;
  const names = new Map(ctx.live.projects.map((p) => [p.id, p.name ?? p.id]));
  for (const finding of keyHygieneFindings(ctx.live.keys, names, ctx.desired.key_max_age_days)) {
    out.note(finding.message, finding.address, 'warning');
  }
}
