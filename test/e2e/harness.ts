// End-to-end: the real CLI (the built bin/orgform.js, as a child process) against the real
// emulator over HTTP on loopback.

import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { startEmulator, type EmulatorSeed, type RunningEmulator } from '../../src/emulator/index.js';

const BIN = fileURLToPath(new URL('../../bin/orgform.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliTarget {
  url: string;
  adminKey: string;
}

export function runCli(args: string[], target: CliTarget | null, opts: { env?: Record<string, string>; cwd?: string; signalWhen?: string } = {}): Promise<CliResult> {
  const env: Record<string, string> = { PATH: process.env['PATH'] ?? '', NO_COLOR: '1', ...(opts.env ?? {}) };
  if (target) {
    env['OPENAI_BASE_URL'] = target.url;
    env['OPENAI_ADMIN_KEY'] = target.adminKey;
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = false;
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      // SIGINT once the output shows the moment the test wants to interrupt.
      if (opts.signalWhen !== undefined && !signalled && stdout.includes(opts.signalWhen)) {
        signalled = true;
        child.kill('SIGINT');
      }
    });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** Runs the CLI on a pseudo-terminal (util-linux `script`), typing `input` at it. */
export function runCliOnTty(args: string[], target: CliTarget, input: string): Promise<CliResult> {
  const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const env = { PATH: process.env['PATH'] ?? '', OPENAI_BASE_URL: target.url, OPENAI_ADMIN_KEY: target.adminKey, TERM: 'dumb' };
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr: '' }));
    // Answer once the question is on the screen.
    const timer = setInterval(() => {
      if (stdout.includes('Only \'yes\' will be accepted')) {
        clearInterval(timer);
        child.stdin.end(input);
      }
    }, 20);
    child.on('close', () => clearInterval(timer));
  });
}

export class Workdir {
  private constructor(readonly dir: string) {}

  static async create(prefix = 'e2e'): Promise<Workdir> {
    return new Workdir(await mkdtemp(join(tmpdir(), `orgform-${prefix}-`)));
  }

  async write(name: string, content: string | Uint8Array): Promise<string> {
    const file = join(this.dir, name);
    await writeFile(file, content);
    return file;
  }

  path(name: string): string {
    return join(this.dir, name);
  }

  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

export interface TestEnv {
  emulator: RunningEmulator;
  work: Workdir;
  /** The emulator as the CLI reaches it, with `key` (default: the seed's first admin key). */
  target(key?: string): CliTarget;
}

/** One emulator and work dir per test file; before each test, the org is `seed()` again. */
export function useEmulator(seed: () => EmulatorSeed): TestEnv {
  const env = {
    target: (key?: string) => ({ url: env.emulator.url, adminKey: key ?? env.emulator.adminKey }),
  } as TestEnv;
  beforeAll(async () => {
    env.emulator = await startEmulator({ seed: seed() });
    env.work = await Workdir.create();
  });
  afterAll(async () => {
    await env.emulator.close();
    await env.work.remove();
  });
  beforeEach(() => {
    env.emulator.setState(seed());
    env.emulator.resetRequests();
  });
  return env;
}
