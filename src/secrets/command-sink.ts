// --secrets-command CMD: CMD (run by /bin/sh) once per new key, the key as JSON on its stdin,
// never in its argv or environment; which key it is in ORGFORM_PROJECT, ORGFORM_PROJECT_ID,
// ORGFORM_SERVICE_ACCOUNT, ORGFORM_SERVICE_ACCOUNT_ID and ORGFORM_API_KEY_ID. Before the first
// change, CMD runs once with ORGFORM_KEY_SINK=check and nothing on stdin: it should check that
// it can store (credentials, reachability), store nothing, and exit 0. The admin key is not in
// its environment. Its standard output is discarded; its standard error is shown only when it
// fails, with the key's value masked.

import { spawn } from 'node:child_process';
import { KeyNotStoredError, UsageError } from '../errors.js';
import type { KeySink, NewKey } from './key-sink.js';

/** A sink that does not answer in this time has failed (it would hold apply up for ever). */
const TIMEOUT_MS = 120_000;
const STDERR_TAIL = 2000;

export function commandSink(command: string, env: Readonly<Record<string, string | undefined>>, cwd?: string): KeySink {
  return {
    async check() {
      const run = await runSink(command, { env, cwd }, { ORGFORM_KEY_SINK: 'check' }, '');
      if (run.failure !== undefined) {
        throw new UsageError(`--secrets-command failed its check (run with ORGFORM_KEY_SINK=check): ${run.failure}. Nothing was changed.`);
      }
    },
    async store(key) {
      const ids = {
        ORGFORM_KEY_SINK: 'store',
        ORGFORM_PROJECT: key.project,
        ORGFORM_PROJECT_ID: key.project_id,
        ORGFORM_SERVICE_ACCOUNT: key.service_account,
        ORGFORM_SERVICE_ACCOUNT_ID: key.service_account_id,
        ORGFORM_API_KEY_ID: key.api_key_id,
      };
      const run = await runSink(command, { env, cwd }, ids, JSON.stringify(key) + '\n', key);
      if (run.failure !== undefined) throw new KeyNotStoredError(key, `--secrets-command ${run.failure}`);
      return { project_id: key.project_id, service_account_id: key.service_account_id, api_key_id: key.api_key_id, sink: 'command', location: '--secrets-command' };
    },
    describe: (stored) => `one-time API key ${stored.api_key_id} handed to --secrets-command`,
  };
}

function runSink(
  command: string,
  where: { env: Readonly<Record<string, string | undefined>>; cwd: string | undefined },
  vars: Record<string, string>,
  input: string,
  key?: NewKey,
): Promise<{ failure?: string }> {
  const env: NodeJS.ProcessEnv = { ...where.env, ...vars };
  delete env['OPENAI_ADMIN_KEY'];
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { env, ...(where.cwd === undefined ? {} : { cwd: where.cwd }), stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUT_MS);
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-STDERR_TAIL * 2)));
    // A command that exits without reading its stdin must not crash orgform with EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ failure: `could not start: ${error.message}` });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({});
      const said = mask(stderr.trim(), key?.value).slice(-STDERR_TAIL);
      const how = signal !== null ? `was stopped by ${signal}${signal === 'SIGTERM' ? ` (no answer in ${TIMEOUT_MS / 1000} s)` : ''}` : `exited ${code}`;
      resolve({ failure: said === '' ? how : `${how}: ${said}` });
    });
  });
}

function mask(text: string, secret: string | undefined): string {
  return secret ? text.split(secret).join('[key masked]') : text;
}
