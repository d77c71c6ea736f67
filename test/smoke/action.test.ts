// The GitHub Action (action.yml) run as a runner runs it: its steps' conditions and expressions,
// bash as `shell: bash` runs it, against the emulator, with `gh` a stand-in over a JSON file.
// The install step is run for real (from a packed tarball) in test/package/package.test.ts; here it
// is replaced by the built checkout, and install.sh is checked with stand-ins for node and npm.

import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, type TestContext } from 'vitest';
import { PART_MARKER } from '../../src/render/markdown-parts.js';
import { ROOT, readAction, runAction, type RunnerContext } from './action-runner.js';
import { emulatorForTest, Workdir } from '../e2e/harness.js';
import { busyOrg } from '../e2e/seeds.js';

const BUILT = { install: { bin: join(ROOT, 'bin', 'orgform.js') } };
let work: Workdir;
beforeAll(async () => {
  work = await Workdir.create('action');
});
afterAll(() => work.remove());

interface GhState {
  issues: Array<{ number: number; state: string; title: string; body: string; state_reason?: string }>;
  comments: Array<{ id: number; issue: number; body: string }>;
  calls: Array<{ method: string; path: string }>;
}

/**
 * A runner's temp dir with `gh` on PATH and its own emulator (the tests run at once: each waits
 * on its child processes); `gh()` reads what it was asked to do.
 */
async function runner(name: string, context: Pick<TestContext, 'onTestFinished'>) {
  const emulator = await emulatorForTest(busyOrg(), context);
  const temp = work.path(name);
  const bin = join(temp, 'bin');
  await mkdir(bin, { recursive: true });
  await copyFile(join(ROOT, 'test', 'smoke', 'gh-stub.mjs'), join(bin, 'gh'));
  await chmod(join(bin, 'gh'), 0o755);
  const state = join(temp, 'gh-state.json');
  const base: Omit<RunnerContext, 'with'> = {
    runnerTemp: temp,
    replace: BUILT,
    env: {
      PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      HOME: temp,
      GH_STUB_STATE: state,
      GITHUB_REPOSITORY: 'acme/org',
      GITHUB_RUN_ID: '42',
      NO_COLOR: '1',
      OPENAI_BASE_URL: emulator.url,
      OPENAI_ADMIN_KEY: emulator.adminKey,
    },
  };
  return {
    temp,
    bin,
    run: (inputs: Record<string, string>, more: Partial<RunnerContext> = {}) => runAction({ ...base, ...more, with: inputs }),
    gh: async (): Promise<GhState> => (existsSync(state) ? (JSON.parse(await readFile(state, 'utf8')) as GhState) : { issues: [], comments: [], calls: [] }),
  };
}

const RETENTION = 'version: 1\nprojects:\n  Research:\n    data_retention: zero_data_retention\n';
/** Four runs of the action one after another, some twenty processes: on a busy machine, over a minute. */
const DRIFT_TIMEOUT_MS = 120_000;

