// Runs action.yml's composite steps as a runner does: each step's `if`, its `${{ … }}`
// expressions, `shell: bash` (bash --noprofile --norc -eo pipefail), a GITHUB_OUTPUT file per
// step, and the action's outputs. Only the expressions action.yml uses are understood.

import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Step {
  name?: string;
  id?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  env?: Record<string, string>;
}

interface ActionFile {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

export async function readAction(): Promise<ActionFile> {
  return parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as ActionFile;
}

export interface RunnerContext {
  /** The workflow's `with:`. */
  with: Record<string, string>;
  /** The job's environment (e.g. OPENAI_ADMIN_KEY), PATH included. */
  env: Record<string, string>;
  runnerTemp: string;
  eventName?: string;
  pullRequest?: number;
  /** Steps not run but given these outputs, e.g. `install` when the package is already built. */
  replace?: Record<string, Record<string, string>>;
  /** Called with each chunk a step writes to stdout, and a way to write more to its stdin. */
  onStdout?: (chunk: string, stepId: string | undefined) => void;
}

export interface StepRecord {
  id: string | undefined;
  name: string;
  ran: boolean;
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface ActionRun {
  steps: StepRecord[];
  outputs: Record<string, string>;
  /** The first failed step's exit code, or 0. */
  exitCode: number;
}

type Context = { inputs: Record<string, string>; steps: Record<string, { outputs: Record<string, string>; outcome: string }>; github: Record<string, unknown> };

export async function runAction(ctx: RunnerContext): Promise<ActionRun> {
  const action = await readAction();
  const inputs = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, ctx.with[k] ?? resolveDefault(v.default ?? '')]));
  const context: Context = {
    inputs,
    steps: {},
    github: { event_name: ctx.eventName ?? 'push', event: { pull_request: ctx.pullRequest === undefined ? undefined : { number: ctx.pullRequest } }, token: 'ghs_job_token' },
  };
  const records: StepRecord[] = [];
  let failed = 0;
  for (const [i, step] of action.runs.steps.entries()) {
    const name = interpolate(step.name ?? `step ${i}`, context);
    const condition = step.if ?? 'success()';
    const runs = evaluate(condition.replace(/^\$\{\{([\s\S]*)\}\}$/, '$1'), context, failed !== 0) === true;
    if (!runs) {
      records.push({ id: step.id, name, ran: false, exitCode: null, stdout: '', stderr: '' });
      continue;
    }
    if (step.id !== undefined && ctx.replace?.[step.id]) {
      context.steps[step.id] = { outputs: ctx.replace[step.id] ?? {}, outcome: 'success' };
      records.push({ id: step.id, name, ran: false, exitCode: 0, stdout: '', stderr: '' });
      continue;
    }
    if (step.shell !== 'bash' || step.run === undefined) throw new Error(`step ${name}: only shell: bash steps are run here`);
    const output = join(ctx.runnerTemp, `github-output-${i}`);
    await writeFile(output, '');
    const env = {
      ...ctx.env,
      GITHUB_ACTION_PATH: ROOT,
      RUNNER_TEMP: ctx.runnerTemp,
      GITHUB_OUTPUT: output,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), context)])),
    };
    const result = await bash(interpolate(step.run, context), env, (chunk) => ctx.onStdout?.(chunk, step.id));
    const outputs = parseOutputs(await readFile(output, 'utf8'));
    if (step.id !== undefined) context.steps[step.id] = { outputs, outcome: result.code === 0 ? 'success' : 'failure' };
    records.push({ id: step.id, name, ran: true, exitCode: result.code, stdout: result.stdout, stderr: result.stderr });
    if (result.code !== 0 && failed === 0) failed = result.code;
  }
  const outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, interpolate(v.value, context)]));
  return { steps: records, outputs, exitCode: failed };
}

function resolveDefault(value: string): string {
  return value === '${{ github.token }}' ? 'ghs_job_token' : value;
}

function interpolate(text: string, context: Context): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => {
    const value = evaluate(expr, context, false);
    return value === undefined || value === null ? '' : String(value);
  });
}

/** The expression language as far as action.yml uses it: paths, '…', ==, !=, &&, ||, !, success() and cancelled(). */
function evaluate(expr: string, context: Context, anyFailed: boolean): unknown {
  const js = expr
    .trim()
    .replace(/'((?:[^']|'')*)'/g, (_, s: string) => JSON.stringify(s.replace(/''/g, "'")))
    .replace(/\b(inputs|steps|github)((?:\.[A-Za-z_][\w-]*)+)/g, (_, root: string, rest: string) =>
      root + rest.split('.').slice(1).map((p) => `?.[${JSON.stringify(p)}]`).join(''),
    )
    .replace(/\bsuccess\(\)/g, String(!anyFailed))
    .replace(/\bfailure\(\)/g, String(anyFailed))
    .replace(/\bcancelled\(\)/g, 'false')
    .replace(/\balways\(\)/g, 'true')
    .replace(/([^=!])==([^=])/g, '$1===$2')
    .replace(/!=([^=])/g, '!==$1');
  const value = new Function('inputs', 'steps', 'github', `return (${js});`)(context.inputs, context.steps, context.github) as unknown;
  // A bare expression in `if:` is truthy as GitHub judges it: '' and undefined are false.
  return value ?? undefined;
}

function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) outputs[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return outputs;
}

function bash(script: string, env: Record<string, string>, onStdout: (chunk: string) => void): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      onStdout(d.toString());
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}
