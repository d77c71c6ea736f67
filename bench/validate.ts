// `orgform validate` of the org's config as a user runs it: a child process per run (node start-up
// included), timed from spawn to exit, with its peak RSS; then one --cpu-prof run that says where
// the time went, stage by stage. No emulator is involved: validate touches no network.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSimpleYaml } from '../src/config/simple-yaml.js';
import { childEnv, runChild, type ChildResult } from './child.js';
import { innermostOf, readCpuProfile, sampledMs } from './profile.js';
import { mb, median, millis, ratio, seconds } from './stats.js';
import type { Section } from './throttle-rows.js';
import { RUN_CLI } from './timed.js';

const BOUND_MS = 1000;

/** The config stage's steps, innermost first wins (src/config/index.ts and what it calls). */
const STAGES: [fn: string, label: string][] = [
  ['readConfigBytes', 'read the file'],
  ['decodeUtf8', 'UTF-8'],
  ['nestingProblem', 'nesting check'],
  ['parseSimpleYaml', 'YAML (fast reader)'],
  ['parseYaml', 'YAML (yaml package, with positions)'],
  ['toPlain', 'YAML nodes to data'],
  ['checkSchema', 'schema (ajv)'],
  ['applyTemplates', 'templates'],
  ['checkRules', 'rules'],
  ['normalize', 'normalize'],
  ['checkPolicies', 'policies'],
  ['loadEffective', 'rest of the config stage (sha256, positions)'],
  ['runValidate', 'output'],
];

export async function validateRows(file: string, bytes: number, projects: number, runs: number): Promise<Section> {
  const env = childEnv('http://127.0.0.1:9', 'unused');
  const results: ChildResult[] = [];
  for (let i = 0; i < runs; i++) {
    const r = await runChild(RUN_CLI, ['validate', file], env);
    if (r.code !== 0) throw new Error(`validate ${file} exited ${r.code}\n${r.stderr.slice(0, 2000)}`);
    results.push(r);
  }
  const wall = median(results.map((r) => r.ms));
  const rss = Math.max(...results.map((r) => r.rssBytes ?? NaN));
  const cpu = median(results.map((r) => r.cpuMs ?? NaN));
  const fast = parseSimpleYaml(readFileSync(file, 'utf8')) !== undefined;
  const where = await whereTimeGoes(file, env);
  const pass = wall <= BOUND_MS;
  return {
    rows: [[`orgform validate (${projects} projects, ${mb(bytes)} config)`, seconds(wall), '0', '-', mb(rss), seconds(BOUND_MS), ratio(wall / BOUND_MS), '-', '-']],
    details: [
      `validate: spawn to exit of \`node dist/bench/run-cli.js validate FILE\` (= bin/orgform.js + peak-RSS report), runs ${results.map((r) => seconds(r.ms)).join(', ')}; child CPU ${millis(cpu)} (median); ` +
        `peak RSS ${mb(rss)}; the file was read by ${fast ? 'the fast reader (simple-yaml.ts; positions only for a message)' : 'the yaml package (outside the fast reader\'s subset)'}`,
      `  where the time goes (one --cpu-prof run, ${millis(where.total)} sampled, profiler overhead included): ${where.parts}`,
    ],
    targets: [
      {
        name: `validate ≤ ${seconds(BOUND_MS)} (${projects} projects, ${mb(bytes)} config)`,
        pass,
        figure: `${seconds(wall)} median of ${runs} (child CPU ${millis(cpu)})`,
        why: `${where.parts}`,
      },
    ],
  };
}

async function whereTimeGoes(file: string, env: NodeJS.ProcessEnv): Promise<{ total: number; parts: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'orgform-bench-validate-'));
  try {
    const r = await runChild(RUN_CLI, ['validate', file], env, Infinity, ['--cpu-prof', '--cpu-prof-dir', dir]);
    if (r.code !== 0) throw new Error(`validate --cpu-prof exited ${r.code}: ${r.stderr.slice(0, 500)}`);
    const profile = readCpuProfile(dir);
    const names = new Set(STAGES.map(([fn]) => fn));
    const ms = sampledMs(profile, (node) => {
      const fn = node.callFrame.functionName;
      if (fn === '(garbage collector)' || fn === '(idle)' || fn === '(program)') return fn;
      return innermostOf(profile, node, names) ?? '(start-up: node, loading modules)';
    });
    const total = [...ms.values()].reduce((a, b) => a + b, 0);
    const label = new Map<string, string>(STAGES);
    const parts = [...ms]
      .sort((a, b) => b[1] - a[1])
      .filter(([, v]) => v >= 1)
      .map(([k, v]) => `${label.get(k) ?? k} ${millis(v)}`)
      .join(', ');
    return { total, parts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
