// One benchmark organization: the emulator serving it (in this process) and its config files.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_CONFIG_BYTES } from '../src/config/index.js';
import { startEmulator, type EmulatorState, type RunningEmulator } from '../src/emulator/index.js';
import { changedConfig, noChangeConfig, readOrg, type ChangeCounts } from './configs.js';
import { makeSeed, minimumRequests, type OrgShape } from './seed.js';

export interface BenchOrg {
  emu: RunningEmulator;
  shape: OrgShape;
  /** The state right after seeding: apply runs on a fresh copy of it. */
  pristine: EmulatorState;
  noopFile: string;
  noopBytes: number;
  changedFile?: string;
  /** When the full config is over orgform's size limit: as `orgform export` writes it by default. */
  smallFile?: string;
  smallBytes?: number;
  expected?: ChangeCounts;
  minimum: ReturnType<typeof minimumRequests>;
  setupMs: number;
}

export async function startOrg(shape: OrgShape, dir: string, opts: { changed: boolean; allRateLimits: boolean }): Promise<BenchOrg> {
  const t0 = Date.now();
  // Latency 0 while the configs are written; the timed runs set their own.
  const emu = await startEmulator({ seed: makeSeed(shape), latencyMs: 0 });
  const pristine = emu.getState();
  const live = await readOrg(emu);
  const tag = `${shape.projects}p`;
  const noopFile = join(dir, `org-${tag}-no-change.yaml`);
  const noop = noChangeConfig(live, opts.allRateLimits);
  writeFileSync(noopFile, noop);
  const org: BenchOrg = {
    emu,
    shape,
    pristine,
    noopFile,
    noopBytes: Buffer.byteLength(noop),
    minimum: minimumRequests(shape, { rateLimits: opts.allRateLimits }),
    setupMs: 0,
  };
  if (org.noopBytes > MAX_CONFIG_BYTES) {
    // What `orgform export` writes by default: rate-limit rows at the org's usual value left out.
    const small = noChangeConfig(live, false);
    org.smallFile = join(dir, `org-${tag}-no-change-no-rate-limits.yaml`);
    org.smallBytes = Buffer.byteLength(small);
    writeFileSync(org.smallFile, small);
  }
  if (opts.changed) {
    const changed = changedConfig(live, shape, opts.allRateLimits);
    org.changedFile = join(dir, `org-${tag}-5pct-changed.yaml`);
    org.expected = changed.expected;
    writeFileSync(org.changedFile, changed.text);
  }
  emu.resetRequests();
  org.setupMs = Date.now() - t0;
  return org;
}
