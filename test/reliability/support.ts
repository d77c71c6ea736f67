// Shared by the reliability tests: the CLI (in-process, or the built one as a child process), temp
// dirs, and state queries on the emulator.

import { afterAll, beforeAll } from 'vitest';
import type { DesiredOrg } from '../../src/config/model.js';
import { startEmulator, type EmulatorSeed, type EmulatorState, type ProjectRecord, type RunningEmulator } from '../../src/emulator/index.js';
import { readLive, scopeOfConfig } from '../../src/live/read.js';
import type { Plan } from '../../src/plan/types.js';
import { makePlan } from '../../src/planner/plan.js';
import { AdminClient } from '../../src/providers/openai/client.js';

// The same runners and temp dirs as the end-to-end tests.
export { runCli, runCliProcess, skippingClock, Workdir as TempDir, type CliResult, type CliTarget } from '../e2e/harness.js';

/** An emulator and a client on it for one describe block (started before its tests, closed after them). */
export interface EmulatorAndClient {
  readonly emulator: RunningEmulator;
  readonly client: AdminClient;
  /** The plan of `desired` against the emulator as it is now. */
  planOf(desired: DesiredOrg): Promise<Plan>;
}

export function useEmulatorAndClient(seed: EmulatorSeed, adminKey: string): EmulatorAndClient {
  let emulator: RunningEmulator | undefined;
  let client: AdminClient | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ seed });
    client = new AdminClient({ baseUrl: emulator.url, adminKey });
  });
  afterAll(async () => {
    await client?.close();
    await emulator?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the emulator is started in beforeAll: use it inside a test');
    return value;
  };
  const env: EmulatorAndClient = {
    get emulator() {
      return started(emulator);
    },
    get client() {
      return started(client);
    },
    planOf: async (desired) => makePlan(desired, await readLive(env.client, scopeOfConfig(desired)), env.emulator.url),
  };
  return env;
}

export function activeProjects(state: EmulatorState): ProjectRecord[] {
  return state.projects.filter((p) => p.status === 'active');
}

export function pendingInvites(state: EmulatorState, nowSeconds = Math.floor(Date.now() / 1000)): EmulatorState['invites'] {
  return state.invites.filter((i) => i.status === 'pending' && i.expires_at > nowSeconds);
}

/** Keys that occur more than once, e.g. duplicates(names) → ['Research'] when two share it. */
function duplicates(keys: Iterable<string>): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const k of keys) (seen.has(k) ? dup : seen).add(k);
  return [...dup].sort();
}

/**
 * Every duplicate orgform must never make: active projects by name, spend alerts by threshold
 * (per project and the organization's), pending invites by email, service accounts by name per
 * project, groups by name (SCIM-managed or not), custom roles by name per scope. Empty when clean.
 */
export function duplicateReport(state: EmulatorState): string[] {
  const found: string[] = [];
  for (const name of duplicates(activeProjects(state).map((p) => p.name))) found.push(`project ${JSON.stringify(name)}`);
  for (const p of activeProjects(state)) {
    for (const t of duplicates(p.spend_alerts.map((a) => String(a.threshold_amount)))) {
      found.push(`project ${JSON.stringify(p.name)} spend_alert[${t}]`);
    }
    for (const n of duplicates(p.service_accounts.map((a) => a.name))) {
      found.push(`project ${JSON.stringify(p.name)} service_account ${JSON.stringify(n)}`);
    }
  }
  for (const t of duplicates(state.spend_alerts.map((a) => String(a.threshold_amount)))) found.push(`organization spend_alert[${t}]`);
  for (const e of duplicates(pendingInvites(state).map((i) => i.email.toLowerCase()))) found.push(`invite ${e}`);
  for (const n of duplicates(state.groups.map((g) => g.name))) found.push(`group ${JSON.stringify(n)}`);
  for (const n of duplicates(state.roles.map((r) => `${r.project_id ?? 'organization'} ${r.name}`))) found.push(`role ${n}`);
  return found;
}

/** The last lines of a CLI's output, for failure messages that stay readable. */
export function tail(text: string, lines = 40): string {
  return text.split('\n').slice(-lines).join('\n');
}
