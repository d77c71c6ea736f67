// `--out FILE` is checked before the first request: a typo in a path must not cost a full read of
// the org (or, for plan, a plan that cannot be saved).

import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';

/** Throws a UsageError unless `path` (absolute) can be written: an existing writable file, or a new one in a writable directory. */
export async function assertWritable(path: string, shown: string): Promise<void> {
  const reason = await whyNotWritable(path);
  if (reason !== undefined) throw new UsageError(`cannot write --out ${shown}: ${reason}. No request was made.`);
}

async function whyNotWritable(path: string): Promise<string | undefined> {
  const existing = await stat(path).catch(() => undefined);
  if (existing?.isDirectory()) return 'it is a directory';
  if (existing) return (await canWrite(path)) ? undefined : 'permission denied';
  const dir = dirname(path);
  const parent = await stat(dir).catch(() => undefined);
  if (!parent) return `the directory ${dir} does not exist`;
  if (!parent.isDirectory()) return `${dir} is not a directory`;
  return (await canWrite(dir)) ? undefined : `the directory ${dir} is not writable`;
}

async function canWrite(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}