describe.concurrent('action.yml', () => {
  it('never sets up Node or builds: it installs the package and runs it', async ({ expect }) => {
    const steps = (await readAction()).runs.steps;
    expect(steps.map((s) => s.uses).filter(Boolean)).toEqual([]);
    expect(steps.map((s) => s.run ?? '').join('\n')).not.toMatch(/tsc|npm run build|npm ci/);
  });

  it('plan on a pull request: one comment per file, edited in place, a name like the part marker splits nothing, args one per line', async ({ expect, ...context }) => {
    const r = await runner('pr', context);
    const file = await work.write('org with space.yaml', `${RETENTION}  ${JSON.stringify(PART_MARKER)}: {}\n`);
    const planOut = join(r.temp, 'saved plans', 'plan.json');
    await mkdir(join(r.temp, 'saved plans'));
    const pr = { eventName: 'pull_request', pullRequest: 7 };
    const first = await r.run({ command: 'plan', file, format: 'markdown', comment: 'true', args: `--detailed-exitcode\n  --out\n${planOut}\n\n` }, pr);
    expect(first.exitCode).toBe(0);
    expect(first.outputs['exitcode']).toBe('2');
    expect(existsSync(planOut)).toBe(true);
    let gh = await r.gh();
    expect(gh.comments).toHaveLength(1);
    const body = gh.comments[0]?.body ?? '';
    expect(body.split('\n')[0]).toBe(`<!-- orgform-plan file=${encodeURIComponent(file)} part=1 -->`);
    expect(body).toContain('project["Research"].data_retention');
    expect(body).toContain(`create project[${JSON.stringify(PART_MARKER)}]`);
    expect(body.split('\n')).not.toContain(PART_MARKER);

    // The next push: the same comment, edited; an error (exit 1) is posted with what orgform said.
    await writeFile(file, 'version: 2\n');
    const failed = await r.run({ command: 'plan', file, format: 'markdown', comment: 'true' }, pr);
    expect(failed.exitCode).toBe(1);
    expect(failed.outputs['exitcode']).toBe('1');
    expect(failed.steps.find((s) => s.name.startsWith('Comment'))?.exitCode).toBe(0);
    gh = await r.gh();
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]?.body).toContain('orgform failed (exit status 1)');
    expect(gh.comments[0]?.body).toMatch(/version/);
    expect(gh.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);
  });

  it('streams output while orgform runs, and keeps stderr apart', async ({ expect, ...context }) => {
    const r = await runner('stream', context);
    const gate = join(r.temp, 'gate');
    const fake = join(r.bin, 'fake-orgform');
    // Prints one line, then waits for the test to have seen it: buffered output would hang here.
    await writeFile(fake, `#!/usr/bin/env bash\necho "first: $*"\necho "to stderr" >&2\nwhile [ ! -e "${gate}" ]; do sleep 0.05; done\necho second\nexit 3\n`);
    await chmod(fake, 0o755);
    const run = await r.run({ command: 'apply', file: 'a b.json', format: 'json', args: '--auto-approve' }, {
      replace: { install: { bin: fake } },
      onStdout: (chunk) => {
        if (chunk.includes('first')) void writeFile(gate, '');
      },
    });
    expect(run.exitCode).toBe(3);
    expect(run.outputs['exitcode']).toBe('3');
    expect(await readFile(run.outputs['output-file'] ?? '', 'utf8')).toBe('first: apply a b.json --format json --auto-approve\nsecond\n');
    expect(await readFile(run.outputs['error-file'] ?? '', 'utf8')).toBe('to stderr\n');
  });

  it('export writes to `file`', async ({ expect, ...context }) => {
    const r = await runner('export', context);
    const out = join(r.temp, 'exported org.yaml');
    const run = await r.run({ command: 'export', file: out });
    expect(run.exitCode).toBe(0);
    expect(await readFile(out, 'utf8')).toContain('Research');
  });

  it('nightly drift: opens one issue, updates it, and closes it when the drift is gone', async ({ expect, ...context }) => {
    const r = await runner('drift', context);
    const file = await work.write('drift.yaml', RETENTION);
    const drift = { command: 'plan', file, format: 'markdown', args: '--detailed-exitcode', 'drift-issue': 'true' };
    expect((await r.run(drift)).outputs['exitcode']).toBe('2');
    expect((await r.run(drift)).outputs['exitcode']).toBe('2');
    let gh = await r.gh();
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]).toMatchObject({ state: 'open', title: `orgform: the OpenAI org has drifted from ${file}` });
    expect(gh.issues[0]?.body).toContain('project["Research"].data_retention');
    expect(gh.calls.filter((c) => c.method === 'PATCH')).toHaveLength(1);

    expect((await r.run({ command: 'apply', file, args: '--auto-approve' })).exitCode).toBe(0);
    const quiet = await r.run(drift);
    expect(quiet.outputs['exitcode']).toBe('0');
    gh = await r.gh();
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(gh.comments.map((c) => c.body)).toEqual([expect.stringContaining('No drift any more')]);
  }, DRIFT_TIMEOUT_MS);
});

describe('action/install.sh', () => {
  async function install(node: string, temp: string) {
    const bin = join(temp, 'bin');
    await mkdir(bin, { recursive: true });
    await writeFile(join(bin, 'node'), node);
    // npm stand-in: records its arguments and whether it could see the admin key.
    await writeFile(join(bin, 'npm'), `#!/usr/bin/env bash\necho "$* key=\${OPENAI_ADMIN_KEY:-none}" > "${temp}/npm-call"\n`);
    await chmod(join(bin, 'node'), 0o755);
    await chmod(join(bin, 'npm'), 0o755);
    const output = join(temp, 'output');
    await writeFile(output, '');
    const vars = { PATH: `${bin}:/usr/bin:/bin`, RUNNER_TEMP: temp, GITHUB_OUTPUT: output, GITHUB_ACTION_PATH: ROOT, OPENAI_ADMIN_KEY: 'sk-admin-secret' };
    const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve, reject) => {
      const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', join(ROOT, 'action', 'install.sh')], { env: vars, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.on('error', reject);
      child.on('close', (c) => resolve({ code: c ?? -1, stdout: out }));
    });
    const npm = existsSync(join(temp, 'npm-call')) ? await readFile(join(temp, 'npm-call'), 'utf8') : undefined;
    return { code, stdout, npm, output: await readFile(output, 'utf8') };
  }

  it('refuses a Node older than 20 and says how to fix it, installing nothing', async () => {
    const result = await install('#!/usr/bin/env bash\necho 18\n', work.path('old-node'));
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('::error title=orgform::orgform needs Node 20 or later on PATH (found: 18)');
    expect(result.npm).toBeUndefined();
  });

  it("installs this action's version, runtime dependencies only, no scripts, and npm never sees the admin key", async () => {
    const temp = work.path('install');
    const result = await install(`#!/usr/bin/env bash\nexec ${process.execPath} "$@"\n`, temp);
    expect(result.code).toBe(0);
    const version = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
    expect(result.npm).toBe(`install --global --prefix ${temp}/orgform --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error orgform@${version} key=none\n`);
    expect(result.output).toBe(`bin=${temp}/orgform/bin/orgform\n`);
  });
});
