// --changed-since GIT_REF: the config file as it is at a git ref, by `git show` in the file's own
// directory, with the command's environment. Local only: nothing is fetched.

import { execFile } from 'node:child_process';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Io } from './io.js';

export interface FileAtRef {
  /** The commit the ref names. */
  commit: string;
  /** The file's bytes at that commit; undefined when the file is not there. */
  bytes?: Buffer;
}

export async function fileAtRef(file: string, ref: string, io: Pick<Io, 'cwd' | 'env'>): Promise<FileAtRef> {
  const path = resolve(io.cwd, file);
  const git = (args: string[]) => run(dirname(path), args, io.env);
  const top = await git(['rev-parse', '--show-toplevel']);
  if (top.code !== 0) throw new UsageError(`--changed-since ${ref}: ${file} is not in a git work tree (${top.stderr || 'git rev-parse failed'}). Nothing was read.`);
  const commit = await git(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (commit.code !== 0) {
    throw new UsageError(`--changed-since ${ref}: git knows no commit ${JSON.stringify(ref)} in ${top.stdout.toString().trim()} (a branch, tag or commit; nothing is fetched). Nothing was read.`);
  }
  const sha = commit.stdout.toString().trim();
  // `COMMIT:./NAME` is the path relative to the directory git runs in.
  const spec = `${sha}:./${basename(path)}`;
  if ((await git(['cat-file', '-e', spec])).code !== 0) return { commit: sha };
  const shown = await git(['cat-file', 'blob', spec]);
  if (shown.code !== 0) throw new UsageError(`--changed-since ${ref}: cannot read ${file} at ${sha.slice(0, 12)}: ${shown.stderr}`);
  return { commit: sha, bytes: shown.stdout };
}

function run(cwd: string, args: string[], env: Io['env']): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  const childEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  return new Promise((done, fail) => {
    execFile('git', args, { cwd, env: childEnv, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && (error as NodeJS.ErrnoException).code === 'ENOENT') {
        fail(new UsageError('--changed-since needs git, and there is no git on PATH. Nothing was read.'));
        return;
      }
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      done({ code, stdout, stderr: stderr.toString().trim() });
    });
  });
}
