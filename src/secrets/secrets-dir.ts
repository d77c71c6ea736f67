// One-time service-account keys go to a file of mode 0600 and nowhere else: never to output,
// logs, errors or plan files.

import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';

export async function writeSecret(
  dir: string,
  project: string,
  account: string,
  secret: { project_id: string; service_account_id: string; api_key_id: string; value: string },
): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `${slug(project)}.${slug(account)}.json`);
  // Created with 0600 from the start (no window where it is world-readable); replaced if present.
  const handle = await open(file, 'w', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(JSON.stringify({ project, service_account: account, ...secret }, null, 2) + '\n');
  } finally {
    await handle.close();
  }
  return file;
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_-]+/g, '_').replace(/^_+|_+$/g, '') || 'unnamed';
}
