// The benchmark's flags.
import { parseArgs } from 'node:util';

export interface BenchOptions {
  projects: number;
  users: number;
  invites: number;
  latency: number;
  runs: number;
  concurrency: number;
  scaling: boolean;
  /** Run the SDK baseline on this many projects and scale; 0 = decide from the estimate. */
  baselineProjects: number;
  throttleProjects: number;
  throttleRpm: number;
  /** Org size of the real-throttle scenario (10/min, burst 10, hint only). */
  realThrottleProjects: number;
  cpuRuns: number;
  skip: Set<string>;
  /** Write the configs as `orgform export` does by default (usual rate-limit rows left out). */
  leanExport: boolean;
}

export const HELP = `usage: npm run bench -- [options]      (or: node dist/bench/bench.js [options])

  --projects N            projects in the generated org (default 1000)
  --users N               org users (default 5000)
  --latency MS            latency the emulator adds to every request (default 25)
  --runs N                runs of each timed plan; the median is shown (default 3)
  --concurrency N         orgform's --concurrency (default 16, orgform's own default)
  --baseline-projects N   run the SDK baseline on the first N projects and scale it to the org
                          by request count (default: the whole org, unless that would take
                          more than ~3 minutes)
  --throttle-projects N   org size of the throttled scenario (default 100)
  --real-throttle-projects N
                          org size of the real-throttle scenario: 10 requests/min per endpoint,
                          burst 10, 429s with a hint in the message only (default 100)
  --cpu-runs N            runs of the in-memory validate + diff + plan (default 7)
  --scaling               only the no-op plan at 100, 1,000 and 5,000 projects
  --skip LIST             comma-separated: validate, plan, baseline, throttle, real-throttle,
                          scoped (the real-throttle plan of one project of the org), cpu, apply,
                          sporadic (the apply again with 4% random 429s)
  --lean-export           write the configs as \`orgform export\` does by default: rate-limit rows at
                          the org's usual value are left out (so not managed, not read); the
                          default writes every row (--all-rate-limits), as the scenario asks
`;

export function parseBenchArgs(argv: string[]): BenchOptions | null {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      projects: { type: 'string', default: '1000' },
      users: { type: 'string', default: '5000' },
      invites: { type: 'string', default: '20' },
      latency: { type: 'string', default: '25' },
      runs: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '16' },
      scaling: { type: 'boolean', default: false },
      'baseline-projects': { type: 'string', default: '0' },
      'throttle-projects': { type: 'string', default: '100' },
      'throttle-rpm': { type: 'string', default: '60' },
      'real-throttle-projects': { type: 'string', default: '100' },
      'cpu-runs': { type: 'string', default: '7' },
      skip: { type: 'string', default: '' },
      'lean-export': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) return null;
  const int = (name: keyof typeof values, min: number): number => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${String(name)} must be an integer of at least ${min}`);
    return n;
  };
  return {
    projects: int('projects', 1),
    users: int('users', 11),
    invites: int('invites', 0),
    latency: int('latency', 0),
    runs: int('runs', 1),
    concurrency: int('concurrency', 1),
    scaling: values.scaling === true,
    baselineProjects: int('baseline-projects', 0),
    throttleProjects: int('throttle-projects', 1),
    throttleRpm: int('throttle-rpm', 1),
    realThrottleProjects: int('real-throttle-projects', 1),
    cpuRuns: int('cpu-runs', 1),
    leanExport: values['lean-export'] === true,
    skip: new Set(String(values.skip).split(',').map((s) => s.trim()).filter(Boolean)),
  };
}
