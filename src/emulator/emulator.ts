// The emulator's moving parts in one place: the organization state, fault rules, throttle,
// latency and the request log. The HTTP side is in server.ts.
import { acceptInvite } from './accept-invite.js';
import type { BehaviourSettings } from './behaviour.js';
import { Behaviour } from './behaviour-hooks.js';
import { FaultInjector, drawLatency } from './faults.js';
import { nowSeconds } from './ids.js';
import { writeStateFile } from './persistence.js';
import { RequestLog } from './request-log.js';
import { normalizeSeed } from './seed.js';
import { Throttle, type ThrottleSettings } from './throttle.js';
import type { EmulatorState, FaultRule, LatencyRange, UserRecord } from './types.js';

export interface EmulatorSettings {
  statePath?: string;
  latencyMs?: number | LatencyRange;
  faults?: FaultRule[];
  faultSeed?: number;
  throttle?: ThrottleSettings | null;
  behaviour?: Partial<BehaviourSettings>;
}

export class Emulator {
  state: EmulatorState;
  readonly faults: FaultInjector;
  readonly log = new RequestLog();
  readonly behaviour = new Behaviour();
  throttle: Throttle | null = null;
  latency: number | LatencyRange;
  private readonly statePath: string | undefined;

  constructor(state: EmulatorState, settings: EmulatorSettings = {}) {
    this.state = state;
    this.statePath = settings.statePath;
    this.latency = settings.latencyMs ?? 0;
    this.faults = new FaultInjector(settings.faults ?? [], settings.faultSeed ?? 1);
    this.setThrottle(settings.throttle ?? null);
    this.behaviour.set(settings.behaviour ?? {});
  }

  /** The admin key clients should use by default: the first one in the state. */
  defaultAdminKey(): string {
    return this.state.admin_keys[0]?.value ?? '';
  }

  snapshot(): EmulatorState {
    return structuredClone(this.state);
  }

  /** `seed` is checked like a seed file (SeedError when it is not valid). */
  replaceState(seed: unknown): void {
    this.state = normalizeSeed(structuredClone(seed), nowSeconds());
    this.persist();
  }

  setThrottle(settings: ThrottleSettings | null): void {
    this.throttle = settings ? new Throttle(settings) : null;
  }

  /** Latency added to every /v1 request before any fault rule's own. */
  baseLatencyMs(): number {
    return drawLatency(this.latency, () => this.faults.random());
  }

  acceptInvite(email: string): UserRecord {
    const user = acceptInvite(this.state, email, nowSeconds());
    this.persist();
    return user;
  }

  persist(): void {
    if (this.statePath) writeStateFile(this.statePath, this.state);
  }
}
