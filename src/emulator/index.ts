// The Admin API emulator, in-process: what tests and `orgform demo` start.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BehaviourSettings } from './behaviour.js';
import { Emulator } from './emulator.js';
import { nowSeconds } from './ids.js';
import { readStateFile, writeStateFile } from './persistence.js';
import { loadSeed, normalizeSeed } from './seed.js';
import { createRequestListener } from './server.js';
import type { ThrottleSettings } from './throttle.js';
import type { EmulatorSeed, EmulatorState, FaultRule, LatencyRange, RequestLogEntry, UserRecord } from './types.js';

export type * from './types.js';
export type { ThrottleSettings } from './throttle.js';
export { SeedError, demoSeedPath } from './seed.js';
export { AcceptInviteError } from './accept-invite.js';
export { parseFaultRules } from './fault-rules.js';
export { BEHAVIOUR_CHOICES, parseBehaviour, type BehaviourSettings } from './behaviour.js';

export interface StartEmulatorOptions {
  /** A seed object or the path of a JSON seed file; default: examples/emulator-seed.json. */
  seed?: EmulatorSeed | string;
  /** Save the state here after each change; when the file exists, it wins over `seed`. */
  statePath?: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 0: a free port. */
  port?: number;
  latencyMs?: number | LatencyRange;
  faults?: FaultRule[];
  faultSeed?: number;
  throttle?: ThrottleSettings | null;
  /** Behaviour profile: where the contract is silent, which answer to give (behaviour.ts). */
  behaviour?: Partial<BehaviourSettings>;
}

export interface RunningEmulator {
  /** Base URL including /v1, for OPENAI_BASE_URL or the SDK's baseURL. */
  url: string;
  /** The default admin key (the seed's first). */
  adminKey: string;
  /** A deep copy of the state, in seed format (complete: every id and default filled in). */
  getState(): EmulatorState;
  setState(seed: EmulatorSeed): void;
  setFaults(rules: FaultRule[], seed?: number): void;
  setThrottle(t: ThrottleSettings | null): void;
  setLatency(ms: number | LatencyRange): void;
  /** Replaces the behaviour profile (unnamed switches go back to their defaults). */
  setBehaviour(settings: Partial<BehaviourSettings>): void;
  /** The invitee accepts: throws AcceptInviteError when there is no pending invite for the email. */
  acceptInvite(email: string): UserRecord;
  requests(): RequestLogEntry[];
  /** Requests per endpoint since the last reset. */
  requestCounts(): Record<string, number>;
  resetRequests(): void;
  close(): Promise<void>;
}

export async function startEmulator(opts: StartEmulatorOptions = {}): Promise<RunningEmulator> {
  const saved = opts.statePath ? readStateFile(opts.statePath) : null;
  const state = normalizeSeed(saved ?? loadSeed(opts.seed), nowSeconds());
  if (opts.statePath) writeStateFile(opts.statePath, state);
  const emulator = new Emulator(state, {
    statePath: opts.statePath,
    latencyMs: opts.latencyMs,
    faults: opts.faults,
    faultSeed: opts.faultSeed,
    throttle: opts.throttle ?? null,
    behaviour: opts.behaviour ?? {},
  });
  const server = createServer(createRequestListener(emulator));
  const host = opts.host ?? '127.0.0.1';
  await listen(server, host, opts.port ?? 0);
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${urlHost}:${port}/v1`,
    adminKey: emulator.defaultAdminKey(),
    getState: () => emulator.snapshot(),
    setState: (seed) => emulator.replaceState(seed),
    setFaults: (rules, seed) => emulator.faults.set(rules, seed),
    setThrottle: (t) => emulator.setThrottle(t),
    setLatency: (ms) => {
      emulator.latency = ms;
    },
    setBehaviour: (settings) => emulator.behaviour.set(settings),
    acceptInvite: (email) => emulator.acceptInvite(email),
    requests: () => emulator.log.list(),
    requestCounts: () => emulator.log.counts(),
    resetRequests: () => emulator.log.reset(),
    close: () => close(server),
  };
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Stops listening and cuts open keep-alive connections; calling it again is a no-op. */
function close(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}
