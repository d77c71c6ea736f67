// The apply of the 5% change set on a fresh copy of the org: one request per change?
import { loadConfig } from '../src/config/index.js';
import type { FaultRule } from '../src/emulator/index.js';
import { makePlan, readLiveOnce } from './cpu.js';
import type { BenchOrg } from './org.js';
import { RUN_CLI, timedRun, type TimedRun } from './timed.js';

export interface ApplyResult {
  run: TimedRun;
  planned: number;
  plannedByKind: Record<string, number>;
  /** Changes a plan still finds after the apply (0 when it did everything). */
  leftAfter: number;
}

async function planChanges(org: BenchOrg, file: string) {
  const loaded = loadConfig(file);
  if ('errors' in loaded) throw new Error(`${file}: ${loaded.errors[0]?.message}`);
  const live = await readLiveOnce(org, file);
  return makePlan(loaded.config, live, org.emu.url).changes;
}

/** `faults` are injected during the timed apply only (not the plans before and after). */
export async function runApply(
  org: BenchOrg,
  latency: number,
  concurrency: number,
  faults: FaultRule[] = [],
  killAfterMs = Infinity,
): Promise<ApplyResult> {
  const file = org.changedFile;
  if (!file) throw new Error('no changed config');
  org.emu.setState(org.pristine);
  const changes = await planChanges(org, file);
  const plannedByKind: Record<string, number> = {};
  for (const c of changes) plannedByKind[`${c.kind} ${c.action}`] = (plannedByKind[`${c.kind} ${c.action}`] ?? 0) + 1;
  org.emu.setLatency(latency);
  org.emu.setFaults(faults);
  const run = await timedRun(org, RUN_CLI, ['apply', file, '--auto-approve', '--concurrency', String(concurrency)], 0, killAfterMs).finally(() =>
    org.emu.setFaults([]),
  );
  if (run.code !== 0) throw new Error(`apply exited ${run.code}\n${run.stderr.slice(0, 2000)}\n${run.stdout.slice(-2000)}`);
  const leftAfter = (await planChanges(org, file)).length;
  org.emu.setState(org.pristine);
  return { run, planned: changes.length, plannedByKind, leftAfter };
}
