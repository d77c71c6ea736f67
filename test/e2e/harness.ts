// End-to-end: the CLI against the real emulator over HTTP on loopback. `runCli` runs the CLI's
// `main(argv, io)` in this process with a captured Io (its own environment, working directory and
// interrupts); `runCliProcess` and `runCliOnTty` run the built bin/orgform.js as a child process,
// for what only a process shows (test/smoke).

import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, beforeEach, type TestContext } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import type { Clock } from '../../src/providers/openai/client.js';
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

export interface CliOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Interrupt (SIGINT) once standard output contains this. */
  signalWhen?: string;
  /** runCliProcess only: after that, interrupt again once standard error contains this. */
  signalAgainWhen?: string;
}

function cliEnv(target: CliTarget | null, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = { NO_COLOR: '1', ...extra };
  if (target) {
    env['OPENAI_BASE_URL'] = target.url;
    env['OPENAI_ADMIN_KEY'] = target.adminKey;
  }
  return env;
}

/** The CLI in this process: no TTY, no colour, only the environment given here. */
export async function runCli(args: string[], target: CliTarget | null, opts: CliOptions & { clock?: Clock } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const listeners = new Set<(name: string) => void>();
  let signalled = false;
  const line = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
  const io: Io = {
    out: (text) => {
      stdout += line(text);
      if (opts.signalWhen !== undefined && !signalled && stdout.includes(opts.signalWhen)) {
        signalled = true;
        // Delivered later, as a signal would be, not inside the write.
        setImmediate(() => listeners.forEach((stop) => stop('SIGINT')));
      }
    },
    err: (text) => (stderr += line(text)),
    color: false,
    isTty: false,
    ask: () => Promise.reject(new Error('runCli has no TTY: use runCliOnTty')),
    env: cliEnv(target, opts.env),
    cwd: opts.cwd ?? process.cwd(),
    onInterrupt: (stop) => {
      listeners.add(stop);
      return () => listeners.delete(stop);
    },
    ...(opts.clock && { clock: opts.clock }),
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/**
 * A clock that never waits: each sleep moves time forward at once. The client's back-off and
 * pacing keep their logic; a test that is mostly waiting runs at the speed of its requests.
 */
export function skippingClock(): Clock {
  let skipped = 0;
  const now = () => performance.now() + skipped;
  return {
    now,
    sleep: (ms) => {
      skipped += Math.max(0, ms);
      return new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** The built CLI (bin/orgform.js) as a child process. */
export function runCliProcess(args: string[], target: CliTarget | null, opts: CliOptions = {}): Promise<CliResult> {
  const env = { PATH: process.env['PATH'] ?? '', ...cliEnv(target, opts.env) };
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: opts.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let signalled = 0;
    // SIGINT once the output shows the moment the test wants to interrupt (and again, if asked).
    const signal = (): void => {
      if (signalled === 0 && opts.signalWhen !== undefined && stdout.includes(opts.signalWhen)) {
        signalled = 1;
        child.kill('SIGINT');
      }
      if (signalled === 1 && opts.signalAgainWhen !== undefined && stderr.includes(opts.signalAgainWhen)) {
        signalled = 2;
        child.kill('SIGINT');
      }
    };
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      signal();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      signal();
    });
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

/** A validator of one line of `apply --format json` against schemas/apply-events.schema.json. */
export async function eventValidator() {
  const schema = (name: string) => readFile(fileURLToPath(new URL(`../../schemas/${name}`, import.meta.url)), 'utf8').then(JSON.parse);
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  ajv.addSchema(await schema('plan.schema.json'));
  return ajv.compile(await schema('apply-events.schema.json'));
}

/**
 * An emulator of the test's own, closed when the test ends: for tests that run at once
 * (`describe.concurrent`, each waiting on its child processes), which cannot share one org.
 */
export async function emulatorForTest(seed: EmulatorSeed, { onTestFinished }: Pick<TestContext, 'onTestFinished'>): Promise<RunningEmulator> {
  const emulator = await startEmulator({ seed });
  onTestFinished(() => emulator.close());
  return emulator;
}
