// Finding things in the state, with the API's 404 / 400 answers when they are missing or frozen.
import { badRequest, notFound } from '../http/errors.js';
import type { EmulatorState, ProjectRecord, ServiceAccountRecord, UserRecord } from '../types.js';

export function requireProject(state: EmulatorState, id: string): ProjectRecord {
  const project = state.projects.find((p) => p.id === id);
  if (!project) throw notFound(`No such project: '${id}'.`);
  return project;
}

/** Archived projects can be read but not changed. */
export function requireActiveProject(state: EmulatorState, id: string): ProjectRecord {
  const project = requireProject(state, id);
  if (project.status === 'archived') {
    throw badRequest(`Project '${id}' is archived and can no longer be modified.`, 'project_id', 'project_archived');
  }
  return project;
}

export function findUserByEmail(state: EmulatorState, email: string): UserRecord | undefined {
  const wanted = email.toLowerCase();
  return state.users.find((u) => u.email.toLowerCase() === wanted);
}

export function findUser(state: EmulatorState, id: string): UserRecord | undefined {
  return state.users.find((u) => u.id === id);
}

export function requireUser(state: EmulatorState, id: string): UserRecord {
  const user = findUser(state, id);
  if (!user) throw notFound(`No such user: '${id}'.`);
  return user;
}

export function findServiceAccount(
  state: EmulatorState,
  id: string,
): { project: ProjectRecord; account: ServiceAccountRecord } | undefined {
  for (const project of state.projects) {
    const account = project.service_accounts.find((a) => a.id === id);
    if (account) return { project, account };
  }
  return undefined;
}

export function requireServiceAccount(project: ProjectRecord, id: string): ServiceAccountRecord {
  const account = project.service_accounts.find((a) => a.id === id);
  if (!account) throw notFound(`No such service account: '${id}' in project '${project.id}'.`);
  return account;
}

export function refuseServiceAccount(state: EmulatorState, id: string, param: string): void {
  if (findServiceAccount(state, id)) {
    throw badRequest(
      `'${id}' is a service account; manage it with /organization/projects/{project_id}/service_accounts.`,
      param,
    );
  }
}

export function ownerCount(state: EmulatorState): number {
  return state.users.filter((u) => u.role === 'owner').length;
}
