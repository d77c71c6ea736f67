// `npm run bench`: orgform against the in-process emulator, with figures and targets.
// Prints figures; asserts nothing (the machine is shared and noisy). See HELP in args.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runApply, type ApplyResult } from './apply.js';
import { HELP, parseBenchArgs, type BenchOptions } from './args.js';
import { totalChanges } from './configs.js';
import { configOnlyRss, cpuFigures } from './cpu.js';
import { machineLines } from './machine.js';
import { startOrg, type BenchOrg } from './org.js';
import { extraRequests } from './requests.js';
import { minimumRequests, RATE_LIMIT_ROWS } from './seed.js';
import { mb, median, millis, ratio, seconds, table } from './stats.js';
import { realThrottle, scopedPlan, sporadic, type Target } from './throttle-rows.js';
import { validateRows } from './validate.js';
import { parseSimpleYaml } from '../src/config/simple-yaml.js';
import { RUN_CLI, SDK_BASELINE, timedRun, timePlans, type TimedRun } from './timed.js';

const TARGET = { boundFactor: 1.5, sdkFactor: 10, rssBytes: 300 * 1024 * 1024, cpuMs: 500, throttleFactor: 1.3, throttled429Share: 0.1 };
/** Estimated SDK baseline runs longer than this are run on a subset and scaled. */
const BASELINE_BUDGET_MS = 180_000;
/** Per-request overhead assumed when estimating the sequential baseline (client + emulator). */
const BASELINE_OVERHEAD_MS = 1.5;

