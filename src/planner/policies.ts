// The file's policies in the plan: what config/policies.ts found in the file, then the same rules
// on what the file does not list, checked against the live org as the plan will leave it: org
// owners when the file has no `users:` (min_org_owners, owner_email_domains), and the owners of a
// project whose `members` it does not list (owner_email_domains). A violation at level error is a
// `policy` refusal, at level warn a warning.

import type { PolicyViolation } from '../config/model.js';
import { isOutsideDomains } from '../config/policies.js';
import { formatProblem } from '../errors.js';
import type { DiffContext, ProjectScope } from '../kinds/kind.js';
import type { PlanBuilder } from '../plan/builder.js';
import { ownersAfter } from './owners.js';

function reportPolicy(out: PlanBuilder, v: PolicyViolation): void {
  const message = formatProblem({ ...v.pos, message: v.message });
  if (v.level === 'error') out.refusals.push({ rule: 'policy', message });
  else out.note(message, undefined, 'warning');
}

export function checkPolicies(out: PlanBuilder, ctx: DiffContext, scopes: readonly ProjectScope[]): void {
  for (const v of ctx.desired.policy_violations ?? []) reportPolicy(out, v);
  checkLivePolicies(out, ctx, scopes);
}

function checkLivePolicies(out: PlanBuilder, ctx: DiffContext, scopes: readonly ProjectScope[]): void {
  const policies = ctx.desired.live_policies;
  if (!policies) return;
  const { min_org_owners: min, owner_email_domains: domains } = policies;
  const violation = (policy: string, p: { level: PolicyViolation['level']; pos: PolicyViolation['pos'] }, message: string) =>
    reportPolicy(out, { policy, level: p.level, pos: p.pos, message: `policy ${policy}: ${message}` });
  const idOf = (email: string) => ctx.usersByEmail?.get(email)?.id ?? 'no user id';

  if (ctx.live.users !== undefined && (min || domains?.org_owners)) {
    // A saved plan is applied only while the owners it was checked against are still the owners.
    out.fingerprint('organization.owners', [...ownersAfter(ctx, [])].sort());
    const owners = [...ownersAfter(ctx, out.changes)].sort();
    if (min && owners.length < min.count) {
      const who = owners.length === 0 ? 'none' : owners.map((e) => `${JSON.stringify(e)} (${idOf(e)})`).join(', ');
      violation('min_org_owners', min, `the organization will have ${owners.length} owner(s) after this plan (${who}), fewer than ${min.count}`);
    }
    if (domains?.org_owners) {
      for (const email of owners.filter((e) => isOutsideDomains(e, domains.domains))) {
        violation('owner_email_domains', domains, `org owner ${JSON.stringify(email)} (${idOf(email)}) is not in ${domains.domains.join(', ')}`);
      }
    }
  }

  if (!domains) return;
  const unlisted = new Set(domains.projects);
  for (const scope of scopes) {
    const live = scope.live?.members;
    if (!unlisted.has(scope.desired.name) || live === undefined) continue;
    const owners = live.filter((m) => m.email && m.role === 'owner');
    out.fingerprint(`${scope.address}.owners`, owners.map((m) => (m.email ?? '').toLowerCase()).sort());
    for (const m of owners.filter((o) => isOutsideDomains(o.email ?? '', domains.domains))) {
      violation('owner_email_domains', domains, `owner ${JSON.stringify(m.email)} (${m.id}) of project ${JSON.stringify(scope.desired.name)} is not in ${domains.domains.join(', ')}`);
    }
  }
}
