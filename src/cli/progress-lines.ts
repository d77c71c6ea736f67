// The words of progress (progress.ts decides when): the status line and the long-wait line.
//
//   reads 120/340, changes 3/15, 1 min 12 s elapsed; paced GET /organization/projects/{}/rate_limits: 9/min after 429
//   GET /organization/projects/proj_x/model_permissions throttled: next in 8 s, pacing 9/min after 429

import type { WaitEvent } from '../providers/openai/events.js';
import type { PaceState } from '../providers/openai/pacer.js';

export interface Counts {
  readsDone: number;
  readsTotal: number;
  changesDone: number;
  changesTotal: number;
  elapsedMs: number;
}

/** Reads (GET requests, a total that grows as lists reveal more), changes, elapsed, and the wait now. */
export function statusLine(c: Counts, wait: { event: WaitEvent; until: number } | undefined, now: number): string {
  const parts = [`reads ${c.readsDone}/${c.readsTotal}`];
  if (c.changesTotal > 0) parts.push(`changes ${c.changesDone}/${c.changesTotal}`);
  parts.push(`${c.elapsedMs < 1000 ? '0 s' : duration(Math.floor(c.elapsedMs / 1000) * 1000)} elapsed`);
  return parts.join(', ') + (wait ? `; ${waitPhrase(wait.event, wait.until - now)}` : '');
}

/** One wait over the announcing threshold, said before it elapses. */
export function longWaitLine(e: WaitEvent): string {
  switch (e.cause) {
    case 'throttled':
      return `${e.method} ${e.path} throttled: next in ${duration(e.waitMs)}${pacing(e.pace, ', pacing ')}`;
    case 'retry':
      return `${e.method} ${e.path} → ${e.status || 'no answer'}: retrying in ${duration(e.waitMs)} (attempt ${e.attempt})`;
    case 'paced':
      return `${e.pace.endpoint} paced: ${e.pace.waiting + 1} waiting, next start in ${duration(e.pace.nextInMs)}${pacing(e.pace, ', pacing ')}`;
  }
}

/** The wait of the moment; `leftMs` is what is left of it (a queued request's says nothing of the next start). */
function waitPhrase(e: WaitEvent, leftMs: number): string {
  const next = leftMs >= 1000 ? `, next in ${duration(leftMs)}` : '';
  switch (e.cause) {
    case 'paced':
      return `paced ${e.pace.endpoint}${pacing(e.pace, ': ')}`;
    case 'throttled':
      return `paced ${e.pace.endpoint}${pacing(e.pace, ': ')}${next}`;
    case 'retry':
      return `retrying ${e.method} ${e.path} after ${e.status || 'no answer'}${next}`;
  }
}

/** "9/min after 429", "60/min (--max-rpm)"; nothing while the endpoint is unpaced. */
function pacing(pace: PaceState, lead: string): string {
  if (pace.perMinute === null || pace.cause === null) return '';
  const rate = `${perMinute(pace.perMinute)}/min`;
  switch (pace.cause) {
    case 'max-rpm':
      return `${lead}${rate} (--max-rpm)`;
    case 'throttled':
    case 'hinted': {
      const after = pace.throttles > 1 ? `after ${pace.throttles} 429s` : 'after 429';
      return `${lead}${rate} ${after}${pace.cause === 'hinted' ? ' (server hint)' : ''}`;
    }
  }
}

function perMinute(n: number): string {
  return n >= 10 ? String(Math.round(n)) : String(Number(n.toFixed(1)));
}

/** "800 ms", "8 s", "1 min 12 s", "1 h 3 min". */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))} ms`;
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
  const min = Math.round(s / 60);
  return min % 60 ? `${Math.floor(min / 60)} h ${min % 60} min` : `${min / 60} h`;
}