const log = (line = '') => process.stdout.write(`${line}\n`);
const progress = (line: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

/** The latency bound: the fewest requests the data needs, `concurrency` at a time, each `latency` ms. */
const latencyBound = (requests: number, concurrency: number, latency: number) => (requests / concurrency) * latency;

function medianRun(runs: TimedRun[]): TimedRun {
  const ms = median(runs.map((r) => r.ms));
  return [...runs].sort((a, b) => Math.abs(a.ms - ms) - Math.abs(b.ms - ms))[0] as TimedRun;
}

async function main(): Promise<number> {
  const opts = parseBenchArgs(process.argv.slice(2));
  if (!opts) {
    log(HELP);
    return 0;
  }
  for (const line of machineLines()) log(line);
  log('emulator: in-process (src/emulator), serving over HTTP on 127.0.0.1; the children are separate node processes');
  const dir = mkdtempSync(join(tmpdir(), 'orgform-bench-'));
  try {
    return opts.scaling ? await scaling(opts, dir) : await standard(opts, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

async function standard(opts: BenchOptions, dir: string): Promise<number> {
  const { latency, concurrency } = opts;
  const shape = { projects: opts.projects, users: opts.users, invites: opts.invites };
  progress(`seeding ${shape.projects} projects, ${shape.users} users; writing the configs with orgform's export`);
  const org = await startOrg(shape, dir, { changed: true, allRateLimits: !opts.leanExport });
  const expectedChanges = totalChanges(org.expected ?? {});
  const min = org.minimum;
  const bound = latencyBound(min.total, concurrency, latency);
  log(
    `org: ${shape.projects} projects × (3 spend alerts, 10 members, model permissions, data retention, 26 rate-limit rows), ` +
      `${shape.users} users, ${shape.invites} invites; latency ${latency} ms per request; orgform --concurrency ${concurrency}`,
  );
  log(
    `configs (orgform's export code, ${opts.leanExport ? 'as `orgform export` writes by default: rate-limit rows at the usual value left out' : 'every rate-limit row written: `export --all-rate-limits`'}): ` +
      `no-change ${mb(org.noopBytes)} (${org.noopBytes} bytes), 5% changed: ${expectedChanges} changes ${JSON.stringify(org.expected)}`,
  );
  log(`setup (seed + export at latency 0): ${seconds(org.setupMs)}`);
  log();

  const rows: string[][] = [['scenario', 'wall', 'requests', 'minimum', 'peak RSS', 'bound', 'wall ÷ bound', 'SDK ÷ orgform', '429s']];
  const details: string[] = [];
  const targets: Target[] = [];

  // -- 2. validate (no emulator: validate touches no network) -------------------------------------
  if (!opts.skip.has('validate')) {
    progress(`validate of the ${shape.projects}-project config: ${opts.runs} runs, then a --cpu-prof run`);
    const v = await validateRows(org.noopFile, org.noopBytes, shape.projects, opts.runs);
    rows.push(...v.rows);
    details.push(...v.details);
    targets.push(...v.targets);
  }

  // -- 3. plan, no change and 5% changed ----------------------------------------------------------
  let noop: TimedRun[] = [];
  let changed: TimedRun[] = [];
  if (!opts.skip.has('plan')) {
    org.emu.setLatency(latency);
    progress(`plan, no change: ${opts.runs} runs`);
    noop = await timePlans(org, org.noopFile, opts.runs, concurrency, 0);
    progress(`plan, 5% changed: ${opts.runs} runs`);
    changed = await timePlans(org, org.changedFile as string, opts.runs, concurrency, 2);
  }

  // -- 4. SDK baseline -----------------------------------------------------------------------------
  let sdk: { ms: number; label: string; run: TimedRun; scaled: boolean } | null = null;
  if (!opts.skip.has('baseline')) {
    org.emu.setLatency(latency);
    const estimate = min.total * (latency + BASELINE_OVERHEAD_MS);
    let subset = opts.baselineProjects > 0 && opts.baselineProjects < shape.projects ? opts.baselineProjects : 0;
    if (!subset && estimate > BASELINE_BUDGET_MS) {
      subset = Math.max(1, Math.floor((shape.projects * BASELINE_BUDGET_MS) / 2 / estimate));
    }
    progress(`SDK baseline (sequential): ${subset ? `${subset} of ${shape.projects} projects, scaled` : `all ${shape.projects} projects`}; estimate ${seconds(estimate)} for the whole org`);
    const run = await timedRun(org, SDK_BASELINE, subset ? ['--max-projects', String(subset)] : []);
    if (run.code !== 0) throw new Error(`the SDK baseline exited ${run.code}\n${run.stderr.slice(0, 2000)}`);
    // Extrapolated linearly in requests: the subset's wall time plus, for each request it did not
    // make, its own mean time per request (start-up is not multiplied).
    const perRequest = (run.requests.lastAt - run.requests.firstAt) / Math.max(1, run.requests.total - 1);
    const scaledMs = subset ? run.ms + (min.total - run.requests.total) * perRequest : run.ms;
    sdk = {
      ms: scaledMs,
      run,
      scaled: subset > 0,
      label: subset
        ? `SDK baseline, sequential (est.: ${subset}-project subset, ${seconds(run.ms)} for ${run.requests.total} requests, ` +
          `+ ${min.total - run.requests.total} more requests at its ${perRequest.toFixed(1)} ms each)`
        : 'SDK baseline, sequential (whole org)',
    };
  }

  if (noop.length) {
    const m = medianRun(noop);
    const wall = median(noop.map((r) => r.ms));
    const reqs = median(noop.map((r) => r.requests.total));
    const rss = Math.max(...noop.map((r) => r.rssBytes ?? NaN));
    rows.push([
      `orgform plan, no change (${shape.projects} projects)`,
      seconds(wall),
      String(reqs),
      String(min.total),
      mb(rss),
      seconds(bound),
      ratio(wall / bound),
      sdk ? ratio(sdk.ms / wall) + (sdk.scaled ? ' (est.)' : '') : '-',
      String(median(noop.map((r) => r.requests.throttled))),
    ]);
    const cw = median(changed.map((r) => r.ms));
    rows.push([
      `orgform plan, 5% changed (${expectedChanges} changes)`,
      seconds(cw),
      String(median(changed.map((r) => r.requests.total))),
      String(min.total),
      mb(Math.max(...changed.map((r) => r.rssBytes ?? NaN))),
      seconds(bound),
      ratio(cw / bound),
      sdk ? ratio(sdk.ms / cw) + (sdk.scaled ? ' (est.)' : '') : '-',
      String(median(changed.map((r) => r.requests.throttled))),
    ]);
    details.push(...planTimeline('no-change plan (median run)', m, latency, concurrency, bound, min.perEndpoint));
    details.push(`  all runs: ${noop.map((r) => seconds(r.ms)).join(', ')}; 5% changed runs: ${changed.map((r) => seconds(r.ms)).join(', ')}`);
    const extra = extraRequests(m.requests.perEndpoint, min.perEndpoint);
    targets.push({
      name: 'no-op plan requests ≤ the minimum the data needs',
      pass: reqs <= min.total,
      figure: `${reqs} vs ${min.total}`,
      ...(extra.length ? { why: `over the minimum: ${extra.join('; ')}` } : {}),
    });
    targets.push({
      name: `no-op plan ≤ ${TARGET.boundFactor} × latency bound`,
      pass: wall <= TARGET.boundFactor * bound,
      figure: `${seconds(wall)} = ${ratio(wall / bound)} of ${seconds(bound)}`,
      why: timeVerdict(m, latency, concurrency, bound),
    });
    // The bound is the no-op plan's; the 5% plan is printed beside it.
    const rssPass = rss < TARGET.rssBytes;
    const alone = await configOnlyRss(org.noopFile);
    const text = readFileSync(org.noopFile, 'utf8');
    const rateLimitBytes = text.split('\n').filter((l) => l.includes('max_requests_per_1_minute')).reduce((a, l) => a + l.length + 1, 0);
    const rssWhy =
      `a process that only validates the file (loadConfig, nothing else) peaks at ${mb(alone.maxRssBytes)} ` +
      `(${parseSimpleYaml(text) === undefined ? 'read by the yaml package, with positions' : 'read by the fast reader, no positions'}); the rest is the live state ` +
      `read over HTTP and the plan; ${((100 * rateLimitBytes) / text.length).toFixed(0)}% of the file is rate-limit rows (export writes all ` +
      `${RATE_LIMIT_ROWS} per project)`;
    targets.push({
      name: `peak RSS of the no-op plan < ${mb(TARGET.rssBytes)} at ${shape.projects} projects (plan in a child process, emulator in this one)`,
      pass: rssPass,
      figure: `no change ${mb(rss)} (5% changed ${mb(Math.max(...changed.map((r) => r.rssBytes ?? NaN)))}; config ${mb(org.noopBytes)}; validating it alone ${mb(alone.maxRssBytes)})`,
      why: rssWhy,
    });
    if (sdk) {
      targets.push({
        name: `≥ ${TARGET.sdkFactor} × faster than the sequential SDK baseline`,
        pass: sdk.ms / wall >= TARGET.sdkFactor,
        figure: `${ratio(sdk.ms / wall)}${sdk.scaled ? ' (baseline estimated from a subset)' : ''}`,
        why:
          sdk.ms / wall >= TARGET.sdkFactor
            ? undefined
            : `the baseline is bounded by requests × latency = ${seconds(min.total * latency)}; orgform at ${concurrency} in flight cannot beat ${ratio((min.total * latency) / bound)} even at its bound`,
      });
    }
  }
  if (sdk) {
    rows.push([
      sdk.label.replace(/ \(.*/, sdk.scaled ? ' (est.)' : ''),
      seconds(sdk.ms),
      String(sdk.scaled ? min.total : sdk.run.requests.total),
      String(min.total),
      mb(sdk.run.rssBytes),
      seconds(min.total * latency),
      ratio(sdk.ms / (min.total * latency)),
      '1.00×',
      String(sdk.run.requests.throttled),
    ]);
    details.push(`${sdk.label}: bound for one request at a time = requests × latency = ${seconds(min.total * latency)}; child CPU ${millis(sdk.run.cpuMs ?? NaN)}`);
    const extra = extraRequests(sdk.run.requests.perEndpoint, min.perEndpoint);
    if (!sdk.scaled && extra.length) details.push(`  SDK baseline requests over the minimum: ${extra.join('; ')}`);
  }

  // -- 6. throttled --------------------------------------------------------------------------------
  if (!opts.skip.has('throttle')) {
    const t = await throttled(opts, dir);
    rows.push(t.row);
    details.push(...t.details);
    targets.push(...t.targets);
  }
  if (!opts.skip.has('real-throttle')) {
    const t = await realThrottle(opts, dir, progress);
    rows.push(...t.rows);
    details.push(...t.details);
    targets.push(...t.targets);
  }
  if (!opts.skip.has('scoped')) {
    const t = await scopedPlan(org, opts, progress);
    rows.push(...t.rows);
    details.push(...t.details);
    targets.push(...t.targets);
  }

  // -- 8. apply ------------------------------------------------------------------------------------
  let applied: ApplyResult | null = null;
  if (!opts.skip.has('apply')) {
    progress(`apply of the 5% change set (${expectedChanges} changes) on a fresh copy of the org`);
    applied = await runApply(org, latency, concurrency);
    const r = applied.run.requests;
    const planReads = Math.min(r.gets, min.total);
    rows.push([
      `orgform apply --auto-approve, 5% (${applied.planned} changes)`,
      seconds(applied.run.ms),
      `${r.total} (${r.nonGets} writes)`,
      `${min.total}+${applied.planned}`,
      mb(applied.run.rssBytes),
      seconds(latencyBound(min.total + applied.planned, concurrency, latency)),
      ratio(applied.run.ms / latencyBound(min.total + applied.planned, concurrency, latency)),
      '-',
      String(r.throttled),
    ]);
    details.push(
      `apply: ${applied.planned} planned changes (${JSON.stringify(applied.plannedByKind)}); ${r.nonGets} non-GET requests ` +
        `(${JSON.stringify(r.nonGetPerEndpoint)}); ${r.gets} GETs: apply plans first, reading the live state exactly as plan does ` +
        `(${planReads} = the plan's minimum reads${r.gets > min.total ? `, plus ${r.gets - min.total} more: ${extraRequests(r.perEndpoint, { ...min.perEndpoint, ...r.nonGetPerEndpoint }).join('; ')}` : ''}); ` +
        `a plan after the apply finds ${applied.leftAfter} changes left`,
    );
    details.push(
      `  apply timing: child CPU ${millis(applied.run.cpuMs ?? NaN)}, emulator CPU ${millis(applied.run.emulatorCpuMs)}` +
        (applied.run.emulatorCpuMs > applied.run.ms / 2 ? ' (the emulator, in this process, is busy for most of the wall time: the figure says more about it than about orgform)' : ''),
    );
    targets.push({
      name: '5% apply makes exactly one request per change',
      pass: r.nonGets === applied.planned && applied.leftAfter === 0,
      figure: `${r.nonGets} writes for ${applied.planned} changes; ${r.gets} GETs (the plan's reads); ${applied.leftAfter} left after`,
      ...(r.nonGets !== applied.planned ? { why: `writes per endpoint ${JSON.stringify(r.nonGetPerEndpoint)} vs changes ${JSON.stringify(applied.plannedByKind)}` } : {}),
    });
    if (expectedChanges !== applied.planned) {
      details.push(`  note: the change set was built to hold ${expectedChanges} changes; orgform planned ${applied.planned}`);
    }
  }
  if (!opts.skip.has('sporadic')) {
    const t = await sporadic(org, opts, applied, progress);
    rows.push(...t.rows);
    details.push(...t.details);
    targets.push(...t.targets);
  }

  // -- 7. CPU only ---------------------------------------------------------------------------------
  if (!opts.skip.has('cpu')) {
    progress(`in-memory validate + diff + plan: ${opts.cpuRuns} runs per config, in a child process; then a --cpu-prof run`);
    const cpu = await cpuFigures(
      org,
      [
        { label: 'no change', file: org.noopFile },
        { label: '5% changed', file: org.changedFile as string },
      ],
      opts.cpuRuns,
    );
    for (const c of cpu) {
      rows.push([`in memory, ${c.label}: validate + diff + plan (no HTTP)`, millis(c.totalMs), '0', '-', '-', '-', '-', '-', '-']);
      const p = c.profile;
      details.push(
        `in memory, ${c.label} (${c.changes} changes), median of ${opts.cpuRuns}: loadConfig (read + YAML + schema + rules + normalize) ${millis(c.loadMs)}, ` +
          `makePlan (diff + order) ${millis(c.planMs)}, total ${millis(c.totalMs)}; first (cold) run ${millis(c.coldMs)}`,
      );
      const pct = (ms: number, of: number) => `${((100 * ms) / of).toFixed(0)}%`;
      const all = p.loadTotal + p.planTotal + p.gcMs;
      details.push(
        `  where the time goes (--cpu-prof samples, profiler overhead included): loadConfig ${pct(p.loadTotal, all)}, makePlan ${pct(p.planTotal, all)}, ` +
          `garbage collection ${pct(p.gcMs, all)} (GC is not split between the two)`,
      );
      details.push(`    loadConfig by source: ${p.load.slice(0, 6).map(([s, ms]) => `${s} ${pct(ms, p.loadTotal)}`).join(', ')}`);
      details.push(`    makePlan by function: ${p.plan.slice(0, 5).map(([s, ms]) => `${s} ${pct(ms, p.planTotal)}`).join('; ')}`);
    }
    // The issue's target is diff + plan with the live state in memory; validating the file is
    // printed beside it (it is most of the total on a large file: the yaml package).
    const worst = cpu.reduce((a, b) => (b.planMs > a.planMs ? b : a));
    const yamlMs = worst.profile.load.filter(([s]) => s === 'node_modules/yaml' || s === 'src/config/simple-yaml.js').reduce((a, [, ms]) => a + ms, 0);
    targets.push({
      name: `diff + plan in memory < ${TARGET.cpuMs} ms (${shape.projects} projects)`,
      pass: worst.planMs < TARGET.cpuMs,
      figure:
        cpu.map((c) => `${c.label} ${millis(c.planMs)}`).join(', ') +
        `; with validating the ${mb(org.noopBytes)} file first: ` +
        cpu.map((c) => `${c.label} ${millis(c.totalMs)}`).join(', ') +
        ` (${((100 * yamlMs) / worst.profile.loadTotal).toFixed(0)}% of validation is reading the YAML: simple-yaml.ts, or the yaml package where the fast reader gives up)`,
      ...(worst.planMs < TARGET.cpuMs
        ? {}
        : { why: `diff + plan took ${millis(worst.planMs)}; see the makePlan profile above` }),
    });
  }

  await org.emu.close();

  log(table(rows));
  log();
  log(`bound = minimum requests ÷ concurrency (${concurrency}) × latency (${latency} ms); minimum = list pages at limit 100 + one call per singleton:`);
  log(`  ${Object.entries(min.perEndpoint).map(([k, v]) => `${k.replace('/organization', '')} ${v}`).join(', ')}`);
  log('wall = spawn to exit of `node dist/bench/run-cli.js plan FILE --no-attribution` (= bin/orgform.js + peak-RSS report), median of the runs');
  log();
  for (const line of details) log(line);
  log();
  log('targets:');
  for (const t of targets) {
    log(`  ${t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'MISS'}  ${t.name}: ${t.figure}`);
    if (t.why && (t.pass === false || t.pass === null)) log(`        why: ${t.why}`);
  }
  return 0;
}

/** Where the time of a plan went, from the emulator's request log. */
function planTimeline(label: string, run: TimedRun, latency: number, concurrency: number, bound: number, minimum: Record<string, number>): string[] {
  const r = run.requests;
  const perProject = Object.entries(r.perEndpoint).filter(([k]) => k.includes('{project_id}')).reduce((a, [, n]) => a + n, 0);
  const phase = r.lastProjectReadAt - r.firstProjectReadAt;
  const ideal = (concurrency / latency) * 1000;
  const lines = [
    `${label}: wall ${seconds(run.ms)}, child CPU ${millis(run.cpuMs ?? NaN)}, emulator CPU ${millis(run.emulatorCpuMs)}`,
    `  spawn → first request ${millis(r.firstAt)} (node start, module load, validate the config); ` +
      `→ first per-project read ${millis(r.firstProjectReadAt)}; → last per-project read ${millis(r.lastProjectReadAt)}; ` +
      `→ last request ${millis(r.lastAt)}; last request → exit ${millis(run.ms - r.lastAt)}`,
    `  per-project phase: ${perProject} requests in ${millis(phase)} = ${((perProject / phase) * 1000).toFixed(0)} req/s ` +
      `(ideal ${ideal.toFixed(0)} req/s at ${concurrency} in flight × ${latency} ms)`,
    `  org users: ${r.perEndpoint['GET /organization/users'] ?? 0} pages, ${millis(r.spans['GET /organization/users']?.first ?? NaN)} → ${millis(r.spans['GET /organization/users']?.last ?? NaN)}; ` +
      `projects: ${r.perEndpoint['GET /organization/projects'] ?? 0} pages, ${millis(r.spans['GET /organization/projects']?.first ?? NaN)} → ${millis(r.spans['GET /organization/projects']?.last ?? NaN)}`,
    `  org-level reads before it: ${Object.entries(r.perEndpoint).filter(([k]) => !k.includes('{project_id}')).map(([k, n]) => `${k.replace('GET /organization', '')} ${n}`).join(', ')}`,
  ];
  const extra = extraRequests(r.perEndpoint, minimum);
  if (extra.length) lines.push(`  over the minimum: ${extra.join('; ')}`);
  void bound;
  return lines;
}

function timeVerdict(run: TimedRun, latency: number, concurrency: number, bound: number): string {
  const r = run.requests;
  const users = r.spans['GET /organization/users'];
  const usersPages = r.perEndpoint['GET /organization/users'] ?? 0;
  const projectsDone = (r.spans['GET /organization/projects']?.last ?? NaN) + latency;
  const gate = r.firstProjectReadAt - projectsDone;
  const perProject = Object.entries(r.perEndpoint).filter(([k]) => k.includes('{project_id}')).reduce((a, [, n]) => a + n, 0);
  const phase = r.lastProjectReadAt - r.firstProjectReadAt;
  const trailing = r.lastAt - r.lastProjectReadAt;
  const parts = [
    `${millis(r.firstAt)} from spawn to the first request (node start-up, then validating the config: see the in-memory figure)`,
    gate > 3 * latency
      ? `per-project reads began ${millis(gate)} after the project list was in: they waited for the org-level reads ` +
        `(${usersPages} sequential org-user pages, ${millis((users?.last ?? NaN) - (users?.first ?? NaN))} first to last)`
      : `per-project reads began as soon as the project list was in (${r.perEndpoint['GET /organization/projects'] ?? 0} sequential pages, ${millis(projectsDone - r.firstAt)})`,
    `the per-project phase ran ${millis(phase)} for ${perProject} requests (${millis((perProject / concurrency) * latency)} at the bound: ` +
      `${((perProject / phase) * 1000).toFixed(0)} vs ${((concurrency / latency) * 1000).toFixed(0)} req/s)`,
  ];
  if (trailing > 3 * latency) {
    const last = Object.entries(r.afterProjectReads).map(([k, n]) => `${n} of the ${r.perEndpoint[k] ?? 0} ${k.replace('GET /organization', '')} pages`);
    parts.push(
      `${millis(trailing)} of requests after the last per-project read (${last.join(', ')}): ` +
        `a paginated list is a chain (each page needs the previous page's cursor), and each page waits its turn for a ` +
        `concurrency slot behind the per-project reads queued before it`,
    );
  }
  parts.push(`${millis(run.ms - r.lastAt)} from the last request to exit (last answer, diff, render, exit)`);
  return `bound ${seconds(bound)}; ${parts.join('; ')}`;
}

// ---------------------------------------------------------------------------------------------

async function throttled(opts: BenchOptions, dir: string): Promise<{ row: string[]; details: string[]; targets: Target[] }> {
  const shape = { projects: opts.throttleProjects, users: opts.users, invites: opts.invites };
  progress(`throttled: ${shape.projects}-project org, ${opts.throttleRpm} requests/minute per endpoint`);
  const org = await startOrg(shape, dir, { changed: false, allRateLimits: !opts.leanExport });
  try {
    org.emu.setLatency(opts.latency);
    org.emu.setThrottle({ requestsPerMinute: opts.throttleRpm }); // a new throttle: every bucket full
    const run = (await timePlans(org, org.noopFile, 1, opts.concurrency, 0, opts.latency))[0] as TimedRun;
    org.emu.setThrottle(null);
    const r = run.requests;
    const [worstEndpoint, worstCount] = Object.entries(org.minimum.perEndpoint).sort((a, b) => b[1] - a[1])[0] as [string, number];
    const perMs = opts.throttleRpm / 60_000;
    // The bucket starts full: the first `rpm` requests of an endpoint pass at once, the rest at
    // rpm/60 per second. So the busiest endpoint needs (N - rpm) / rate, never less than the latency bound.
    const throttleBound = Math.max(0, worstCount - opts.throttleRpm) / perMs;
    const bound = Math.max(throttleBound, latencyBound(org.minimum.total, opts.concurrency, opts.latency));
    const naive = worstCount / perMs;
    const details = [
      `throttled (${shape.projects} projects, ${opts.throttleRpm}/min per endpoint, bucket starts full): wall ${seconds(run.ms)}, ${r.total} requests ` +
        `(${org.minimum.total} minimum), ${r.throttled} answered 429`,
      `  bound: busiest endpoint ${worstEndpoint} needs ${worstCount}; the first ${opts.throttleRpm} ride the full bucket, the other ${Math.max(0, worstCount - opts.throttleRpm)} ` +
        `come at ${opts.throttleRpm}/min: ${seconds(throttleBound)} (counting all ${worstCount} at ${opts.throttleRpm}/min instead: ${seconds(naive)})`,
      `  429s per endpoint: ${JSON.stringify(r.throttledPerEndpoint)}; child CPU ${millis(run.cpuMs ?? NaN)}`,
      `  after its first 429, each endpoint's successes came every (median / max) … vs the budget's ${millis(60_000 / opts.throttleRpm)}; last request at:`,
      ...Object.entries(r.pacedGaps).map(
        ([endpoint, gaps]) =>
          `    ${endpoint.replace('GET /organization/projects/{project_id}/', '')}: ${millis(median(gaps))} / ${millis(Math.max(...gaps))} over ${gaps.length} gaps; ` +
          `last at ${seconds(r.spans[endpoint]?.last ?? NaN)}`,
      ),
    ];
    const share = r.throttled / r.total;
    const targets: Target[] = [
      {
        name: `throttled no-op plan ≤ ${TARGET.throttleFactor} × its bound`,
        pass: run.ms <= TARGET.throttleFactor * bound,
        figure: `${seconds(run.ms)} = ${ratio(run.ms / bound)} of ${seconds(bound)}`,
        why: pacingVerdict(r, opts.throttleRpm, run.ms - bound),
      },
      {
        name: 'throttled: fewer 429s than requests ÷ 10',
        pass: r.throttled < r.total * TARGET.throttled429Share,
        figure: `${r.throttled} 429s for ${r.total} requests (${(share * 100).toFixed(1)}%)`,
        why: throttledVerdict(r, worstCount, opts.throttleRpm),
      },
    ];
    const row = [
      `orgform plan, no change, throttled ${opts.throttleRpm}/min (${shape.projects} projects)`,
      seconds(run.ms),
      String(r.total),
      String(org.minimum.total),
      mb(run.rssBytes),
      seconds(bound),
      ratio(run.ms / bound),
      '-',
      String(r.throttled),
    ];
    return { row, details, targets };
  } finally {
    await org.emu.close();
  }
}

/** Where the 429s came from. */
function throttledVerdict(r: TimedRun['requests'], perEndpoint: number, rpm: number): string {
  const span = r.throttledSpan;
  if (!span) return 'no 429s';
  const counts = Object.values(r.throttledPerEndpoint);
  const inBurst = span.last - span.first < 60_000 / rpm;
  return (
    `${counts.length} endpoints met ${counts.join(', ')} 429s, from ${seconds(span.first)} to ${seconds(span.last)}` +
    (inBurst ? ` (all in the opening burst; ${perEndpoint} requests per endpoint, ${rpm} of them fit the full bucket)` : '') +
    `; ${r.lateThrottled} of the 429s were for requests that reached the server after orgform already had that endpoint's ` +
    `first 429 (sent without the pace it had learned)`
  );
}

/** Why a throttled run took longer than its bound, from how far apart each endpoint's successes came. */
function pacingVerdict(r: TimedRun['requests'], rpm: number, lateMs: number): string {
  const budget = 60_000 / rpm;
  const slow = Object.entries(r.pacedGaps)
    .map(([endpoint, gaps]) => [endpoint.replace('GET /organization/projects/{project_id}/', ''), median(gaps)] as const)
    .filter(([, gap]) => gap > budget * 1.15);
  return (
    `wall − bound = ${seconds(lateMs)}; ` +
    (slow.length
      ? `after the first 429s, ${slow.map(([e, g]) => `${e} every ${millis(g)}`).join(', ')} (median) where the bucket refills every ${millis(budget)}: ` +
        'the pacer (src/providers/openai/pacer.ts) settled on a longer interval than the budget'
      : 'every endpoint was paced at the budget after its first 429s')
  );
}

/** The longest chain of sequential pages among the org-level lists, as `N pages × latency`. */
function longestList(perEndpoint: Record<string, number>, latency: number): string {
  const [endpoint, pages] = Object.entries(perEndpoint)
    .filter(([k]) => !k.includes('{project_id}'))
    .sort((a, b) => b[1] - a[1])[0] ?? ['-', 0];
  return `${seconds(pages * latency)} (${pages} ${endpoint.replace('GET /organization/', '')})`;
}

// ---------------------------------------------------------------------------------------------

async function scaling(opts: BenchOptions, dir: string): Promise<number> {
  const rows: string[][] = [
    ['projects', 'config', 'wall', 'requests', 'minimum', 'bound', 'wall ÷ bound', 'longest list', 'peak RSS', '→ 1st request', '→ 1st project read', 'child CPU', 'emulator CPU'],
  ];
  const notes: string[] = [];
  for (const projects of [100, 1000, 5000]) {
    const shape = { projects, users: opts.users, invites: opts.invites };
    progress(`scaling: ${projects} projects (setup at latency 0)`);
    const org: BenchOrg = await startOrg(shape, dir, { changed: false, allRateLimits: !opts.leanExport });
    try {
      org.emu.setLatency(opts.latency);
      const variants: { file: string; bytes: number; label: string; min: ReturnType<typeof minimumRequests> }[] = [];
      if (org.smallFile) {
        const full = await timedRun(org, RUN_CLI, ['plan', org.noopFile, '--no-attribution', '--detailed-exitcode']);
        notes.push(
          `${projects} projects: the exported config is ${mb(org.noopBytes)} (${org.noopBytes} bytes); plan refuses it ` +
            `(exit ${full.code}: ${full.stderr.trim().split('\n')[0]}); timed instead as \`orgform export\` writes it by default, ` +
            `usual rate-limit rows left out (${mb(org.smallBytes ?? NaN)}; rate limits then not read)`,
        );
        variants.push({ file: org.smallFile, bytes: org.smallBytes ?? 0, label: `${projects} (lean export)`, min: minimumRequests(shape, { rateLimits: false }) });
      } else {
        variants.push({ file: org.noopFile, bytes: org.noopBytes, label: String(projects), min: org.minimum });
      }
      for (const v of variants) {
        progress(`scaling: ${v.label}: ${opts.runs} runs`);
        const runs = await timePlans(org, v.file, opts.runs, opts.concurrency, 0);
        const wall = median(runs.map((r) => r.ms));
        const bound = latencyBound(v.min.total, opts.concurrency, opts.latency);
        const m = medianRun(runs);
        rows.push([
          v.label,
          mb(v.bytes),
          seconds(wall),
          String(median(runs.map((r) => r.requests.total))),
          String(v.min.total),
          seconds(bound),
          ratio(wall / bound),
          longestList(v.min.perEndpoint, opts.latency),
          mb(Math.max(...runs.map((r) => r.rssBytes ?? NaN))),
          millis(m.requests.firstAt),
          millis(m.requests.firstProjectReadAt),
          millis(m.cpuMs ?? NaN),
          millis(m.emulatorCpuMs),
        ]);
        notes.push(...planTimeline(`${v.label} projects`, m, opts.latency, opts.concurrency, bound, v.min.perEndpoint));
      }
    } finally {
      await org.emu.close();
    }
  }
  log(`no-op plan vs org size: ${opts.users} users, ${opts.invites} invites, latency ${opts.latency} ms, --concurrency ${opts.concurrency}, median of ${opts.runs}`);
  log(table(rows));
  log(
    'longest list = the most pages of one list × latency: its pages follow each other (each needs the previous cursor), so no ' +
      'concurrency shortens it; where it exceeds the bound (small orgs, many users), the bound cannot be met',
  );
  log();
  for (const n of notes) log(n);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
