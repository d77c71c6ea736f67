import { describe, expect, it } from 'vitest';
import { serviceAccount } from '../../../src/kinds/service-account.js';
import type { ApplyContext } from '../../../src/kinds/kind.js';
import type { ApiPath } from '../../../src/providers/openai/api-path.js';
import type { AdminClient } from '../../../src/providers/openai/client.js';
import type { Change } from '../../../src/plan/types.js';
import type { KeySink } from '../../../src/secrets/key-sink.js';

const change: Change = {
  id: 'c1',
  action: 'create',
  kind: 'service_account',
  address: 'project["Research"].service_account["ci"]',
  before: null,
  after: { name: 'ci', role: 'member' },
  dependsOn: [],
  project: { name: 'Research', id: 'proj_r' },
} as unknown as Change;

function context(sink: KeySink, posts: string[]): ApplyContext {
  const client = {
    post: async (path: ApiPath) => {
      posts.push(path.path);
      return { id: 'svc_1', name: 'ci', role: 'member', api_key: { id: 'key_1', value: 'sk-secret-value', name: 'ci', created_at: 0 } };
    },
  } as unknown as AdminClient;
  return { client, projectId: () => 'proj_r', keySink: sink, configFile: 'org.yaml' };
}

describe('a key that cannot be kept after the account was made', () => {
  it('says the account exists, that its key is lost and which command makes a new one, never the key', async () => {
    const posts: string[] = [];
    const sink: KeySink = {
      check: async () => undefined,
      store: async () => {
        throw new Error('EACCES: permission denied');
      },
      describe: () => 'unused',
    };
    // The key is stored in the create's last step, once apply keeps the account (apply/converge.ts).
    const made = await serviceAccount.apply(change, context(sink, posts));
    const error = await made.keep?.().then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('service account "ci" (svc_1) exists in project "Research"');
    expect(error?.message).toContain('key_1 was NOT stored: EACCES: permission denied');
    expect(error?.message).toContain('that key is lost');
    expect(error?.message).toContain(`orgform rotate-key org.yaml 'project["Research"].service_account["ci"]'`);
    expect(error?.message).not.toContain('sk-secret-value');
    expect(posts).toEqual(['/organization/projects/proj_r/service_accounts']);
  });

  it('names the file the sink kept the key in', async () => {
    const sink: KeySink = {
      check: async () => undefined,
      store: async (k) => ({ ...k, sink: 'file', location: `/keys/${k.service_account_id}.json` }),
      describe: (stored) => `one-time API key written to ${stored.location}`,
    };
    const { keep, ...result } = await serviceAccount.apply(change, context(sink, []));
    expect(result).toEqual({ createdId: 'svc_1' });
    expect(await keep?.()).toBe('one-time API key written to /keys/svc_1.json');
  });
});
