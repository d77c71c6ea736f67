// The CPU-only figure's own process (so the emulator's heap in the benchmark process does not
// weigh on its garbage collector): reads the live state once over HTTP (latency 0), then times
// loadConfig (validate) and makePlan (diff + order) in memory.
//   node [--cpu-prof --cpu-prof-dir DIR] dist/bench/cpu-child.js --runs N FILE...
// One JSON line per FILE on stdout.  `--rss-only FILE`: validate once, print the peak RSS.
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../src/config/index.js';
import type { DesiredOrg } from '../src/config/model.js';
import { makePlan } from '../src/planner/plan.js';
import { AdminClient } from '../src/providers/openai/client.js';
import { readLive, scopeOfConfig } from '../src/live/read.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const files = args.filter((a, i) => a !== '--runs' && i !== runsAt + 1);

function config(file: string): DesiredOrg {
  const loaded = loadConfig(file);
  if ('errors' in loaded) throw new Error(`${file}: ${loaded.errors.slice(0, 3).map((e) => e.message).join('; ')}`);
  return loaded.config;
}

if (args[0] === '--rss-only') {
  // Only validate the file: the peak RSS that the config stage alone costs.
  const t0 = performance.now();
  config(args[1] ?? '');
  process.stdout.write(`${JSON.stringify({ ms: performance.now() - t0, maxRssBytes: process.resourceUsage().maxRSS * 1024 })}\n`);
  process.exit(0);
}

const client = new AdminClient({ baseUrl: process.env['OPENAI_BASE_URL'] ?? '', adminKey: process.env['OPENAI_ADMIN_KEY'] ?? '' });
try {
  for (const file of files) {
    const live = await readLive(client, scopeOfConfig(config(file)));
    const load: number[] = [];
    const plan: number[] = [];
    let changes = 0;
    for (let i = 0; i <= runs; i++) {
      const t0 = performance.now();
      const desired = config(file);
      const t1 = performance.now();
      changes = makePlan(desired, live, 'http://bench.invalid/v1').changes.length;
      const t2 = performance.now();
      load.push(t1 - t0);
      plan.push(t2 - t1);
    }
    process.stdout.write(`${JSON.stringify({ file, changes, load, plan, heapMB: process.memoryUsage().heapUsed / 2 ** 20 })}\n`);
  }
} finally {
  await client.close();
}
