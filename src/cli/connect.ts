// The admin key and base URL come from the same variables as the official SDK's, and are
// checked before the first request (env-check.ts).

import { UsageError } from '../errors.js';
import { AdminClient, DEFAULT_BASE_URL, type Clock } from '../providers/openai/client.js';
import type { LogLevel } from '../providers/openai/client.js';
import { logLevel, type CommonFlags } from './args.js';
import { checkAdminKey, checkBaseUrl } from './env-check.js';

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

/**
 * `env`: where the client finds HTTPS_PROXY / HTTP_PROXY / NO_PROXY (the command's environment).
 * `signal`: an interrupt, which cancels every wait and retry of the client.
 */
export function connect(
  target: Target,
  flags: CommonFlags,
  clock?: Clock,
  env?: Readonly<Record<string, string | undefined>>,
  signal?: AbortSignal,
): AdminClient {
  return new AdminClient({
    ...(clock && { clock }),
    ...(signal && { signal }),
    ...(env && { env }),
    baseUrl: target.baseUrl,
    adminKey: target.adminKey,
    concurrency: flags.concurrency,
    maxRpm: flags.maxRpm,
    ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
    logLevel: flags.logLevel ?? target.logLevel ?? 'info',
  });
}
