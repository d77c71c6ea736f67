// Whether output is coloured: --color always|never wins; otherwise (auto) NO_COLOR turns colour
// off, FORCE_COLOR turns it on (CI logs are not TTYs but show colour), and else a TTY decides.

import { UsageError } from '../errors.js';

export type ColorMode = 'always' | 'never' | 'auto';

export function parseColorMode(value: string | boolean | undefined, noColor: boolean): ColorMode {
  if (value === undefined) return noColor ? 'never' : 'auto';
  if (value === 'always' || value === 'never' || value === 'auto') {
    if (noColor && value !== 'never') throw new UsageError(`--no-color contradicts --color ${value}`);
    return value;
  }
  throw new UsageError(`--color must be always, never or auto, not ${JSON.stringify(value)}`);
}

export function decideColor(mode: ColorMode, env: Readonly<Record<string, string | undefined>>, isTty: boolean): boolean {
  if (mode !== 'auto') return mode === 'always';
  // https://no-color.org: present and not empty.
  if (env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  // FORCE_COLOR=0 or false means "no colour", as in Node and chalk; any other value forces it.
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  return isTty;
}
