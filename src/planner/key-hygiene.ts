// Key hygiene: keys with no expiry, or older than orgform.key_max_age_days, are plan warnings.
// Advice only: orgform never changes a key the file does not own.

import type { DiffContext } from '../kinds/kind.js';
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

export function checkKeyHygiene(out: PlanBuilder, ctx: DiffContext): void {
  const keys = ctx.live.keys;
  if (!keys) return;
  const maxAge = ctx.desired.key_max_age_days;
  const found: KeyFacts[] = [];
  if (keys.admin_keys === null) out.note('key hygiene: the admin keys could not be listed with this key', undefined, 'warning');
  for (const key of keys.admin_keys ?? []) {
    const owner = key.owner.name || key.owner.id;
    found.push({
      address: `organization.admin_api_key[${JSON.stringify(key.id)}]`,
      label: `admin key ${JSON.stringify(key.name ?? '')} (${key.id}${owner ? `, owned by ${owner}` : ''})`,
      created_at: key.created_at,
      expires_at: key.expires_at,
    });
  }
  const names = new Map(ctx.live.projects.map((p) => [p.id, p.name ?? p.id]));
  for (const [projectId, list] of Object.entries(keys.project_keys)) {
    const name = names.get(projectId) ?? projectId;
    const at = projectAddress(name);
    if (list === null) out.note(`key hygiene: the API keys of project ${JSON.stringify(name)} could not be listed`, at, 'warning');
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
  for (const key of found) {
    const problem = keyProblem(key, keys.read_at, maxAge);
    if (problem) out.note(problem, key.address, 'warning');
  }
}
