// Progress on a fake clock: what is said, when, and where (a log's lines, or a terminal's live line).
import { describe, expect, it } from 'vitest';
import { Progress } from '../../../src/cli/progress.js';
import { duration } from '../../../src/cli/progress-lines.js';
import type { WaitEvent } from '../../../src/providers/openai/events.js';
import type { PaceState } from '../../../src/providers/openai/pacer.js';

const LIMITS = 'GET /organization/projects/{}/rate_limits';

function pace(over: Partial<PaceState> = {}): PaceState {
  return { endpoint: LIMITS, perMinute: 9, cause: 'throttled', throttles: 1, nextInMs: 0, waiting: 0, ...over };
}

function wait(over: Partial<WaitEvent> = {}): WaitEvent {
  return { type: 'wait', cause: 'throttled', method: 'GET', path: '/organization/projects/proj_x/rate_limits', waitMs: 8000, attempt: 2, status: 429, pace: pace(), ...over };
}

/** A Progress on a clock the test moves, with its ticker in the test's hand. */
function setup(terminal?: { columns: number }) {
  const clock = { now: 0 };
  const lines: string[] = [];
  const screen: string[] = [];
  let tick = (): void => {};
  let stopped = false;
  const progress = new Progress({
    now: () => clock.now,
    line: (text) => lines.push(text),
    ...(terminal && { terminal: { columns: terminal.columns, write: (text: string) => screen.push(text) } }),
    every: (_ms, fn) => ((tick = fn), () => (stopped = true)),
  });
  const at = (ms: number): void => {
    clock.now = ms;
    tick();
  };
  return { progress, lines, screen, at, stopped: () => stopped };
}

const reads = (progress: Progress, n: number): void => {
  for (let i = 0; i < n; i++) progress.onClientEvent({ type: 'queued', method: 'GET', endpoint: LIMITS });
};
const readDone = (progress: Progress): void => progress.onClientEvent({ type: 'settled', method: 'GET', endpoint: LIMITS });

describe('progress without a terminal', () => {
  it('says where it stands every 10 s while work is pending, and nothing when none is', () => {
    const { progress, lines, at, stopped } = setup();
    reads(progress, 3);
    readDone(progress);
    at(9_999);
    expect(lines).toEqual([]);
    at(10_000);
    expect(lines).toEqual(['progress: reads 1/3, 10 s elapsed']);
    at(15_000);
    expect(lines).toHaveLength(1);
    progress.changesPlanned(4);
    progress.changeSettled();
    at(20_000);
    expect(lines[1]).toBe('progress: reads 1/3, changes 1/4, 20 s elapsed');
    readDone(progress);
    readDone(progress);
    progress.changeSettled();
    progress.changeSettled();
    progress.changeSettled();
    at(60_000);
    expect(lines).toHaveLength(2);
    progress.stop();
    expect(stopped()).toBe(true);
  });

  it('announces a wait over 5 s as it begins, and names the paced endpoint in the next status line', () => {
    const { progress, lines, at } = setup();
    reads(progress, 2);
    at(1_000);
    progress.onClientEvent(wait({ waitMs: 4_000 }));
    expect(lines).toEqual([]);
    progress.onClientEvent(wait({ waitMs: 15_000 }));
    expect(lines).toEqual(['GET /organization/projects/proj_x/rate_limits throttled: next in 15 s, pacing 9/min after 429']);
    at(11_000);
    expect(lines[1]).toBe(`progress: reads 0/2, 11 s elapsed; paced ${LIMITS}: 9/min after 429, next in 5 s`);
  });

  it('says each retry over 5 s, and a queue behind a pace once per endpoint per 10 s', () => {
    const { progress, lines, at } = setup();
    reads(progress, 5);
    progress.onClientEvent(wait({ cause: 'retry', method: 'POST', path: '/organization/projects', status: 503, waitMs: 6_000, attempt: 3, pace: pace({ endpoint: 'POST /organization/projects', perMinute: null, cause: null }) }));
    progress.onClientEvent(wait({ cause: 'retry', status: 0, waitMs: 7_000, pace: pace({ endpoint: 'GET /organization/users' }) }));
    const queued = wait({ cause: 'paced', attempt: 1, waitMs: 12_000, pace: pace({ waiting: 13, nextInMs: 6_000, throttles: 2, cause: 'hinted' }) });
    progress.onClientEvent(queued);
    at(5_000);
    progress.onClientEvent(queued);
    at(10_000); // ten seconds after the last line: a status line, naming the wait of the moment
    progress.onClientEvent(queued);
    const paced = `${LIMITS} paced: 14 waiting, next start in 6 s, pacing 9/min after 2 429s (server hint)`;
    expect(lines).toEqual([
      'POST /organization/projects → 503: retrying in 6 s (attempt 3)',
      'GET /organization/projects/proj_x/rate_limits → no answer: retrying in 7 s (attempt 2)',
      paced, // at 5 s, not again

      `progress: reads 0/5, 10 s elapsed; paced ${LIMITS}: 9/min after 2 429s (server hint)`,
      paced,
    ]);
  });
});

describe('progress on a terminal', () => {
  it('draws one live line in place, clears it before other output and at the end', () => {
    const { progress, lines, screen, at } = setup({ columns: 200 });
    reads(progress, 4);
    at(400);
    expect(screen).toEqual([]); // no flash for a run this short
    at(1_000);
    expect(screen).toEqual(['\r\x1b[Kreads 0/4, 1 s elapsed']);
    progress.onClientEvent(wait({ cause: 'paced', waitMs: 20_000, pace: pace({ cause: 'max-rpm', perMinute: 60 }) }));
    at(2_000);
    expect(screen.at(-1)).toBe(`\r\x1b[Kreads 0/4, 2 s elapsed; paced ${LIMITS}: 60/min (--max-rpm)`);
    expect(lines).toEqual([]); // no log lines on a terminal, not even for a long wait
    progress.clear();
    expect(screen.at(-1)).toBe('\r\x1b[K');
    const drawn = screen.length;
    progress.clear(); // nothing on screen: nothing to clear
    expect(screen).toHaveLength(drawn);
    at(2_500);
    expect(screen).toHaveLength(drawn + 1);
    progress.stop();
    expect(screen.at(-1)).toBe('\r\x1b[K');
  });

  it('fits the terminal, and goes away when no work is pending', () => {
    const { progress, screen, at } = setup({ columns: 30 });
    reads(progress, 1);
    at(1_000);
    expect(screen.at(-1)).toBe('\r\x1b[Kreads 0/1, 1 s elapsed');
    progress.onClientEvent(wait());
    at(2_000);
    expect((screen.at(-1) ?? '').length).toBe('\r\x1b[K'.length + 29);
    readDone(progress);
    expect(screen.at(-1)).toBe('\r\x1b[K');
  });
});

describe('durations', () => {
  it.each([
    [800, '800 ms'],
    [8_000, '8 s'],
    [72_000, '1 min 12 s'],
    [120_000, '2 min'],
    [3_780_000, '1 h 3 min'],
  ])('%i ms is %s', (ms, text) => expect(duration(ms)).toBe(text));
});
