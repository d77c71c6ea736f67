// Safety is its own step, run by plan and by apply: a file accidentally emptied must not wipe
// an org. Protected objects are refused whatever the flags; the destroy limits give way only to
// --allow-destroy.

import { MIN_EXISTING_FOR_FRACTION, type DestroyKind, type DestroyLimits } from '../config/model.js';
import { UnsafePlanError } from '../errors.js';
import type { Change, Plan } from '../plan/types.js';

export interface SafetyOptions {
  limits: DestroyLimits;
  allowDestroy: boolean;
  protect: { projects: string[]; users: string[] };
}

const LABEL: Record<DestroyKind, [string, string]> = {
  user: ['user', 'users'],
  project_member: ['project member', 'project members'],
  invite: ['invite', 'invites'],
  spend_alert: ['spend alert', 'spend alerts'],
  service_account: ['service account', 'service accounts'],
  project: ['project', 'projects'],
};

/** The removable kind a destructive change removes, if any (replacing an invite removes nothing). */
export function destroyedKind(change: Change): DestroyKind | null {
  if (change.action === 'archive') return 'project';
  if (change.action !== 'delete' || !change.destructive) return null;
  switch (change.kind) {
    case 'user':
    case 'project_member':
    case 'invite':
    case 'spend_alert':
    case 'service_account':
      return change.kind;
    default:
      return null;
  }
}

export function assertSafe(plan: Plan, opts: SafetyOptions): void {
  const problems = [...protectedViolations(plan, opts.protect)];
  if (!opts.allowDestroy) problems.push(...limitViolations(plan, opts.limits));
  if (problems.length > 0) throw new UnsafePlanError(problems.join('\n'));
}

function protectedViolations(plan: Plan, protect: SafetyOptions['protect']): string[] {
  const projects = new Set(protect.projects);
  const users = new Set(protect.users.map((u) => u.toLowerCase()));
  const found: string[] = [];
  for (const change of plan.changes) {
    const kind = destroyedKind(change);
    const email = String(change.before?.['email'] ?? '').toLowerCase();
    if (kind === 'project' && projects.has(change.project?.name ?? String(change.before?.['name'] ?? ''))) {
      found.push(`${change.address} is protected (protect.projects): orgform never archives it, even with --allow-destroy.`);
    }
    if (kind === 'user' && users.has(email)) {
      found.push(`${change.address} is protected (protect.users): orgform never removes it, even with --allow-destroy.`);
    }
  }
  return found;
}

function limitViolations(plan: Plan, limits: DestroyLimits): string[] {
  const counts = new Map<DestroyKind, number>();
  for (const change of plan.changes) {
    const kind = destroyedKind(change);
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const found: string[] = [];
  for (const [kind, count] of [...counts].sort()) {
    const managed = plan.managed_counts[kind] ?? 0;
    const [one, many] = LABEL[kind];
    const what = `${count} ${count === 1 ? one : many}`;
    const fraction = managed > 0 ? count / managed : 1;
    if (count > limits.max_count) {
      found.push(`the plan removes ${what}, over the limit of ${limits.max_count} per kind (max_count).`);
    } else if (managed >= MIN_EXISTING_FOR_FRACTION && fraction > limits.max_fraction) {
      found.push(
        `the plan removes ${what} of ${managed} managed (${Math.round(fraction * 100)}%), over the limit of ` +
          `${Math.round(limits.max_fraction * 100)}% (max_fraction).`,
      );
    }
  }
  if (found.length > 0) {
    found.push(
      'If that is what you want, review the plan and re-run with --allow-destroy, or raise the limits ' +
        '(orgform.destroy_limits in the file, or --max-destroy N / --max-destroy-fraction F).',
    );
  }
  return found;
}
