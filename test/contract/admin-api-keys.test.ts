// Admin API keys through the SDK: a CursorPage (the next `after` is the last item's id), redacted.
import type { AdminAPIKey } from 'openai/resources/admin/organization/admin-api-keys';
import { describe, expect, test } from 'vitest';
import { collect, useSdk } from './support.js';

const env = useSdk();

describe('admin API keys', () => {
  test('list pages by item id, retrieve, and never serve a key in the clear', async () => {
    const keys: AdminAPIKey[] = await collect(env.client.admin.organization.adminAPIKeys.list({ limit: 1 }));
    expect(keys.map((k) => [k.id, k.redacted_value, k.owner.id])).toEqual([
      ['key_admin_demo', 'sk-admin...demo', 'user-alice'],
      ['key_admin_carol', 'sk-admin...arol', 'user-carol'],
    ]);
    const pages = env.emu.requests().filter((r) => r.path.endsWith('/admin_api_keys'));
    expect(pages.map((r) => r.query)).toEqual(['limit=1', 'limit=1&after=key_admin_demo']);
    const one = await env.client.admin.organization.adminAPIKeys.retrieve('key_admin_carol');
    expect(one.object).toBe('organization.admin_api_key');
    expect(JSON.stringify(keys) + JSON.stringify(one)).not.toContain('sk-admin-emulator');
  });
});
