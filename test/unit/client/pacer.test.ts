// The pacer on a virtual clock: unit behaviour, then whole runs against a simulated throttling
// server (pacer-sim.ts) measured in requests, 429s and virtual seconds.
import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/providers/openai/pacer.js';
import { bucketServer, interleaved, randomServer, simulate, VirtualClock } from './pacer-sim.js';

function pacerOn(clock = new VirtualClock(), maxRpm = 0) {
  return { clock, pacer: new Pacer({ maxRpm, now: () => clock.now, sleep: clock.sleep }) };
}

describe('Pacer', () => {
  it('does not pace an endpoint that has never been throttled', async () => {
    const { pacer } = pacerOn();
    const starts = [await pacer.acquire('GET /a'), await pacer.acquire('GET /a'), await pacer.acquire('GET /a')];
    expect(new Set(starts).size).toBe(1);
    expect(pacer.intervalOf('GET /a')).toBe(0);
  });

  it('a sporadic 429 slows the endpoint for seconds, then it is back to full speed', async () => {
    const { clock, pacer } = pacerOn();
    // 10 requests a second for 5 s, then one 429.
    let startedAt = 0;
    for (let i = 0; i < 50; i++) {
      startedAt = await pacer.acquire('GET /a');
      clock.now += 50;
      pacer.onSuccess('GET /a');
      clock.now += 50;
    }
    const wait = pacer.onThrottled('GET /a', startedAt);
    expect(wait).toBeLessThan(1000);
    expect(pacer.intervalOf('GET /a')).toBeGreaterThan(100);
    // Keep going at the pace it allows: within 5 s it allows the old rate again.
    const until = clock.now + 5000;
    while (clock.now < until) {
      clock.now += pacer.intervalOf('GET /a');
      pacer.onSuccess('GET /a');
    }
    expect(pacer.intervalOf('GET /a')).toBeLessThanOrEqual(100);
    // Other endpoints were never slowed.
    expect(pacer.intervalOf('GET /b')).toBe(0);
  });

  it('a first 429 on an endpoint used once in a while does not wait a minute', () => {
    const { clock, pacer } = pacerOn();
    pacer.onSuccess('GET /a');
    clock.now += 30_000;
    expect(pacer.onThrottled('GET /a', clock.now)).toBeLessThanOrEqual(2_500);
  });

  it('a server hint sets the next start and bounds the pace; a stale 429 does not cut twice', async () => {
    const { clock, pacer } = pacerOn();
    for (let i = 0; i < 20; i++) pacer.onSuccess('GET /a');
    const startedAt = clock.now;
    // At most one per hint, then the cut: 6 s ÷ 0.8.
    expect(pacer.onThrottled('GET /a', startedAt, 6_000)).toBe(7_500);
    const interval = pacer.intervalOf('GET /a');
    expect(interval).toBe(7_500);
    expect(pacer.onThrottled('GET /a', startedAt - 1)).toBe(7_500);
    expect(pacer.intervalOf('GET /a')).toBe(interval);
    // A hint longer than the pace wins for the next start.
    expect(pacer.onThrottled('GET /a', startedAt - 1, 20_000)).toBe(20_000);
    const next = pacer.acquire('GET /a');
    const run = clock.run();
    expect(await next).toBe(20_000);
    await run;
  });

  it('--max-rpm caps every endpoint, throttled or not', async () => {
    const { clock, pacer } = pacerOn(new VirtualClock(), 600);
    const starts = [pacer.acquire('GET /a'), pacer.acquire('GET /a'), pacer.acquire('GET /a')];
    const run = clock.run();
    expect(await Promise.all(starts)).toEqual([0, 100, 200]);
    await run;
    for (let i = 0; i < 40; i++) pacer.onSuccess('GET /a');
    expect(pacer.intervalOf('GET /a')).toBe(100);
  });

  it('serves waiters in order and drops an aborted one', async () => {
    const { clock, pacer } = pacerOn(new VirtualClock(), 60);
    const controller = new AbortController();
    const first = pacer.acquire('GET /a');
    const second = pacer.acquire('GET /a', controller.signal);
    const third = pacer.acquire('GET /a');
    controller.abort(new Error('interrupted'));
    await expect(second).rejects.toThrow('interrupted');
    const run = clock.run();
    expect([await first, await third]).toEqual([0, 1000]);
    await run;
  });

  it('shows its state per endpoint for the debug log', () => {
    const { pacer } = pacerOn();
    pacer.onSuccess('GET /a');
    pacer.onThrottled('GET /a', 0, 6000);
    expect(pacer.describe('GET /a')).toMatch(/^GET \/a: pace [\d.]+\/min, 1 ok in the last 60 s, 1 throttled, last at 10\.0\/min 0\.0 s ago, regrow over 180 s, next in 7\.5 s$/);
  });
});

describe('Pacer state as data (for progress)', () => {
  it('says the pace, why, and how long a new request would wait', () => {
    const { pacer } = pacerOn();
    expect(pacer.paceOf('GET /a')).toEqual({ endpoint: 'GET /a', perMinute: null, cause: null, throttles: 0, nextInMs: 0, waiting: 0 });
    expect(pacer.waitFor('GET /a')).toBe(0);
    pacer.onSuccess('GET /a');
    pacer.onThrottled('GET /a', 0, 6000);
    const pace = pacer.paceOf('GET /a');
    expect(pace).toMatchObject({ cause: 'hinted', throttles: 1, nextInMs: 7500, waiting: 0 });
    expect(pace.perMinute).toBeCloseTo(8);
    void pacer.acquire('GET /a');
    expect(pacer.waitFor('GET /a')).toBe(15_000); // behind the one already waiting
    pacer.onThrottled('GET /a', 1);
    expect(pacer.paceOf('GET /a')).toMatchObject({ cause: 'throttled', throttles: 2, waiting: 1 });
    expect(pacerOn(undefined, 30).pacer.paceOf('GET /b')).toMatchObject({ perMinute: 30, cause: 'max-rpm' });
  });
});

describe('Pacer over whole runs (virtual time)', () => {
  const bound = (perEndpoint: number, perMinute: number, burst: number) => ((perEndpoint - burst) / perMinute) * 60_000;

  it('finds and holds a budget of 10 a minute (burst 10) told by hints: near the bound, few 429s', async () => {
    const r = await simulate({ jobs: interleaved(5, 100), server: bucketServer(10, 10, true), concurrency: 16, latencyMs: 25 });
    expect(r.wallMs).toBeLessThan(1.1 * bound(100, 10, 10));
    expect(r.throttled / r.requests).toBeLessThan(0.06);
  });

  it.each([10, 60])('finds a budget of %i a minute without hints, and holds it', async (perMinute) => {
    const r = await simulate({ jobs: interleaved(5, 100), server: bucketServer(perMinute, perMinute, false), concurrency: 16, latencyMs: 25 });
    expect(r.wallMs).toBeLessThan(1.1 * bound(100, perMinute, perMinute));
    expect(r.throttled / r.requests).toBeLessThan(0.15);
  });

  it('4 % random 429s without hints cost little time', async () => {
    const jobs = interleaved(5, 1000);
    const clean = await simulate({ jobs, server: randomServer(0), concurrency: 16, latencyMs: 25 });
    const faulty = await simulate({ jobs, server: randomServer(0.04), concurrency: 16, latencyMs: 25 });
    expect(faulty.throttled).toBeGreaterThan(150);
    expect(faulty.wallMs).toBeLessThan(1.2 * clean.wallMs);
  });
});
