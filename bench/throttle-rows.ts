// Two rows for pacing under throttling (issue 13): a no-op plan against a real-looking throttle
// (10 requests a minute per endpoint, burst 10, 429s whose only hint is in the message), and the
// 5% apply with 4% random 429s without hints, beside the same apply without faults.
import { writeFileSync } from 'node:fs';
import { runApply, type ApplyResult } from './apply.js';
import type { BenchOptions } from './args.js';
import { startOrg, type BenchOrg } from './org.js';
import { extraRequests } from './requests.js';
import { projectName, scopedMinimum } from './seed.js';
import { median, millis, mb, ratio, seconds } from './stats.js';
import { RUN_CLI, timedRun, type TimedRun } from './timed.js';

export interface Target {
  name: string;
  pass: boolean | null;
  figure: string;
  why?: string;
}

export interface Section {
  rows: string[][];
  details: string[];
  targets: Target[];
}

const REAL = { requestsPerMinute: 10, burst: 10, boundFactor: 1.2, throttled429Share: 0.05 };
const SCOPED = { wallMs: 30_000 };
const SPORADIC = { probability: 0.04, factor: 1.5 };

/** The no-op plan of a `realThrottleProjects` org under 10/min per endpoint, burst 10, hint only. */
export async function realThrottle(opts: BenchOptions, dir: string, progress: (line: string) => void): Promise<Section> {
  const shape = { projects: opts.realThrottleProjects, users: opts.users, invites: opts.invites };
  const org = await startOrg(shape, dir, { changed: false, allRateLimits: !opts.leanExport });
  try {
    const [worstEndpoint, worstCount] = Object.entries(org.minimum.perEndpoint).sort((a, b) => b[1] - a[1])[0] as [string, number];
    // The bucket starts full: the first `burst` requests of the busiest endpoint pass at once,
    // the rest come at the refill rate.
    const bound = (Math.max(0, worstCount - REAL.burst) / REAL.requestsPerMinute) * 60_000;
    progress(
      `real throttle: ${shape.projects}-project org, ${REAL.requestsPerMinute}/min per endpoint, burst ${REAL.burst}, hint in the message only; ` +
        `bound ${seconds(bound)} (stopped at 2 × bound)`,
    );
    org.emu.setLatency(opts.latency);
    org.emu.setThrottle({ requestsPerMinute: REAL.requestsPerMinute, burst: REAL.burst, hint: true });
    const args = ['plan', org.noopFile, '--no-attribution', '--detailed-exitcode', '--concurrency', String(opts.concurrency)];
    const run = await timedRun(org, RUN_CLI, args, opts.latency, 2 * bound + 60_000);
    org.emu.setThrottle(null);
    const r = run.requests;
    const share = r.throttled / Math.max(1, r.total);
    const finished = run.code === 0;
    const label = `orgform plan, no change, real throttle ${REAL.requestsPerMinute}/min burst ${REAL.burst}, hint only (${shape.projects} projects)`;
    return {
      rows: [[label, seconds(run.ms), String(r.total), String(org.minimum.total), mb(run.rssBytes), seconds(bound), ratio(run.ms / bound), '-', String(r.throttled)]],
      details: [
        `real throttle: ${finished ? 'exit 0' : `exit ${run.code} (${run.stderr.trim().split('\n').at(-1) ?? ''})`}, wall ${seconds(run.ms)}, ` +
          `${r.total} requests (${org.minimum.total} minimum), ${r.throttled} answered 429 (${(100 * share).toFixed(1)}%)`,
        `  bound: busiest endpoint ${worstEndpoint} needs ${worstCount}; ${REAL.burst} ride the full bucket, the other ` +
          `${Math.max(0, worstCount - REAL.burst)} come at ${REAL.requestsPerMinute}/min`,
        `  429s per endpoint: ${JSON.stringify(r.throttledPerEndpoint)}; child CPU ${millis(run.cpuMs ?? NaN)}`,
        ...Object.entries(r.pacedGaps).map(
          ([endpoint, gaps]) =>
            `    ${endpoint.replace('GET /organization/projects/{project_id}/', '')}: successes every ${millis(median(gaps))} (median) / ` +
            `${millis(Math.max(...gaps))} (max) after the first 429 vs the budget's ${millis(60_000 / REAL.requestsPerMinute)}; last at ${seconds(r.spans[endpoint]?.last ?? NaN)}`,
        ),
      ],
      targets: [
        {
          name: `real-throttle no-op plan ≤ ${REAL.boundFactor} × the throttle bound`,
          pass: finished && run.ms <= REAL.boundFactor * bound,
          figure: `${seconds(run.ms)} = ${ratio(run.ms / bound)} of ${seconds(bound)}${finished ? '' : ' (did not finish)'}`,
        },
        {
          name: `real throttle: 429s ≤ ${100 * REAL.throttled429Share}% of requests`,
          pass: share <= REAL.throttled429Share,
          figure: `${r.throttled} of ${r.total} (${(100 * share).toFixed(1)}%)`,
        },
      ],
    };
  } finally {
    await org.emu.close();
  }
}

