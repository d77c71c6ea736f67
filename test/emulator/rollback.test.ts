// A refused write leaves the state as it was: a write under one project restores that project
// and the audit log; any other write restores the whole state.
import { expect, test } from 'vitest';
import { Emulator } from '../../src/emulator/emulator.js';
import type { RouteContext } from '../../src/emulator/routes/context.js';
import { normalizeSeed, loadSeed } from '../../src/emulator/seed.js';
import { takeSnapshot } from '../../src/emulator/server.js';

function demo(): Emulator {
  return new Emulator(normalizeSeed(loadSeed(undefined), Math.floor(Date.now() / 1000)));
}

function context(emulator: Emulator, params: Record<string, string>): RouteContext {
  return { params: new Map(Object.entries(params)), state: emulator.state } as unknown as RouteContext;
}

test('a write under one project restores that project and the audit log', () => {
  const emulator = demo();
  const before = emulator.snapshot();
  const route = { method: 'POST' as const, template: '/organization/projects/{project_id}/spend_alerts', handler: () => null };
  const restore = takeSnapshot(emulator, route, context(emulator, { project_id: 'proj_research' }));
  const research = emulator.state.projects.find((p) => p.id === 'proj_research');
  research?.spend_alerts.splice(0);
  if (research) research.name = 'changed';
  emulator.state.audit_logs.push({ ...before.audit_logs[0], id: 'x' } as (typeof before.audit_logs)[number]);
  restore();
  expect(emulator.snapshot()).toEqual(before);
});

test('any other write restores the whole state', () => {
  const emulator = demo();
  const before = emulator.snapshot();
  const route = { method: 'DELETE' as const, template: '/organization/users/{user_id}', handler: () => null };
  const restore = takeSnapshot(emulator, route, context(emulator, { user_id: 'user-bob' }));
  emulator.state.users.splice(0, 1);
  emulator.state.projects.forEach((p) => p.members.splice(0));
  emulator.state.audit_logs.push({ ...before.audit_logs[0], id: 'x' } as (typeof before.audit_logs)[number]);
  restore();
  expect(emulator.snapshot()).toEqual(before);
});
