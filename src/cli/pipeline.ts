// The stages every command shares: file → config → live state → plan.

import { loadConfig, loadEffective, type Origins } from '../config/index.js';
import type { DesiredOrg } from '../config/model.js';
import { ConfigError } from '../errors.js';
import { makePlan } from '../planner/plan.js';
import type { SafetyOptions } from '../planner/safety.js';
import type { Plan } from '../plan/types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { readLive, scopeOfConfig, type ReadOptions } from '../live/read.js';
import { usersToRead } from '../scope/narrow.js';
import type { Scoping } from './scope-flags.js';

/** `file` as given on the command line, read relative to `cwd`. */
export function loadOrThrow(file: string, cwd: string): DesiredOrg {
  const result = loadConfig(file, cwd);
  if ('errors' in result) throw new ConfigError(result.errors);
  return result.config;
}

/** loadOrThrow, with where each value of the effective config was written (plan --explain). */
export function loadWithOrigins(file: string, cwd: string): { config: DesiredOrg; origins: Origins } {
  const result = loadEffective(file, cwd);
  if ('errors' in result) throw new ConfigError(result.errors);
  return { config: result.config, origins: result.origins };
}

/** `scoping`: a scoped plan, which reads and compares only the config cut to its scope. */
export async function planAgainst(
  config: DesiredOrg,
  client: AdminClient,
  baseUrl: string,
  safety: SafetyOptions,
  opts: ReadOptions = {},
  scoping?: Scoping,
): Promise<Plan> {
  const desired = scoping?.desired ?? config;
  const read = scopeOfConfig(desired, opts);
  const emails = scoping && usersToRead(desired, scoping.scoped.scope);
  const live = await readLive(client, emails ? { ...read, only: { users: emails } } : read);
  return makePlan(desired, live, baseUrl, safety, scoping?.scoped);
}
