// Files shipped with orgform (schemas, examples), found from the running module whether it runs
// from src/ (tests) or dist/src/ (the built CLI).

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find orgform\'s package.json');
    dir = parent;
  }
  root = dir;
  return dir;
}

export function packageFile(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
