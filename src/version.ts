// The one version string is package.json's; read at run time so a release bumps one place.

import { readFileSync } from 'node:fs';
import { packageFile } from './paths.js';

function readVersion(): string {
  const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version?: unknown };
  if (typeof pkg.version !== 'string' || pkg.version === '') throw new Error('orgform\'s package.json has no version');
  return pkg.version;
}

export const VERSION: string = readVersion();
