// Every change made through the emulator becomes an audit event of the contract's shape:
// `{ id, type, effective_at, actor, project?, '<type>': payload }`.
import { newAuditLogId } from './ids.js';
import type { AuditActor, AuditEventRecord, EmulatorState, ProjectRecord } from './types.js';

export interface EventInput {
  type: string;
  payload: Record<string, unknown>;
  project?: ProjectRecord;
  /** Ids the event is about besides the project; the project id is added automatically. */
  resourceIds?: string[];
}

export function recordEvent(
  state: EmulatorState,
  actor: AuditActor,
  now: number,
  input: EventInput,
): AuditEventRecord {
  const resourceIds = new Set<string>(input.resourceIds ?? []);
  const payloadId = input.payload['id'];
  if (typeof payloadId === 'string') resourceIds.add(payloadId);
  if (input.project) resourceIds.add(input.project.id);
  const event: AuditEventRecord = {
    id: newAuditLogId(now),
    type: input.type,
    effective_at: now,
    actor: structuredClone(actor),
    project: input.project ? { id: input.project.id, name: input.project.name } : null,
    payload: structuredClone(input.payload),
    resource_ids: [...resourceIds],
  };
  state.audit_logs.push(event);
  return event;
}

/** Sub-resources without an event type of their own are recorded as a `project.updated`. */
export function recordProjectSetting(
  state: EmulatorState,
  actor: AuditActor,
  now: number,
  project: ProjectRecord,
  resource: string,
  change: unknown,
  subjectId?: string,
): void {
  recordEvent(state, actor, now, {
    type: 'project.updated',
    project,
    payload: { id: project.id, changes_requested: { [resource]: change } },
    resourceIds: subjectId ? [subjectId] : [],
  });
}

export function renderEvent(event: AuditEventRecord): Record<string, unknown> {
  const view: Record<string, unknown> = {
    id: event.id,
    type: event.type,
    effective_at: event.effective_at,
    actor: event.actor,
  };
  if (event.project) view['project'] = event.project;
  view[event.type] = event.payload;
  return view;
}

export function actorIds(actor: AuditActor): string[] {
  return actor.type === 'api_key' ? [actor.api_key.id, actor.api_key.user.id] : [actor.session.user.id];
}

export function actorEmail(actor: AuditActor): string {
  return actor.type === 'api_key' ? actor.api_key.user.email : actor.session.user.email;
}
