// The admin key and base URL come from the same variables as the official SDK's, and are
// checked before the first request (env-check.ts).

import { UsageError } from '../errors.js';
import { AdminClient, DEFAULT_BASE_URL, REAL_CLOCK, type LogLevel } from '../providers/openai/client.js';
import { logLevel, type CommonFlags } from './args.js';
import { checkAdminKey, checkBaseUrl } from './env-check.js';
import type { Io } from './io.js';
import { Progress } from './progress.js';

export interface Target {
  baseUrl: string;
  adminKey: string;
  /** ORGFORM_LOG; --log-level wins. */
  logLevel?: LogLevel;
}

/**
 * The target, or a UsageError for a key or URL that cannot work (no request is made); `keyVar`
 * is a config's `orgform.admin_key_env`, if it names one. Warnings go to `warn`.
 */
export function targetFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  keyVar = 'OPENAI_ADMIN_KEY',
  warn: (text: string) => void = () => {},
): Target {
  const baseUrl = env['OPENAI_BASE_URL'] || DEFAULT_BASE_URL;
  for (const check of [checkAdminKey(env[keyVar], keyVar), checkBaseUrl(baseUrl)]) {
    if (check.status === 'fail') throw new UsageError(`${check.detail}${/[.?!]$/.test(check.detail) ? '' : '.'} No request was made.`);
    if (check.status === 'warn') warn(`warning: ${check.detail}`);
  }
  const level = env['ORGFORM_LOG'] ? logLevel(env['ORGFORM_LOG'], 'ORGFORM_LOG') : undefined;
  return { baseUrl, adminKey: env[keyVar] ?? '', ...(level ? { logLevel: level } : {}) };
}

/** A client for one command, with its progress on stderr. */
export interface Connection {
  client: AdminClient;
  /** The command's Io: its writes (and questions) first take progress's live line off the terminal. */
  io: Io;
  /** Absent with --quiet. */
  progress: Progress | undefined;
  /** Stops progress and closes the client. */
  close(): Promise<void>;
}

/**
 * The client for `target`, reporting progress to the Io's stderr (a live line on a terminal,
 * lines every ~10 s and for long waits otherwise) unless --quiet; its debug log goes there too.
 * `signal`: an interrupt, which cancels every wait and retry of the client.
 */
export function connect(target: Target, flags: CommonFlags, io: Io, signal?: AbortSignal): Connection {
  const clock = io.clock ?? REAL_CLOCK;
  const progress = flags.quiet
    ? undefined
    : new Progress({ now: clock.now, line: (text) => io.err(text), ...(io.errTerminal && { terminal: io.errTerminal }) });
  const shown = progress ? clearingFirst(io, progress) : io;
  const client = new AdminClient({
    clock,
    ...(signal && { signal }),
    // Where the client finds HTTPS_PROXY / HTTP_PROXY / NO_PROXY: the command's environment.
    env: io.env,
    baseUrl: target.baseUrl,
    adminKey: target.adminKey,
    concurrency: flags.concurrency,
    maxRpm: flags.maxRpm,
    ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
    logLevel: flags.logLevel ?? target.logLevel ?? 'info',
    log: (line) => shown.err(line),
    ...(progress && { onEvent: progress.onClientEvent }),
  });
  return {
    client,
    io: shown,
    progress,
    close: async () => {
      progress?.stop();
      await client.close();
    },
  };
}

/** The Io with every write and question starting on a line of its own, below no live line. */
function clearingFirst(io: Io, progress: Progress): Io {
  return {
    ...io,
    out: (text) => (progress.clear(), io.out(text)),
    err: (text) => (progress.clear(), io.err(text)),
    ask: (question) => (progress.clear(), io.ask(question)),
  };
}
