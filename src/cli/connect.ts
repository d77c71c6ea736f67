// The admin key and base URL come from the same variables as the official SDK's.

import { UsageError } from '../errors.js';
import { AdminClient, DEFAULT_BASE_URL, type Clock } from '../providers/openai/client.js';
import type { CommonFlags } from './args.js';

export interface Target {
  baseUrl: string;
  adminKey: string;
}

export function targetFromEnv(env: Readonly<Record<string, string | undefined>>): Target {
  const adminKey = env['OPENAI_ADMIN_KEY'];
  if (!adminKey) {
    throw new UsageError(
      'OPENAI_ADMIN_KEY is not set: orgform needs an admin key (https://platform.openai.com/settings/organization/admin-keys). ' +
        'No request was made. To try orgform without one, run `orgform demo` or `orgform emulator`.',
    );
  }
  return { baseUrl: env['OPENAI_BASE_URL'] || DEFAULT_BASE_URL, adminKey };
}

export function connect(target: Target, flags: CommonFlags, clock?: Clock): AdminClient {
  return new AdminClient({
    ...(clock && { clock }),
    baseUrl: target.baseUrl,
    adminKey: target.adminKey,
    concurrency: flags.concurrency,
    maxRpm: flags.maxRpm,
  });
}
