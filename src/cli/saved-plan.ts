// `orgform apply PLAN.json`: exactly that plan, and only if nothing it read has changed.

import { open, readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { StalePlanError, UsageError } from '../errors.js';
import type { SafetyOptions } from '../planner/safety.js';
import { staleAddresses } from '../planner/stale.js';
import type { Plan } from '../plan/types.js';
import type { AdminClient } from '../providers/openai/client.js';
import { validatePlanDocument } from '../plan/schema.js';
import type { Target } from './connect.js';
import { loadOrThrow, planAgainst } from './pipeline.js';
import type { DesiredOrg } from '../config/model.js';
import type { Scoping } from './scope-flags.js';

/** What a file given to plan or apply is: a saved plan, or a config (with a note when it is JSON). */
export interface Input {
  plan?: Plan;
  /** Which one was taken, for standard error, when the name alone would not say. */
  note?: string;
}

/** A saved plan is told by its content (its `format_version`), not by its name: a config may be JSON. */
export async function readInput(file: string, cwd: string): Promise<Input> {
  // Unreadable, not a regular file (a device), or not a JSON object: the config loader says what is
  // wrong with it. Only the first bytes are read to tell.
  const path = resolve(cwd, file);
  const head = await firstBytes(path, 256);
  if (head === undefined || !/^\s*\{/.test(head)) return {};
  const text = await readFile(path, 'utf8');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    // A saved plan cut short is still a plan, not a config with a syntax error.
    if (!text.includes('"format_version"')) return {};
    throw new UsageError(`cannot read the saved plan ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof doc !== 'object' || doc === null || !Object.hasOwn(doc, 'format_version')) {
    return { note: `${file} has no format_version: reading it as a config file, not a saved plan.` };
  }
  const problems = validatePlanDocument(doc);
  if (problems.length > 0) throw new UsageError(`${file} is not an orgform plan:\n  ${problems.join('\n  ')}`);
  const plan = doc as Plan;
  return { plan, note: `${file} is a saved plan (format_version ${plan.format_version}): applying exactly it.` };
}

/** The config the saved plan was made from, unchanged since. */
export async function configOfPlan(plan: Plan, planFile: string, cwd: string): Promise<DesiredOrg> {
  const bytes = await readFile(resolve(cwd, plan.config.file)).catch(() => {
    throw new UsageError(`${planFile} was made from ${plan.config.file}, which cannot be read here`);
  });
  const digest = createHash('sha256').update(bytes).digest('hex');
  if (digest !== plan.config.digest) {
    throw new StalePlanError([`${plan.config.file} changed since the plan was made (digest ${digest.slice(0, 12)} ≠ ${plan.config.digest.slice(0, 12)})`]);
  }
  return loadOrThrow(plan.config.file, cwd);
}

/** Re-reads what the plan depends on before the first change; refuses if anything moved. */
export async function assertFresh(
  saved: Plan,
  config: DesiredOrg,
  client: AdminClient,
  target: Target,
  safety: SafetyOptions,
  /** A scoped plan's scope: only what it covers is re-read, and it must find the same changes. */
  scoping?: Scoping,
): Promise<void> {
  if (saved.api_base_url !== target.baseUrl) {
    throw new UsageError(`the plan was made against ${saved.api_base_url}, and OPENAI_BASE_URL is ${target.baseUrl}`);
  }
  const fresh = await planAgainst(config, client, target.baseUrl, safety, {}, scoping);
  const stale = staleAddresses(saved, fresh);
  if (stale.length > 0) throw new StalePlanError(stale);
}

/** The first `n` bytes of a regular file, as text; undefined for anything else. */
async function firstBytes(path: string, n: number): Promise<string | undefined> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    if (!(await handle.stat()).isFile()) return undefined;
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(n), 0, n, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}
