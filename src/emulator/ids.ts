// API-style identifiers and timestamps. Prefixes follow the examples in the API reference:
// proj_abc, user-abc, invite-abc, svc_acct_abc, key_abc, alert_abc123, group_abc, role_abc,
// audit_log-abc, req_….
import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomToken(length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

export type IdKind = 'project' | 'user' | 'invite' | 'service_account' | 'api_key' | 'spend_alert' | 'group' | 'role';

const PREFIXES: Record<IdKind, string> = {
  project: 'proj_',
  user: 'user-',
  invite: 'invite-',
  service_account: 'svc_acct_',
  api_key: 'key_',
  spend_alert: 'alert_',
  group: 'group_',
  role: 'role_',
};

export function newId(kind: IdKind): string {
  return PREFIXES[kind] + randomToken(kind === 'api_key' ? 16 : 24);
}

export function newAuditLogId(nowSeconds: number): string {
  const day = new Date(nowSeconds * 1000).toISOString().slice(0, 10).replaceAll('-', '');
  return `audit_log-${randomToken(24)}_${day}`;
}

export function newRequestId(): string {
  return `req_${randomBytes(16).toString('hex')}`;
}

export function rateLimitId(model: string): string {
  return `rl-${model}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** A new service-account secret and the redacted form that is all the emulator keeps. */
export function newServiceAccountSecret(): { value: string; redacted_value: string } {
  const value = `sk-svcacct-${randomToken(48)}`;
  return { value, redacted_value: redactSecret(value) };
}

export function redactSecret(value: string): string {
  return `${value.slice(0, 11)}...${value.slice(-4)}`;
}
