// Self-hosted runners often reach the internet only through a proxy: HTTPS_PROXY / HTTP_PROXY /
// NO_PROXY (either case) are honoured as curl and the official SDK's users expect.

import { Agent, EnvHttpProxyAgent, type Dispatcher } from 'undici';

export function makeDispatcher(connections: number, env: Readonly<Record<string, string | undefined>> = process.env): Dispatcher {
  const options = { connections, keepAliveTimeout: 10_000 };
  const pick = (name: string) => env[name.toLowerCase()] || env[name] || undefined;
  const httpProxy = pick('HTTP_PROXY');
  const httpsProxy = pick('HTTPS_PROXY');
  if (httpProxy === undefined && httpsProxy === undefined) return new Agent(options);
  return new EnvHttpProxyAgent({ ...options, httpProxy, httpsProxy, noProxy: pick('NO_PROXY') ?? '' });
}
