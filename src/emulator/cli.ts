// `orgform emulator`: runs the Admin API emulator in the foreground until SIGINT/SIGTERM.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { behaviourFlags } from './behaviour.js';
import { parseFaultRules } from './fault-rules.js';
import { startEmulator, type StartEmulatorOptions } from './index.js';
import type { FaultRule, LatencyRange } from './types.js';

const USAGE = `usage: orgform emulator [options]

Runs the OpenAI Admin API emulator on loopback, seeded with the demo org "Acme" unless --seed is given.

options:
  --host HOST          address to bind (default 127.0.0.1)
  --port N             port (default 0: any free port)
  --seed FILE          JSON seed file (format: README, "Seed format")
  --state FILE         save the state here after each change, and reload it on start
  --latency MS         added latency per request: MS or MIN-MAX
  --faults FILE        JSON fault rules: an array, or { "seed": N, "rules": [...] }
  --fault-seed N       seed of the fault PRNG (default 1)
  --throttle-rpm N     throttle mode: N requests per minute per endpoint, 429 beyond
  --behaviour NAME=VALUE  where the API contract is silent, answer this way (repeatable), e.g.
                       model_permissions_unset=404, spend_limit_unset=inactive,
                       audit_admin_key_project=default, audit_logs=forbidden, rearchive=400,
                       read_after_create_404_ms=N, throttle_hint=body, create_status=201,
                       list_page=no_data|no_cursor|repeat|loop|truncated, list_page_endpoint=PATH
                       (docs/operations.md, "Reading what the contract leaves open", lists them)`;

export interface EmulatorCommandIo {
  out?: (text: string) => void;
  err?: (text: string) => void;
  /** Stops the emulator like SIGINT does (used by tests). */
  signal?: AbortSignal;
}

class UsageProblem extends Error {}

export async function runEmulatorCommand(argv: string[], io: EmulatorCommandIo = {}): Promise<number> {
  const out = io.out ?? ((text: string) => process.stdout.write(`${text}\n`));
  const err = io.err ?? ((text: string) => process.stderr.write(`${text}\n`));
  let options: StartEmulatorOptions;
  try {
    const parsed = readOptions(argv);
    if (parsed === 'help') {
      out(USAGE);
      return 0;
    }
    options = parsed;
  } catch (error) {
    err(`orgform emulator: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  let emulator;
  try {
    emulator = await startEmulator(options);
  } catch (error) {
    err(`orgform emulator: cannot start: ${(error as Error).message}`);
    return 1;
  }
  out(`orgform emulator listening on ${emulator.url}`);
  out(`admin key: ${emulator.adminKey}`);
  out(`  export OPENAI_BASE_URL=${emulator.url}`);
  out(`  export OPENAI_ADMIN_KEY=${emulator.adminKey}`);
  out('Press Ctrl+C to stop.');
  await waitForStop(io.signal);
  await emulator.close();
  out('orgform emulator stopped.');
  return 0;
}

function readOptions(argv: string[]): StartEmulatorOptions | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        seed: { type: 'string' },
        state: { type: 'string' },
        latency: { type: 'string' },
        faults: { type: 'string' },
        'fault-seed': { type: 'string' },
        'throttle-rpm': { type: 'string' },
        behaviour: { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageProblem((error as Error).message);
  }
  if (values.help) return 'help';
  const options: StartEmulatorOptions = { host: values.host ?? '127.0.0.1' };
  if (values.port !== undefined) options.port = readInt(values.port, '--port', 0, 65_535);
  if (values.seed !== undefined) options.seed = values.seed;
  if (values.state !== undefined) options.statePath = values.state;
  if (values.latency !== undefined) options.latencyMs = readLatency(values.latency);
  if (values['throttle-rpm'] !== undefined) {
    options.throttle = { requestsPerMinute: readInt(values['throttle-rpm'], '--throttle-rpm', 1, 1_000_000) };
  }
  if (values.faults !== undefined) Object.assign(options, readFaultsFile(values.faults));
  if (values.behaviour !== undefined) {
    try {
      options.behaviour = behaviourFlags(values.behaviour);
    } catch (error) {
      throw new UsageProblem((error as Error).message);
    }
  }
  if (values['fault-seed'] !== undefined) options.faultSeed = readInt(values['fault-seed'], '--fault-seed', 0, 2 ** 32 - 1);
  return options;
}

function readInt(text: string, flag: string, min: number, max: number): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) {
    throw new UsageProblem(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(text)}`);
  }
  return value;
}

function readLatency(text: string): number | LatencyRange {
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (!range) return readInt(text, '--latency', 0, 60_000);
  const min = readInt(range[1] as string, '--latency', 0, 60_000);
  const max = readInt(range[2] as string, '--latency', min, 60_000);
  return { min, max };
}

function readFaultsFile(path: string): { faults: FaultRule[]; faultSeed?: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UsageProblem(`--faults ${path}: ${(error as Error).message}`);
  }
  try {
    if (Array.isArray(parsed)) return { faults: parseFaultRules(parsed) };
    const file = (parsed ?? {}) as { rules?: unknown; seed?: unknown };
    const faults = parseFaultRules(file.rules ?? []);
    return typeof file.seed === 'number' ? { faults, faultSeed: file.seed } : { faults };
  } catch (error) {
    throw new UsageProblem(`--faults ${path}: ${(error as Error).message}`);
  }
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
}
