// Admin API keys through the SDK: a CursorPage (the next `after` is the last item's id), redacted.
import OpenAI from 'openai';
import type { AdminAPIKey } from 'openai/resources/admin/organization/admin-api-keys';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { collect, sdk, start } from './support.js';

let emu: RunningEmulator;
let client: OpenAI;

beforeEach(async () => {
  emu = await start();
  client = sdk(emu);
});
afterEach(() => emu.close());

describe('admin API keys', () => {
  test('list pages by item id, retrieve, and never serve a key in the clear', async () => {
    const keys: AdminAPIKey[] = await collect(client.admin.organization.adminAPIKeys.list({ limit: 1 }));
    expect(keys.map((k) => [k.id, k.redacted_value, k.owner.id])).toEqual([
      ['key_admin_demo', 'sk-admin...demo', 'user-alice'],
      ['key_admin_carol', 'sk-admin...arol', 'user-carol'],
    ]);
    const pages = emu.requests().filter((r) => r.path.endsWith('/admin_api_keys'));
    expect(pages.map((r) => r.query)).toEqual(['limit=1', 'limit=1&after=key_admin_demo']);
    const one = await client.admin.organization.adminAPIKeys.retrieve('key_admin_carol');
    expect(one.object).toBe('organization.admin_api_key');
    expect(JSON.stringify(keys) + JSON.stringify(one)).not.toContain('sk-admin-emulator');
  });
});
