// Groups and role assignments in the state: lookups with the API's 404 / 400 answers, and what
// goes when a principal, role or project grant goes.
import { badRequest, notFound } from '../http/errors.js';
import type { EmulatorState, GroupRecord, RoleAssignmentRecord } from '../types.js';

export function requireGroup(state: EmulatorState, id: string): GroupRecord {
  const group = state.groups.find((g) => g.id === id);
  if (!group) throw notFound(`No such group: '${id}'.`);
  return group;
}

/**
 * A SCIM-managed group belongs to the identity provider. The SDK does not say how the API refuses
 * a write to one; a 400 naming the group, like the refusal to delete a SCIM-managed user, is a guess.
 */
export function requireWritableGroup(state: EmulatorState, id: string): GroupRecord {
  const group = requireGroup(state, id);
  if (group.is_scim_managed) {
    throw badRequest(
      `Group '${group.name}' (${id}) is managed by SCIM; change it in your identity provider.`,
      'group_id',
    );
  }
  return group;
}

export function assignmentsWhere(
  state: EmulatorState,
  match: (a: RoleAssignmentRecord) => boolean,
): RoleAssignmentRecord[] {
  return state.role_assignments.filter(match);
}

/** Drops the assignments that match and returns them (for their audit events). */
export function dropAssignments(
  state: EmulatorState,
  match: (a: RoleAssignmentRecord) => boolean,
): RoleAssignmentRecord[] {
  const dropped = state.role_assignments.filter(match);
  state.role_assignments = state.role_assignments.filter((a) => !match(a));
  return dropped;
}

/** A deleted org user leaves every group and loses every role assignment. */
export function forgetUser(state: EmulatorState, userId: string): void {
  for (const group of state.groups) group.user_ids = group.user_ids.filter((id) => id !== userId);
  dropAssignments(state, (a) => a.principal_type === 'user' && a.principal_id === userId);
}
