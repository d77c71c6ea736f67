// The environment, checked before the first request: a key or URL that cannot work is one clear
// line now, not retries and a stack trace later. doctor shows the same checks.

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: CheckStatus;
  detail: string;
}

const ADMIN_KEYS_PAGE = 'https://platform.openai.com/settings/organization/admin-keys';

/** The admin key (OPENAI_ADMIN_KEY, or the variable a config names): set, no stray whitespace, printable ASCII, an admin key's prefix. */
export function checkAdminKey(raw: string | undefined, variable = 'OPENAI_ADMIN_KEY'): Check {
  const fail = (detail: string): Check => ({ name: 'key', status: 'fail', detail: `${variable} ${detail}` });
  if (raw === undefined || raw === '') {
    return fail(
      `is not set: orgform needs an admin key (${ADMIN_KEYS_PAGE}). ` +
        'To try orgform without one, run `orgform demo` or `orgform emulator`.',
    );
  }
  const trimmed = raw.trim();
  if (trimmed === '') return fail('is only whitespace');
  if (trimmed !== raw) {
    return fail('starts or ends with whitespace (often a trailing newline from a file or a secret store): remove it');
  }
  const space = raw.search(/\s/);
  if (space >= 0) return fail(`has whitespace inside it (at character ${space + 1}): a key is one word`);
  const odd = [...raw].findIndex((c) => c < '!' || c > '~');
  if (odd >= 0) {
    return fail(`has a character that is not printable ASCII (character ${odd + 1}): keys are ASCII; was it pasted from a formatted document?`);
  }
  if (raw.startsWith('sk-admin-')) return { name: 'key', status: 'pass', detail: 'an admin key (sk-admin-…)' };
  if (raw.startsWith('sk-proj-') || raw.startsWith('sk-svcacct-') || raw.startsWith('sk-')) {
    return fail(
      `is a project, service-account or user API key (${raw.slice(0, raw.indexOf('-', 3) + 1)}…), not an admin key: ` +
        `the Admin API refuses it. Make an admin key at ${ADMIN_KEYS_PAGE}.`,
    );
  }
  return { name: 'key', status: 'warn', detail: `${variable} does not start with sk-admin-: the Admin API will refuse it unless a proxy in between expects it` };
}

/** OPENAI_BASE_URL: an http(s) URL with a host; a hint when the path is not the API's /v1. */
export function checkBaseUrl(raw: string): Check {
  const fail = (detail: string): Check => ({ name: 'base_url', status: 'fail', detail: `OPENAI_BASE_URL ${detail}` });
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fail(`${JSON.stringify(raw)} is not a URL: give the scheme and host, e.g. https://api.openai.com/v1`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail(`${JSON.stringify(raw)} is not an http(s) URL (did you leave out https:// ?)`);
  }
  if (url.hostname === '') return fail(`${JSON.stringify(raw)} has no host`);
  if (url.username || url.password) return fail('must not carry a user name or password: the admin key is the credential');
  if (url.search || url.hash) return fail(`${JSON.stringify(raw)} must not have a query or fragment`);
  const warnings: string[] = [];
  if (!/\/v1\/?$/.test(url.pathname)) {
    warnings.push(`its path does not end in /v1: the Admin API lives under ${url.origin}/v1 (did you mean ${url.origin}${url.pathname.replace(/\/+$/, '')}/v1?)`);
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    warnings.push('it is plain http to a host that is not this machine: the admin key would cross the network unencrypted');
  }
  if (warnings.length > 0) return { name: 'base_url', status: 'warn', detail: `OPENAI_BASE_URL ${raw}: ${warnings.join('; ')}` };
  return { name: 'base_url', status: 'pass', detail: raw };
}

/** The proxy settings the client honours (undici's EnvHttpProxyAgent applies NO_PROXY per host). */
export function checkProxy(env: Readonly<Record<string, string | undefined>>): Check {
  const set = PROXY_VARIABLES.filter((name) => env[name]).map((name) => `${name}=${redactUserinfo(env[name] ?? '')}`);
  return { name: 'proxy', status: 'pass', detail: set.length === 0 ? 'no proxy variables set: direct' : set.join(', ') };
}

const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'NO_PROXY', 'no_proxy'];

function redactUserinfo(value: string): string {
  try {
    const url = new URL(value);
    if (url.username || url.password) url.username = url.password = '';
    return url.toString();
  } catch {
    return value.includes('@') ? '(not shown: it is not a URL and may hold a password)' : value;
  }
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.startsWith('127.') || host === '[::1]' || host === '::1';
}
