// --secrets-dir: each key in a file of mode 0600 in DIR, which must not be where git would commit it.

import { access, constants, mkdir } from 'node:fs/promises';
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
      try {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await access(dir, constants.W_OK);
      } catch (error) {
        throw new UsageError(`cannot write one-time keys to ${dir}: ${error instanceof Error ? error.message : String(error)}. Nothing was changed.`);
      }
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
