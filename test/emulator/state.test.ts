// State: getState/setState round trips, --state files saved atomically and reloaded, seed checks.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { SeedError, startEmulator, type EmulatorSeed } from '../../src/emulator/index.js';
import { normalizeSeed } from '../../src/emulator/seed.js';
import { collect, sdk } from '../contract/support.js';

const dirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'orgform-emulator-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tiny: EmulatorSeed = {
  admin_keys: [{ value: 'sk-admin-tiny', owner_email: 'root@example.com' }],
  users: [{ email: 'root@example.com', role: 'owner' }],
  projects: [{ name: 'Only', members: [{ email: 'root@example.com', role: 'owner' }] }],
};

test('a minimal seed is completed: ids, timestamps, rate limits', async () => {
  const emu = await startEmulator({ seed: tiny });
  try {
    expect(emu.adminKey).toBe('sk-admin-tiny');
    const state = emu.getState();
    expect(state.users[0]?.id).toMatch(/^user-/);
    expect(state.projects[0]?.id).toMatch(/^proj_/);
    expect(state.projects[0]?.rate_limits.length).toBeGreaterThan(20);
    expect(state.projects[0]?.members[0]?.user_id).toBe(state.users[0]?.id);
    const projects = await collect(sdk(emu).admin.organization.projects.list());
    expect(projects.map((p) => p.name)).toEqual(['Only']);
  } finally {
    await emu.close();
  }
});

test('getState is a copy; setState replaces the organization', async () => {
  const emu = await startEmulator();
  try {
    const state = emu.getState();
    state.projects.length = 0;
    expect(emu.getState().projects).toHaveLength(4);
    await sdk(emu).admin.organization.projects.create({ name: 'later' });
    const saved = emu.getState();
    emu.setState(tiny);
    expect((await collect(sdk(emu, { apiKey: 'sk-admin-tiny' }).admin.organization.projects.list())).map((p) => p.name)).toEqual(['Only']);
    emu.setState(saved);
    expect(emu.getState()).toEqual(saved);
  } finally {
    await emu.close();
  }
});

test('--state saves after each change and wins over the seed on restart', async () => {
  const path = join(tempDir(), 'state.json');
  const first = await startEmulator({ statePath: path });
  await sdk(first).admin.organization.projects.create({ name: 'persisted' });
  first.acceptInvite('erin@example.com');
  await first.close();
  const onDisk = JSON.parse(readFileSync(path, 'utf8')) as EmulatorSeed;
  expect(onDisk.projects?.map((p) => p.name)).toContain('persisted');
  expect(readdirSync(join(path, '..'))).toEqual(['state.json']);

  const second = await startEmulator({ statePath: path, seed: tiny });
  try {
    const client = sdk(second);
    expect((await collect(client.admin.organization.projects.list())).map((p) => p.name)).toContain('persisted');
    const [erin] = await collect(client.admin.organization.users.list({ emails: ['erin@example.com'] }));
    expect(erin?.role).toBe('reader');
    expect((await collect(client.admin.organization.auditLogs.list())).map((e) => e.type)).toEqual([
      'invite.accepted',
      'project.created',
    ]);
  } finally {
    await second.close();
  }
});

test('a refused change is not saved', async () => {
  const path = join(tempDir(), 'state.json');
  const emu = await startEmulator({ statePath: path });
  try {
    const before = readFileSync(path, 'utf8');
    await sdk(emu).admin.organization.projects.update('proj_oldarchive', { name: 'x' }).catch(() => undefined);
    expect(readFileSync(path, 'utf8')).toBe(before);
  } finally {
    await emu.close();
  }
});

test('seed mistakes are reported with their path', async () => {
  const now = 1_700_000_000;
  const bad = (seed: unknown) => () => normalizeSeed(seed, now);
  expect(bad({ ...tiny, admin_keys: [] })).toThrow(SeedError);
  expect(bad({ ...tiny, users: [{ email: 'root@example.com', role: 'admin' }] })).toThrow(/users\[0\]\.role/);
  expect(bad({ ...tiny, projects: [{ name: 'P', members: [{ email: 'ghost@example.com', role: 'member' }] }] })).toThrow(
    /projects\[0\]\.members\[0\]/,
  );
  expect(bad({ ...tiny, invites: [{ email: 'x@example.com', role: 'reader', status: 'expired', expires_at: now + 10 }] })).toThrow(
    /expires_at/,
  );
  expect(bad({ ...tiny, admin_keys: [{ value: 'sk-proj-x', owner_email: 'root@example.com' }] })).toThrow(/sk-admin-/);
  const file = join(tempDir(), 'seed.json');
  writeFileSync(file, '{ not json');
  await expect(startEmulator({ seed: file })).rejects.toThrow(/not valid JSON/);
});
