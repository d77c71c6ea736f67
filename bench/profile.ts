// A `node --cpu-prof` profile: its samples, and the milliseconds they add up to under a key that
// the caller derives from each sample's stack.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  byId: Map<number, ProfileNode>;
  /** Each node's caller. */
  parent: Map<number, number>;
  samples: number[];
  timeDeltas: number[];
}

/** The one `.cpuprofile` that `--cpu-prof-dir DIR` wrote. */
export function readCpuProfile(dir: string): CpuProfile {
  const name = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!name) throw new Error(`no .cpuprofile written in ${dir}`);
  const raw = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const parent = new Map<number, number>();
  for (const n of raw.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  return { byId: new Map(raw.nodes.map((n) => [n.id, n])), parent, samples: raw.samples, timeDeltas: raw.timeDeltas };
}

/** The sampled milliseconds under each key `keyOf` gives a sample's node (null: not counted). */
export function sampledMs(profile: CpuProfile, keyOf: (node: ProfileNode) => string | null): Map<string, number> {
  const out = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const node = profile.byId.get(id);
    const key = node ? keyOf(node) : null;
    if (key !== null) out.set(key, (out.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return out;
}

/** The innermost function on the node's stack whose name is one of `names`, or undefined. */
export function innermostOf(profile: CpuProfile, node: ProfileNode, names: ReadonlySet<string>): string | undefined {
  for (let id: number | undefined = node.id; id !== undefined; id = profile.parent.get(id)) {
    const name = profile.byId.get(id)?.callFrame.functionName;
    if (name !== undefined && names.has(name)) return name;
  }
  return undefined;
}
