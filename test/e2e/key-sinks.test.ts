// --secrets-command: the key on the command's stdin only, checked before the first change, and a
// failure after a create reported as "key not stored" with the way back, the key masked.

import { chmod, mkdir, readFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, useEmulator } from './harness.js';
import { busyOrg } from './seeds.js';

const env = useEmulator(busyOrg);
const target = () => env.target();
const writes = () => env.emulator.requests().filter((r) => r.method !== 'GET');
const ONE_BOT = 'version: 1\nprojects:\n  Research:\n    service_accounts:\n      - { name: deploy-bot, role: member }\n';

/** A sink script: logs each run's mode, argv and environment, keeps stdin; fails when told to. */
async function sink(name: string, failOn: 'never' | 'check' | 'store'): Promise<{ command: string; log: () => Promise<string[]>; stdin: () => Promise<string> }> {
  const log = env.work.path(`${name}.log`);
  const input = env.work.path(`${name}.stdin`);
  const script = await env.work.write(
    `${name}.sh`,
    `#!/bin/sh
echo "mode=$ORGFORM_KEY_SINK args=$# project=$ORGFORM_PROJECT/$ORGFORM_PROJECT_ID account=$ORGFORM_SERVICE_ACCOUNT/$ORGFORM_SERVICE_ACCOUNT_ID key=$ORGFORM_API_KEY_ID admin=\${OPENAI_ADMIN_KEY:-none} env=$(env | grep -c sk-)" >> '${log}'
if [ "$ORGFORM_KEY_SINK" = store ]; then cat > '${input}'; fi
if [ "$ORGFORM_KEY_SINK" = ${failOn} ]; then echo "vault: permission denied for $(cat '${input}' 2>/dev/null)" >&2; exit 3; fi
exit 0
`,
  );
  await chmod(script, 0o755);
  return {
    command: `'${script}'`,
    log: async () => (await readFile(log, 'utf8')).trim().split('\n'),
    stdin: () => readFile(input, 'utf8'),
  };
}

describe('--secrets-command', () => {
  it('is checked first, then gets each new key as JSON on stdin, with ids in its environment and the key nowhere else', async () => {
    const file = await env.work.write('sink.yaml', ONE_BOT);
    const s = await sink('ok', 'never');
    const run = await runCli(['apply', file, '--auto-approve', '--secrets-command', s.command], target());
    expect(run.code, run.stderr).toBe(0);
    const key = JSON.parse(await s.stdin()) as Record<string, string>;
    expect(key).toMatchObject({ project: 'Research', service_account: 'deploy-bot', project_id: 'proj_r', value: expect.stringMatching(/^sk-/) });
    expect(await s.log()).toEqual([
      'mode=check args=0 project=/ account=/ key= admin=none env=0',
      `mode=store args=0 project=Research/proj_r account=deploy-bot/${key['service_account_id']} key=${key['api_key_id']} admin=none env=0`,
    ]);
    expect(run.stdout).toContain(`one-time API key ${key['api_key_id']} handed to --secrets-command`);
    expect(run.stdout + run.stderr).not.toContain(key['value']);
  });

  it('a failing check stops apply before the first change', async () => {
    const file = await env.work.write('sink-check.yaml', ONE_BOT);
    const s = await sink('bad-check', 'check');
    const run = await runCli(['apply', file, '--auto-approve', '--secrets-command', s.command], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--secrets-command failed its check (run with ORGFORM_KEY_SINK=check): exited 3: vault: permission denied');
    expect(run.stderr).toContain('Nothing was changed.');
    expect(writes()).toEqual([]);
  });

  it('a failing store after the create: "key not stored", how to recover, the key masked, exit 1', async () => {
    const file = await env.work.write('sink-store.yaml', ONE_BOT);
    const s = await sink('bad-store', 'store');
    const run = await runCli(['apply', file, '--auto-approve', '--secrets-command', s.command], target());
    expect(run.code).toBe(1);
    const key = JSON.parse(await s.stdin()) as Record<string, string>;
    expect(run.stdout).toContain(`but its one-time key ${key['api_key_id']} was NOT stored: --secrets-command exited 3: vault: permission denied`);
    expect(run.stdout).toContain('[key masked]');
    expect(run.stdout).toContain('To recover: fix the sink');
    expect(run.stdout + run.stderr).not.toContain(key['value']);
    expect(env.emulator.getState().projects.find((p) => p.id === 'proj_r')?.service_accounts.map((a) => a.name)).toEqual(['deploy-bot']);
  });

  it('is refused together with --secrets-dir', async () => {
    const file = await env.work.write('sink-both.yaml', ONE_BOT);
    const run = await runCli(['apply', file, '--auto-approve', '--secrets-command', 'true', '--secrets-dir', env.work.path('d')], target());
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('give --secrets-dir or --secrets-command, not both');
  });
});

describe('--secrets-dir in a git work tree', () => {
  it('is refused unless git ignores it; an ignored one is used', async () => {
    const repo = env.work.path('repo');
    await mkdir(repo, { recursive: true });
    execFileSync('git', ['init', '--quiet', repo]);
    await env.work.write('repo/.gitignore', '.orgform-secrets/\n');
    const file = await env.work.write('repo/org.yaml', ONE_BOT);
    const refused = await runCli(['apply', file, '--auto-approve', '--secrets-dir', join(repo, 'secrets')], target());
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`--secrets-dir ${join(repo, 'secrets')} is inside the git work tree ${repo} and git does not ignore it`);
    expect(writes()).toEqual([]);
    const ignored = await runCli(['apply', file, '--auto-approve', '--secrets-dir', join(repo, '.orgform-secrets')], target());
    expect(ignored.code, ignored.stderr).toBe(0);
    expect(ignored.stdout).toContain(`one-time API key written to ${join(repo, '.orgform-secrets')}`);
  });
});
