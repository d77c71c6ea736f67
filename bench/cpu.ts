// The CPU-only figure: validate + diff + plan with the live state already in memory (no HTTP),
// run in its own process (cpu-child.ts), plus a --cpu-prof run of the same that says where the
// time goes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config/index.js';
import { makePlan } from '../src/planner/plan.js';
import { AdminClient } from '../src/providers/openai/client.js';
import { readLive, scopeOfConfig } from '../src/live/read.js';
import type { LiveOrg } from '../src/kinds/live-state.js';
import { childEnv, here } from './child.js';
import type { BenchOrg } from './org.js';
import { innermostOf, readCpuProfile, sampledMs, type ProfileNode } from './profile.js';
import { median } from './stats.js';

export interface CpuFigure {
  label: string;
  changes: number;
  /** The first run: ajv compiles the schema, V8 is cold. */
  coldMs: number;
  loadMs: number;
  planMs: number;
  totalMs: number;
  /** Where one profiled run spent its time. */
  profile: CpuBreakdown;
}

export interface CpuBreakdown {
  /** Sampled ms inside loadConfig, by source (file or package). */
  load: [string, number][];
  /** Sampled ms inside makePlan, by function. */
  plan: [string, number][];
  /** Garbage collection over the whole profiled process, ms. */
  gcMs: number;
  loadTotal: number;
  planTotal: number;
}

/** The live state for `file`, read once at latency 0 (for apply's before/after plans). */
export async function readLiveOnce(org: BenchOrg, file: string): Promise<LiveOrg> {
  org.emu.setLatency(0);
  const client = new AdminClient({ baseUrl: org.emu.url, adminKey: org.emu.adminKey });
  try {
    const loaded = loadConfig(file);
    if ('errors' in loaded) throw new Error(`${file}: ${loaded.errors[0]?.message}`);
    return await readLive(client, scopeOfConfig(loaded.config));
  } finally {
    await client.close();
    org.emu.resetRequests();
  }
}
export { makePlan };

function run(nodeArgs: string[], args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, here('./cpu-child.js'), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(Buffer.concat(out).toString('utf8')) : reject(new Error(`cpu-child exited ${code}: ${Buffer.concat(err).toString('utf8').slice(0, 2000)}`)),
    );
  });
}

/** Peak RSS of a process that only validates `file` (loadConfig), and how long that took. */
export async function configOnlyRss(file: string): Promise<{ ms: number; maxRssBytes: number }> {
  return JSON.parse(await run([], ['--rss-only', file], process.env)) as { ms: number; maxRssBytes: number };
}

interface ChildLine {
  file: string;
  changes: number;
  load: number[];
  plan: number[];
}

export async function cpuFigures(org: BenchOrg, files: { label: string; file: string }[], runs: number): Promise<CpuFigure[]> {
  org.emu.setLatency(0);
  const env = childEnv(org.emu.url, org.emu.adminKey);
  const lines = (await run([], ['--runs', String(runs), ...files.map((f) => f.file)], env))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as ChildLine);
  const out: CpuFigure[] = [];
  for (const f of files) {
    const line = lines.find((l) => l.file === f.file);
    if (!line) throw new Error(`cpu-child said nothing about ${f.file}`);
    const total = line.load.map((l, i) => l + (line.plan[i] ?? 0));
    out.push({
      label: f.label,
      changes: line.changes,
      coldMs: total[0] ?? NaN,
      loadMs: median(line.load.slice(1)),
      planMs: median(line.plan.slice(1)),
      totalMs: median(total.slice(1)),
      profile: await profileRun(f.file, env),
    });
  }
  org.emu.resetRequests();
  return out;
}

// ---- --cpu-prof: samples under loadConfig / makePlan, by source ----------------------------------

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sourceOf(url: string): string {
  if (!url) return '(native)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (pkg) return `node_modules/${pkg[1]}`;
  if (path.startsWith(ROOT)) return path.slice(ROOT.length).replace(/^dist\//, '');
  return '(node internals)';
}

async function profileRun(file: string, env: NodeJS.ProcessEnv): Promise<CpuBreakdown> {
  const dir = mkdtempSync(join(tmpdir(), 'orgform-bench-prof-'));
  try {
    await run(['--cpu-prof', '--cpu-prof-dir', dir], ['--runs', '2', file], env);
    const profile = readCpuProfile(dir);
    const stage = new Set(['loadConfig', 'makePlan']);
    const scopeOf = (node: ProfileNode): 'load' | 'plan' | null => {
      const fn = innermostOf(profile, node, stage);
      return fn === 'loadConfig' ? 'load' : fn === 'makePlan' ? 'plan' : null;
    };
    const gc = sampledMs(profile, (n) => (n.callFrame.functionName === '(garbage collector)' ? 'gc' : null)).get('gc') ?? 0;
    const load = sampledMs(profile, (n) => (scopeOf(n) === 'load' ? sourceOf(n.callFrame.url) : null));
    const plan = sampledMs(profile, (n) => {
      const { functionName, url, lineNumber } = n.callFrame;
      return scopeOf(n) === 'plan' ? `${functionName || '(anonymous)'} (${sourceOf(url)}:${lineNumber + 1})` : null;
    });
    const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
    const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
    // Three passes of each (cold + 2) were profiled: per pass.
    const per = (m: [string, number][]) => m.map(([k, v]): [string, number] => [k, v / 3]);
    return { load: per(sorted(load)), plan: per(sorted(plan)), gcMs: gc / 3, loadTotal: total(load) / 3, planTotal: total(plan) / 3 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
