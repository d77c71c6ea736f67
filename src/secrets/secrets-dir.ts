// One-time service-account keys go to a file of mode 0600 and nowhere else: never to output,
// logs, errors or plan files. One file per key, named by the ids the API gave (unique), with the
// names in front for people; an existing file is never replaced.

import { constants } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { access, mkdir, open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { SecretSink, ServiceAccountKey } from './sink.js';

const READABLE_MAX = 40;

export function secretsDirSink(dir: string): SecretSink {
  return {
    prepare: () => prepareDir(dir),
    async write(key) {
      const file = join(dir, keyFileName(key));
      // 'wx': created with 0600 from the start (no window where it is world-readable), and it
      // fails rather than replace a file that is already there.
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.chmod(0o600);
        await handle.writeFile(JSON.stringify(key, null, 2) + '\n');
      } finally {
        await handle.close();
      }
      return `${file} (mode 0600)`;
    },
  };
}

/** `Research.ci-bot.proj_abc.svc_acct_def.key_ghi.json`: the ids make it unique. */
function keyFileName(key: ServiceAccountKey): string {
  const parts = [readable(key.project), readable(key.service_account), key.project_id, key.service_account_id, key.api_key_id];
  return `${parts.filter((p) => p !== '').map(safeId).join('.')}.json`;
}

/** Letters and digits of any script, the rest folded to `_`: a hint for people, not a key. */
function readable(name: string): string {
  const folded = name.normalize('NFKC').replace(/[^\p{L}\p{N}_-]+/gu, '_').replace(/^_+|_+$/g, '');
  return [...folded].slice(0, READABLE_MAX).join('');
}

/** Ids come from the server: never let one be a path. */
function safeId(part: string): string {
  return part.replace(/[^\p{L}\p{N}_-]+/gu, '_');
}

async function prepareDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!(await stat(dir)).isDirectory()) throw new Error('it is not a directory');
    await access(dir, constants.W_OK | constants.X_OK);
    // access() says yes to root and knows nothing of a read-only mount: write for real.
    const probe = join(dir, `.orgform-probe-${process.pid}-${randomUUID()}`);
    await (await open(probe, 'wx', 0o600)).close();
    await unlink(probe);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the secrets directory ${dir} cannot hold one-time keys (${why}). Nothing was changed.`);
  }
}
