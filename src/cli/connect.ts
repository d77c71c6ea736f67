// The admin key and base URL come from the same variables as the official SDK's.

import { UsageError } from '../errors.js';
import { AdminClient, DEFAULT_BASE_URL, type Clock } from '../providers/openai/client.js';
import type { LogLevel } from '../providers/openai/client.js';
import { logLevel, type CommonFlags } from './args.js';

export interface Target {
  baseUrl: string;
  adminKey: string;
  /** ORGFORM_LOG; --log-level wins. */
  logLevel?: LogLevel;
}

/** The target from the environment; `keyVar` is a config's `orgform.admin_key_env`, if it names one. */
export function targetFromEnv(env: Readonly<Record<string, string | undefined>>, keyVar = 'OPENAI_ADMIN_KEY'): Target {
  const adminKey = env[keyVar];
  if (!adminKey) {
    throw new UsageError(
      `${keyVar} is not set: orgform needs an admin key (https://platform.openai.com/settings/organization/admin-keys). ` +
        'No request was made. To try orgform without one, run `orgform demo` or `orgform emulator`.',
    );
  }
  const level = env['ORGFORM_LOG'] ? logLevel(env['ORGFORM_LOG'], 'ORGFORM_LOG') : undefined;
  return { baseUrl: env['OPENAI_BASE_URL'] || DEFAULT_BASE_URL, adminKey, ...(level ? { logLevel: level } : {}) };
}

export function connect(target: Target, flags: CommonFlags, clock?: Clock): AdminClient {
  return new AdminClient({
    ...(clock && { clock }),
    baseUrl: target.baseUrl,
    adminKey: target.adminKey,
    concurrency: flags.concurrency,
    maxRpm: flags.maxRpm,
    ...(flags.timeoutMs === undefined ? {} : { timeoutMs: flags.timeoutMs }),
    logLevel: flags.logLevel ?? target.logLevel ?? 'info',
  });
}
