// Safety is its own step, run after planning and again by apply: a file accidentally emptied must
// not wipe an org. Its findings are part of the plan (`refusals`), so the document a pull request
// shows says what apply will refuse. Invariants found while planning (the last owner, the owner of
// the key in use) and protected objects are refused whatever the flags; the destroy limits give
// way only to --allow-destroy or higher limits.

import { MIN_EXISTING_FOR_FRACTION, type DesiredOrg, type DestroyLimits } from '../config/model.js';
import { UnsafePlanError } from '../errors.js';
import type { Change, Kind, Plan, Refusal } from '../plan/types.js';
import { compareText } from '../util/compare.js';

export interface SafetyOptions {
  limits: DestroyLimits;
  allowDestroy: boolean;
  protect: { projects: string[]; users: string[] };
}

/** What the file itself says: its protect list and destroy limits, without --allow-destroy. */
export function safetyOfConfig(config: DesiredOrg): SafetyOptions {
  return { limits: config.limits, allowDestroy: false, protect: config.protect };
}

/** Found while planning, kept as they are: the invariants and the file's policies. */
const INVARIANTS: ReadonlySet<Refusal['rule']> = new Set(['last_owner', 'key_owner', 'policy']);

/**
 * The plan with its refusals worked out under `opts`: the invariants it was planned with, then
 * protected objects, then the destroy limits. Apply calls it again on a saved plan with its own
 * flags, so the limits are those of the run that changes the org.
 */
export function withRefusals(plan: Plan, opts: SafetyOptions): Plan {
  const refusals = [
    ...plan.refusals.filter((r) => INVARIANTS.has(r.rule)),
    ...protectedViolations(plan, opts.protect),
    ...(opts.allowDestroy ? [] : limitViolations(plan, opts.limits)),
  ];
  return { ...plan, refusals };
}

export function assertNoRefusals(plan: Plan): void {
  if (plan.refusals.length > 0) throw new UnsafePlanError(plan.refusals.map((r) => r.message).join('\n'));
}

/** The kind a change removes or loosens, if any (replacing an invite removes nothing). */
export function destroyedKind(change: Change): Kind | null {
  if (!change.destructive) return null;
  return change.action === 'delete' || change.action === 'archive' ? change.kind : null;
}

function protectedViolations(plan: Plan, protect: SafetyOptions['protect']): Refusal[] {
  const projects = new Set(protect.projects);
  const users = new Set(protect.users.map((u) => u.toLowerCase()));
  const found: Refusal[] = [];
  for (const change of plan.changes) {
    if (change.action === 'archive' && projects.has(change.project?.name ?? String(change.before['name'] ?? ''))) {
      found.push({
        rule: 'protect',
        address: change.address,
        message: `${change.address} is protected (protect.projects): orgform never archives it, even with --allow-destroy.`,
      });
    }
    if (change.kind === 'user' && change.action === 'delete' && users.has(String(change.before['email'] ?? '').toLowerCase())) {
      found.push({
        rule: 'protect',
        address: change.address,
        message: `${change.address} is protected (protect.users): orgform never removes it, even with --allow-destroy.`,
      });
    }
  }
  return found;
}

const HOW_TO_PROCEED =
  'If that is what you want, review the plan and re-run with --allow-destroy, or raise the limits ' +
  '(orgform.destroy_limits in the file, or --max-destroy N / --max-destroy-fraction F).';

function limitViolations(plan: Plan, limits: DestroyLimits): Refusal[] {
  const counts = new Map<Kind, number>();
  for (const change of plan.changes) {
    const kind = destroyedKind(change);
    if (kind) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const found: Refusal[] = [];
  for (const [kind, count] of [...counts].sort(([a], [b]) => compareText(a, b))) {
    const managed = plan.managed_counts[kind] ?? 0;
    const [one, many] = plan.kinds[kind]?.noun ?? [kind, kind];
    const what = `${count} ${count === 1 ? one : many}`;
    const fraction = managed > 0 ? count / managed : 1;
    if (count > limits.max_count) {
      found.push({
        rule: 'destroy_limit',
        message: `the plan removes ${what}, over the limit of ${limits.max_count} per kind (max_count). ${HOW_TO_PROCEED}`,
      });
    } else if (managed >= MIN_EXISTING_FOR_FRACTION && fraction > limits.max_fraction) {
      found.push({
        rule: 'destroy_limit',
        message:
          `the plan removes ${what} of ${managed} managed (${Math.round(fraction * 100)}%), over the limit of ` +
          `${Math.round(limits.max_fraction * 100)}% (max_fraction). ${HOW_TO_PROCEED}`,
      });
    }
  }
  return found;
}
