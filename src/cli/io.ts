// Everything a command takes from its surroundings: where it writes, whether it may use colour,
// the environment, the working directory and interrupts. Commands never reach for `process`
// themselves, so `main(argv, io)` runs in-process as well as in a process of its own.

import { resolve } from 'node:path';
import type { Clock } from '../providers/openai/client.js';

import { decideColor } from './color.js';

export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** The --color auto decision: NO_COLOR, then FORCE_COLOR, then whether stdout is a TTY. */
  color: boolean;
  isTty: boolean;
  /** Asks on a TTY; resolves to the answer. */
  ask(question: string): Promise<string>;
  /** The environment variables the commands read (OPENAI_ADMIN_KEY, OPENAI_BASE_URL, …). */
  env: Readonly<Record<string, string | undefined>>;
  /** Relative paths on the command line are relative to this. */
  cwd: string;
  /**
   * Calls `stop` with the interrupt's name (SIGINT, SIGTERM) while subscribed; returns the
   * unsubscribe. Only apply listens: elsewhere an interrupt simply ends the process.
   */
  onInterrupt(stop: (name: string) => void): () => void;
  /** Ends the process at once (a second interrupt); absent in-process, where the caller returns. */
  exitNow?(code: number): void;
  /** How the HTTP client waits (back-off, pacing); the real clock when absent. */
  clock?: Clock;
  /** Standard error when it is a terminal (progress draws its live line there); absent otherwise. */
  errTerminal?: Terminal;
}

/** A terminal: raw writes (no newline added), and its width. */
export interface Terminal {
  write(text: string): void;
  readonly columns: number;
}

/** `path` as given on the command line, resolved against the command's working directory. */
export function pathIn(io: Pick<Io, 'cwd'>, path: string): string {
  return resolve(io.cwd, path);
}

export function processIo(): Io {
  const isTty = Boolean(process.stdout.isTTY) && Boolean(process.stdin.isTTY);
  const write = outlivingReader(process.stdout);
  return {
    out: (text) => write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    color: decideColor('auto', process.env, Boolean(process.stdout.isTTY)),
    isTty,
    ask: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      try {
        return await rl.question(question);
      } finally {
        rl.close();
      }
    },
    env: process.env,
    cwd: process.cwd(),
    ...(process.stderr.isTTY && {
      errTerminal: {
        write: (text: string) => void process.stderr.write(text),
        get columns() {
          return process.stderr.columns || 80;
        },
      },
    }),
    exitNow: (code) => process.exit(code),
    onInterrupt: (stop) => {
      const onInt = () => stop('SIGINT');
      const onTerm = () => stop('SIGTERM');
      process.on('SIGINT', onInt);
      process.on('SIGTERM', onTerm);
      return () => {
        process.off('SIGINT', onInt);
        process.off('SIGTERM', onTerm);
      };
    },
  };
}

/** The same Io with some environment variables set: how `demo` points the commands at its emulator. */
export function withEnv(io: Io, env: Record<string, string>): Io {
  return { ...io, env: { ...io.env, ...env } };
}

/**
 * Writes to a stream whose reader may go away (`orgform emulator | head -1`): after EPIPE, later
 * writes are dropped instead of the process dying on an unhandled 'error' event.
 */
function outlivingReader(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    closed = true;
  });
  return (text) => {
    if (!closed) stream.write(text);
  };
}
