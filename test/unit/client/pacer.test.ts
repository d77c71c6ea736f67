import { describe, expect, it } from 'vitest';
import { Pacer } from '../../../src/providers/openai/pacer.js';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('Pacer', () => {
  it('does not pace an endpoint that has never been throttled', async () => {
    const c = clock();
    const pacer = new Pacer(0, c.now);
    const starts = [await pacer.acquire('GET /a'), await pacer.acquire('GET /a'), await pacer.acquire('GET /a')];
    expect(new Set(starts).size).toBe(1);
  });

  it('learns the budget from what got through in the last minute', () => {
    const c = clock();
    const pacer = new Pacer(0, c.now);
    for (let i = 0; i < 30; i++) {
      pacer.onSuccess('GET /a');
      c.advance(100);
    }
    const wait = pacer.onThrottled('GET /a', c.now());
    expect(wait).toBe(2100); // 30 a minute → one every 2 s, and 5 % to spare
    // A request already in flight before the slow-down tells nothing new: no second slow-down.
    expect(pacer.onThrottled('GET /a', c.now() - 1)).toBeLessThanOrEqual(2100);
    expect(pacer.intervalOf('GET /a')).toBe(2100);
    // A paced request that is still refused slows down by a quarter more.
    c.advance(2100);
    expect(pacer.onThrottled('GET /a', c.now())).toBe(2625);
    // Other endpoints are not slowed down.
    expect(pacer.onThrottled('GET /b', c.now())).toBe(1000);
  });

  it('trusts retry-after over its own estimate, and speeds up after a run of successes', () => {
    const c = clock();
    const pacer = new Pacer(0, c.now);
    expect(pacer.onThrottled('GET /a', c.now(), 250)).toBe(250);
    expect(pacer.intervalOf('GET /a')).toBe(0);
    pacer.onThrottled('GET /b', c.now());
    expect(pacer.intervalOf('GET /b')).toBe(1000);
    for (let i = 0; i < 19; i++) pacer.onSuccess('GET /b');
    expect(pacer.intervalOf('GET /b')).toBe(1000);
    pacer.onSuccess('GET /b');
    expect(pacer.intervalOf('GET /b')).toBe(900);
  });

  it('--max-rpm sets a floor per endpoint', async () => {
    const pacer = new Pacer(600); // one every 100 ms, real clock
    const starts = [await pacer.acquire('GET /a'), await pacer.acquire('GET /a'), await pacer.acquire('GET /a')];
    expect((starts[2] ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(195);
    expect(pacer.intervalOf('GET /a')).toBe(100);
    for (let i = 0; i < 40; i++) pacer.onSuccess('GET /a');
    expect(pacer.intervalOf('GET /a')).toBe(100); // never faster than the cap
  });
});
