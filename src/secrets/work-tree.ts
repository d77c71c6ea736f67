// A secrets directory inside a git work tree is one `git add .` away from the repository: it is
// refused unless git ignores it. Without git on PATH, or outside any work tree, there is nothing
// to check.

import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface WorkTreeExposure {
  workTree: string;
}

/** The work tree `dir` would be committed in, or null when it is outside one or git-ignored. */
export async function exposedInWorkTree(dir: string): Promise<WorkTreeExposure | null> {
  const target = resolve(dir);
  let existing = target;
  // The nearest existing directory (git cannot run in a path under a regular file).
  while (!isDirectory(existing)) existing = dirname(existing);
  const top = await git(existing, ['rev-parse', '--show-toplevel']);
  if (top.code !== 0) return null;
  // Whether a key file in it would be ignored (a `dir/` pattern matches a directory that exists
  // only). check-ignore exits 0 when ignored, 1 when not, 128 on an error (e.g. inside .git/).
  const ignored = await git(existing, ['check-ignore', '--quiet', '--no-index', join(target, 'key.json')]);
  if (ignored.code !== 1) return null;
  return { workTree: top.stdout.trim() };
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function git(cwd: string, args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((done) => {
    execFile('git', args, { cwd, env: { PATH: process.env['PATH'] ?? '' } }, (error, stdout) => {
      if (error === null) return done({ code: 0, stdout });
      const code = typeof error.code === 'number' ? error.code : -1;
      done({ code, stdout });
    });
  });
}