/** The 5% apply with 4% random 429s (no hint) beside `clean`, the same apply without faults. */
export async function sporadic(org: BenchOrg, opts: BenchOptions, clean: ApplyResult | null, progress: (line: string) => void): Promise<Section> {
  const base = clean ?? (progress('sporadic 429s: the apply without faults first'), await runApply(org, opts.latency, opts.concurrency));
  progress(`sporadic 429s: the same apply with ${100 * SPORADIC.probability}% random 429s without hints (stopped at 5 × the clean apply)`);
  const faults = [{ kind: 'status' as const, status: 429 as const, probability: SPORADIC.probability }];
  const faulty = await runApply(org, opts.latency, opts.concurrency, faults, 5 * base.run.ms + 60_000);
  const r: TimedRun['requests'] = faulty.run.requests;
  // With ORGFORM_LOG=debug, the apply's pacing log: where the time went.
  if (process.env['BENCH_STDERR_FILE']) writeFileSync(process.env['BENCH_STDERR_FILE'], faulty.run.stderr);
  const factor = faulty.run.ms / base.run.ms;
  return {
    rows: [
      [
        `orgform apply, 5% (${faulty.planned} changes), ${100 * SPORADIC.probability}% random 429s`,
        seconds(faulty.run.ms),
        `${r.total} (${r.nonGets} writes)`,
        '-',
        mb(faulty.run.rssBytes),
        seconds(base.run.ms),
        ratio(factor),
        '-',
        String(r.throttled),
      ],
    ],
    details: [
      `sporadic 429s: apply with faults ${seconds(faulty.run.ms)} vs without ${seconds(base.run.ms)} (${ratio(factor)}); ` +
        `${r.throttled} 429s in ${r.total} requests; ${faulty.leftAfter} changes left after it (0 = all done)`,
    ],
    targets: [
      {
        name: `sporadic 429s: apply ≤ ${SPORADIC.factor} × the same apply without faults`,
        pass: faulty.leftAfter === 0 && factor <= SPORADIC.factor,
        figure: `${seconds(faulty.run.ms)} = ${ratio(factor)} of ${seconds(base.run.ms)}; ${r.throttled} 429s; ${faulty.leftAfter} changes left`,
      },
    ],
  };
}

/**
 * A plan scoped to one project (`--target project:NAME`) of the benchmark org, under the real
 * throttle: it must read only the org-level pages it depends on and that project's endpoints, and
 * finish in seconds where the whole-org plan takes the better part of an hour.
 */
export async function scopedPlan(org: BenchOrg, opts: BenchOptions, progress: (line: string) => void): Promise<Section> {
  const P = org.shape.projects;
  const name = projectName(Math.floor(P / 2));
  const file = org.smallFile ?? org.noopFile;
  const minimum = scopedMinimum(org.shape, { rateLimits: file === org.noopFile && !opts.leanExport });
  progress(
    `scoped plan: --target project:${name} of the ${P}-project org, real throttle (${REAL.requestsPerMinute}/min per endpoint, burst ${REAL.burst}, hint only); ` +
      `bound ${minimum.total} requests, ${seconds(SCOPED.wallMs)}`,
  );
  org.emu.setLatency(opts.latency);
  org.emu.setThrottle({ requestsPerMinute: REAL.requestsPerMinute, burst: REAL.burst, hint: true });
  const args = ['plan', file, '--target', `project:${name}`, '--no-attribution', '--detailed-exitcode', '--concurrency', String(opts.concurrency)];
  let run: TimedRun;
  try {
    run = await timedRun(org, RUN_CLI, args, opts.latency, 4 * SCOPED.wallMs);
  } finally {
    org.emu.setThrottle(null);
  }
  const r = run.requests;
  const finished = run.code === 0;
  const extra = extraRequests(r.perEndpoint, minimum.perEndpoint);
  return {
    rows: [
      [
        `orgform plan --target project:NAME, no change, real throttle (${P} projects)`,
        seconds(run.ms),
        String(r.total),
        String(minimum.total),
        mb(run.rssBytes),
        seconds(SCOPED.wallMs),
        ratio(run.ms / SCOPED.wallMs),
        '-',
        String(r.throttled),
      ],
    ],
    details: [
      `scoped plan (--target project:${name}): ${finished ? 'exit 0' : `exit ${run.code} (${run.stderr.trim().split('\n').at(-1) ?? ''})`}, wall ${seconds(run.ms)}, ` +
        `${r.total} requests (bound ${minimum.total}: ${Object.entries(minimum.perEndpoint).map(([k, v]) => `${k.replace('GET /organization', '')} ${v}`).join(', ')}), ` +
        `${r.throttled} answered 429; child CPU ${millis(run.cpuMs ?? NaN)}`,
      `  requests per endpoint: ${JSON.stringify(r.perEndpoint)}; spawn → first request ${millis(r.firstAt)} (start-up and validating the ${mb(file === org.noopFile ? org.noopBytes : (org.smallBytes ?? NaN))} file), last request → exit ${millis(run.ms - r.lastAt)}`,
    ],
    targets: [
      {
        name: 'scoped plan of one project: requests ≤ org-level pages + that project’s reads',
        pass: finished && r.total <= minimum.total,
        figure: `${r.total} vs ${minimum.total}`,
        ...(extra.length ? { why: `over the bound: ${extra.join('; ')}` } : {}),
      },
      {
        name: `scoped plan of one project under the real throttle ≤ ${seconds(SCOPED.wallMs)}`,
        pass: finished && run.ms <= SCOPED.wallMs,
        figure: `${seconds(run.ms)}${finished ? '' : ' (did not finish)'}`,
      },
    ],
  };
}
