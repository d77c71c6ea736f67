// A timed child run against a benchmark org: the request log is reset before and read after, and
// this process's own CPU time over the run (mostly the in-process emulator) is recorded.
import { childEnv, here, runChild, type ChildResult } from './child.js';
import type { BenchOrg } from './org.js';
import { summarize, type RunRequests } from './requests.js';

export interface TimedRun extends ChildResult {
  requests: RunRequests;
  /** CPU this process (the emulator) spent during the run, ms. */
  emulatorCpuMs: number;
}

export const RUN_CLI = here('./run-cli.js');
export const SDK_BASELINE = here('./sdk-baseline.js');

export async function timedRun(org: BenchOrg, script: string, args: string[], latency = 0, killAfterMs = Infinity): Promise<TimedRun> {
  org.emu.resetRequests();
  const cpu0 = process.cpuUsage();
  const result = await runChild(script, args, childEnv(org.emu.url, org.emu.adminKey), killAfterMs);
  const cpu = process.cpuUsage(cpu0);
  const requests = summarize(org.emu.requests(), result.startedAt, latency);
  org.emu.resetRequests();
  return { ...result, requests, emulatorCpuMs: (cpu.user + cpu.system) / 1000 };
}

/** `runs` plans of `file`; throws when one fails (a benchmark of an error is no benchmark). */
export async function timePlans(
  org: BenchOrg,
  file: string,
  runs: number,
  concurrency: number,
  expectCode: number,
  latency = 0,
): Promise<TimedRun[]> {
  const out: TimedRun[] = [];
  for (let i = 0; i < runs; i++) {
    const run = await timedRun(org, RUN_CLI, ['plan', file, '--no-attribution', '--detailed-exitcode', '--concurrency', String(concurrency)], latency);
    if (run.code !== expectCode) {
      throw new Error(`plan ${file} exited ${run.code}, expected ${expectCode}\n${run.stderr.slice(0, 2000)}\n${run.stdout.slice(0, 2000)}`);
    }
    out.push(run);
  }
  return out;
}
