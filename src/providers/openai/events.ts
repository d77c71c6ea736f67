// What the client tells an observer as it works (ClientOptions.onEvent): requests queued and
// settled, and every wait before a request may go out, with its endpoint's pacing. Data only:
// the CLI decides what to show (its progress line) and how.

import type { PaceState } from './pacer.js';

export type ClientEvent =
  /** A request was asked for (it may first wait for its pace or a slot); `endpoint` is `METHOD /template`. */
  | { type: 'queued'; method: string; endpoint: string }
  /** It answered, failed for good, or was interrupted. */
  | { type: 'settled'; method: string; endpoint: string }
  | WaitEvent;

/**
 * A request must wait `waitMs` before it goes out: `paced` behind its endpoint's pace, `throttled`
 * after a 429 (its retry waits its turn), `retry` after a failure (`status` 0: no answer).
 */
export interface WaitEvent {
  type: 'wait';
  cause: 'paced' | 'throttled' | 'retry';
  method: string;
  /** The request's own path, e.g. `/organization/projects/proj_1/users`. */
  path: string;
  waitMs: number;
  /** The attempt that will follow the wait (1: the first). */
  attempt: number;
  status?: number;
  pace: PaceState;
}
