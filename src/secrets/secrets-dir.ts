// One-time service-account keys go to a file of mode 0600 and nowhere else: never to output,
// logs, errors or plan files. One file per key, named by the ids the API gave (unique), with the
// names in front for people; an existing file is never replaced.

import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

const READABLE_MAX = 40;

export async function writeSecret(
  dir: string,
  project: string,
  account: string,
  secret: { project_id: string; service_account_id: string; api_key_id: string; value: string },
): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, keyFileName(project, account, secret));
  // 'wx': created with 0600 from the start (no window where it is world-readable), and it
  // fails rather than replace a file that is already there.
  const handle = await open(file, 'wx', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(JSON.stringify({ project, service_account: account, ...secret }, null, 2) + '\n');
  } finally {
    await handle.close();
  }
  return file;
}

/** `Research.ci-bot.proj_abc.svc_acct_def.key_ghi.json`: the ids make it unique. */
function keyFileName(project: string, account: string, ids: { project_id: string; service_account_id: string; api_key_id: string }): string {
  const parts = [readable(project), readable(account), ids.project_id, ids.service_account_id, ids.api_key_id];
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
