// The organization never loses its last owner, whatever the file says.

import type { DiffContext } from '../kinds/kind.js';
import { isManagedUser } from '../kinds/user.js';
import type { PlanBuilder } from '../plan/builder.js';

export function checkOwners(out: PlanBuilder, ctx: DiffContext): void {
  const users = ctx.live.users;
  if (!users || ctx.desired.users === undefined) return;
  checkKeyOwner(out, ctx);
  const owners = new Set(users.filter((u) => u.role === 'owner').map((u) => u.id));
  if (owners.size === 0) return; // nothing to protect that we can see
  for (const change of out.changes) {
    if (change.kind !== 'user' || !change.target_id) continue;
    if (change.action === 'delete' || change.after?.['role'] !== 'owner') owners.delete(change.target_id);
    else owners.add(change.target_id);
  }
  if (owners.size > 0) return;
  const promotable = users.filter((u) => isManagedUser(u) && u.role !== 'owner').length;
  out.refusals.push({
    rule: 'last_owner',
    message:
      'this plan would leave the organization without an owner: orgform never removes or demotes the last owner. ' +
      `Keep at least one owner under users:${promotable ? ' (or promote someone to owner in the same file)' : ''}.`,
  });
}

/** The person whose admin key orgform is using is never removed or demoted by orgform. */
function checkKeyOwner(out: PlanBuilder, ctx: DiffContext): void {
  const owners = ctx.live.key_owner_ids;
  if (owners === null) {
    const why = ctx.live.key_owner_unknown ?? 'the admin keys could not be listed';
    out.note(
      `the key-owner guard is off: orgform cannot tell who owns the admin key in use (${why}), so it cannot refuse to remove or demote them; check users: by hand`,
      undefined,
      'warning',
    );
    return;
  }
  for (const change of out.changes) {
    if (change.kind !== 'user' || !change.target_id || !owners?.includes(change.target_id)) continue;
    if (change.action === 'delete' || change.after?.['role'] !== change.before?.['role']) {
      out.refusals.push({
        rule: 'key_owner',
        address: change.address,
        message:
          `${change.address} owns the admin key orgform is using: orgform never removes or demotes it. ` +
          'Keep them in users: with their role, or run orgform with another owner\'s key.',
      });
    }
  }
}
