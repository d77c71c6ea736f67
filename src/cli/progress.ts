// Progress on standard error while a command reads and changes the org, fed by the client's
// events. On a terminal: one live line, redrawn in place and cleared before any other output.
// Without one (a CI log): a status line every ~10 s while work is pending, and a line for each
// wait over 5 s, so a throttled or hung run is never silent. Standard output never sees any of it.

import type { ClientEvent, WaitEvent } from '../providers/openai/events.js';
import type { Terminal } from './io.js';
import { longWaitLine, statusLine, type Counts } from './progress-lines.js';

const HEARTBEAT_MS = 10_000;
const LONG_WAIT_MS = 5_000;
/** On a terminal: nothing for a run this short (no flash), and no redraw more often than this. */
const TTY_DELAY_MS = 500;
const TTY_REDRAW_MS = 100;

/** Calls `tick` every `ms` until the returned function is called. */
export type Every = (ms: number, tick: () => void) => () => void;

export interface ProgressOptions {
  /** The clock the client waits on (a test's may skip ahead). */
  now: () => number;
  /** One whole line to standard error (used without a terminal). */
  line: (text: string) => void;
  /** Present when standard error is a terminal: the live line is drawn there. */
  terminal?: Terminal;
  /** What drives the status between events (a real interval unless a test gives its own). */
  every?: Every;
}

export class Progress {
  private readonly counts: Counts = { readsDone: 0, readsTotal: 0, changesDone: 0, changesTotal: 0, elapsedMs: 0 };
  private readonly startedAt: number;
  /** When the last status line was printed (wait lines come on their own). */
  private lastLineAt: number;
  /** The live line on the terminal now ('' when none), and when it was drawn. */
  private shown = '';
  private drawnAt = -Infinity;
  /** Per endpoint, its latest wait still pending, and when a long pacing wait of it was last announced. */
  private readonly waits = new Map<string, { event: WaitEvent; at: number; until: number }>();
  private readonly announced = new Map<string, number>();
  private readonly stopTicker: () => void;

  constructor(private readonly opts: ProgressOptions) {
    this.startedAt = this.lastLineAt = opts.now();
    this.stopTicker = (opts.every ?? everyReal)(opts.terminal ? TTY_REDRAW_MS * 5 : 1000, () => this.tick());
  }

  readonly onClientEvent = (event: ClientEvent): void => {
    switch (event.type) {
      case 'queued':
        if (event.method === 'GET') this.counts.readsTotal++;
        break;
      case 'settled':
        if (event.method === 'GET') this.counts.readsDone++;
        break;
      case 'wait':
        this.onWait(event);
        break;
    }
    this.tick();
  };

  /** Apply is about to carry out `n` changes. */
  changesPlanned(n: number): void {
    this.counts.changesTotal += n;
    this.tick();
  }

  /** One change was applied, failed or skipped. */
  changeSettled(): void {
    this.counts.changesDone++;
    this.tick();
  }

  /** Takes the live line off the terminal, so other output starts on a clean line. */
  clear(): void {
    if (this.shown === '') return;
    this.opts.terminal?.write('\r\x1b[K');
    this.shown = '';
  }

  stop(): void {
    this.stopTicker();
    this.clear();
  }

  private onWait(event: WaitEvent): void {
    const now = this.opts.now();
    this.waits.set(event.pace.endpoint, { event, at: now, until: now + event.waitMs });
    if (this.opts.terminal || event.waitMs <= LONG_WAIT_MS) return;
    // A throttle or a retry is one request held: always said. Requests queued behind their
    // endpoint's pace are many: said once per endpoint per heartbeat (the status line names it too).
    const endpoint = event.pace.endpoint;
    if (event.cause === 'paced' && now - (this.announced.get(endpoint) ?? -Infinity) < HEARTBEAT_MS) return;
    this.announced.set(endpoint, now);
    this.opts.line(longWaitLine(event));
  }

  private tick(): void {
    const now = this.opts.now();
    if (!this.pending()) return this.clear();
    const status = (): string => statusLine({ ...this.counts, elapsedMs: now - this.startedAt }, this.currentWait(now), now);
    const terminal = this.opts.terminal;
    if (terminal) {
      if (now - this.startedAt < TTY_DELAY_MS || now - this.drawnAt < TTY_REDRAW_MS) return;
      const text = status().slice(0, Math.max(20, terminal.columns - 1));
      if (text === this.shown) return;
      terminal.write(`\r\x1b[K${text}`);
      this.shown = text;
      this.drawnAt = now;
    } else if (now - this.lastLineAt >= HEARTBEAT_MS) {
      this.lastLineAt = now;
      this.opts.line(`progress: ${status()}`);
    }
  }

  private pending(): boolean {
    const c = this.counts;
    return c.readsDone < c.readsTotal || c.changesDone < c.changesTotal;
  }

  /** The wait to show: of those not yet over, the one that began last. */
  private currentWait(now: number): { event: WaitEvent; until: number } | undefined {
    let current: { event: WaitEvent; at: number; until: number } | undefined;
    for (const [endpoint, wait] of this.waits) {
      if (wait.until <= now) this.waits.delete(endpoint);
      else if (!current || wait.at >= current.at) current = wait;
    }
    return current;
  }
}

function everyReal(ms: number, tick: () => void): () => void {
  const timer = setInterval(tick, ms);
  // Progress never keeps a process alive.
  timer.unref();
  return () => clearInterval(timer);
}
