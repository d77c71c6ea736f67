// The two config files the benchmark plans: the org exactly as it is (written by orgform's own
// export code, so the plan has no changes), and the same with 5% of the objects changed.
import { liveToConfig } from '../src/export/to-config.js';
import { readAll } from '../src/export/read-all.js';
import { AdminClient } from '../src/providers/openai/client.js';
import type { LiveOrg } from '../src/kinds/live-state.js';
import type { RunningEmulator } from '../src/emulator/index.js';
import { ALERT_THRESHOLDS, MEMBERS_PER_PROJECT, memberIndex, projectId, userEmail, userId, type OrgShape } from './seed.js';

/** What the 5% change set holds, by kind and action: the plan must have exactly these. */
export type ChangeCounts = Record<string, number>;

/**
 * Reads the whole org with orgform's export reader (`orgform export` does the same), then leaves
 * out spend_limit and service_accounts: the benchmark config manages what the SDK baseline reads
 * (org data retention, users, invites; per project model permissions, data retention, rate limits,
 * spend alerts, members).
 */
export async function readOrg(emu: RunningEmulator): Promise<LiveOrg> {
  const client = new AdminClient({ baseUrl: emu.url, adminKey: emu.adminKey });
  try {
    const live = await readAll(client, { rateLimits: true });
    for (const parts of Object.values(live.parts)) {
      delete parts.spend_limit;
      delete parts.service_accounts;
    }
    return live;
  } finally {
    await client.close();
  }
}

/**
 * `allRateLimits`: every project's every rate-limit row is written (and so managed and read), as
 * the benchmark's scenario asks; `orgform export` by default leaves out rows at the org's usual
 * value for the model, which here is all of them.
 */
export function noChangeConfig(live: LiveOrg, allRateLimits = true): string {
  return liveToConfig(live, { source: 'the benchmark emulator', allRateLimits });
}

/**
 * 5% of the changeable objects changed: every 20th spend alert gets another recipient list, every
 * 20th member another role, every 20th project another data retention; plus removals within the
 * destroy limits (10 members, 5 alerts: the default max_count is 10 per kind) and 10 member and
 * 10 alert additions.
 */
export function changedConfig(live: LiveOrg, shape: OrgShape, allRateLimits = true): { text: string; expected: ChangeCounts } {
  const next = structuredClone(live);
  const expected: ChangeCounts = {};
  const count = (key: string) => (expected[key] = (expected[key] ?? 0) + 1);
  const P = shape.projects;
  const partsOf = (p: number) => {
    const parts = next.parts[projectId(p)];
    if (!parts?.spend_alerts || !parts.members || parts.data_retention === undefined) throw new Error(`no parts read for project ${p}`);
    return parts as Required<Pick<typeof parts, 'spend_alerts' | 'members' | 'data_retention'>>;
  };
  const removedAlerts = new Set<string>();
  // Alerts: index p*3+t; every 20th gets a new recipient list.
  for (let p = 0; p < P; p++) {
    const parts = partsOf(p);
    for (const alert of parts.spend_alerts) {
      const t = ALERT_THRESHOLDS.indexOf(alert.threshold_amount as (typeof ALERT_THRESHOLDS)[number]);
      if ((p * ALERT_THRESHOLDS.length + t) % 20 !== 7) continue;
      alert.notification_channel.recipients = [`finance+${p}@bench.example.com`];
      count('spend_alert update');
    }
  }
  // Members: index p*10+k; every 20th (k = 5 of even projects, never the owner k = 0) becomes owner.
  for (let p = 0; p < P; p++) {
    const members = partsOf(p).members;
    for (let k = 1; k < MEMBERS_PER_PROJECT; k++) {
      if ((p * MEMBERS_PER_PROJECT + k) % 20 !== 5) continue;
      const member = members.find((m) => m.id === userId(memberIndex(p, k, shape.users)));
      if (!member) continue;
      member.role = member.role === 'owner' ? 'member' : 'owner';
      count('project_member update');
    }
  }
  // Data retention: every 20th project.
  for (let p = 10; p < P; p += 20) {
    const parts = partsOf(p);
    parts.data_retention = parts.data_retention === 'zero_data_retention' ? 'none' : 'zero_data_retention';
    count('project_data_retention update');
  }
  // Removals: member k = 9 of 10 odd projects; the 1000 alert of 5 projects (not one changed above).
  for (let j = 0, p = 1; j < 10 && p < P; j++, p += 2 * Math.max(1, Math.floor(P / 20))) {
    const parts = partsOf(p);
    const gone = userId(memberIndex(p, 9, shape.users));
    parts.members = parts.members.filter((m) => m.id !== gone);
    count('project_member delete');
  }
  for (let j = 0, p = 11; j < 5 && p < P; j++, p += 20) {
    const parts = partsOf(p);
    if ((p * ALERT_THRESHOLDS.length + 2) % 20 === 7) continue;
    parts.spend_alerts = parts.spend_alerts.filter((a) => a.threshold_amount !== 1000);
    removedAlerts.add(projectId(p));
    count('spend_alert delete');
  }
  // Additions: the next project's first member joins 10 projects; 10 projects get a 5000 alert.
  for (let j = 0, p = 3; j < 10 && p < P; j++, p += 2 * Math.max(1, Math.floor(P / 20))) {
    const parts = partsOf(p);
    const u = memberIndex(p, MEMBERS_PER_PROJECT, shape.users);
    if (parts.members.some((m) => m.id === userId(u))) continue;
    parts.members.push({ id: userId(u), object: 'organization.project.user', role: 'member', email: userEmail(u), added_at: 0 });
    count('project_member create');
  }
  for (let j = 0, p = 4; j < 10 && p < P; j++, p += 2 * Math.max(1, Math.floor(P / 20))) {
    partsOf(p).spend_alerts.push({
      id: `new-${p}`,
      object: 'project.spend_alert',
      currency: 'USD',
      interval: 'month',
      threshold_amount: 5000,
      notification_channel: { type: 'email', recipients: [`cfo@bench.example.com`], subject_prefix: null },
    });
    count('spend_alert create');
  }
  return { text: liveToConfig(next, { source: 'the benchmark emulator, 5% changed', allRateLimits }), expected };
}

export function totalChanges(counts: ChangeCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
