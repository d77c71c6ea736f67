// --secrets-dir: each key in a file of mode 0600 in DIR, which must not be where git would commit it.

import { randomUUID } from 'node:crypto';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { KeyNotStoredError, UsageError } from '../errors.js';
import type { KeySink } from './key-sink.js';
import { writeSecret } from './secrets-dir.js';
import { exposedInWorkTree } from './work-tree.js';

export function fileSink(dir: string): KeySink {
  return {
    async check() {
      const exposed = await exposedInWorkTree(dir);
      if (exposed !== null) {
        throw new UsageError(
          `--secrets-dir ${dir} is inside the git work tree ${exposed.workTree} and git does not ignore it: ` +
            'one-time keys would be one `git add` away from the repository. Use a directory outside the work tree, ' +
            'or add it to .gitignore. Nothing was changed.',
        );
      }
      await probe(dir);
    },
    async store(key) {
      const { project, service_account, ...secret } = key;
      try {
        const file = await writeSecret(dir, project, service_account, secret);
        return { project_id: key.project_id, service_account_id: key.service_account_id, api_key_id: key.api_key_id, sink: 'file', location: file };
      } catch (error) {
        throw new KeyNotStoredError(key, error instanceof Error ? error.message : String(error));
      }
    },
    describe: (stored) => `one-time API key written to ${stored.location} (mode 0600)`,
  };
}

/** Created 0700 if missing, then written for real: access() says yes to root and knows nothing of a read-only mount. */
async function probe(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (!(await stat(dir)).isDirectory()) throw new Error('it is not a directory');
    const file = join(dir, `.orgform-probe-${process.pid}-${randomUUID()}`);
    await (await open(file, 'wx', 0o600)).close();
    await unlink(file);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new UsageError(`the secrets directory ${dir} cannot hold one-time keys (${why}). Nothing was changed.`);
  }
}
