// Plans as plain objects for the renderer tests.

import { wordsFor } from '../../../src/kinds/registry.js';
import type { Action, Change, JsonObject, Kind, Plan } from '../../../src/plan/types.js';

export function change(
  action: Action,
  kind: Kind,
  address: string,
  before: JsonObject | null,
  after: JsonObject | null,
  rest: Partial<Change> = {},
): Change {
  // The action decides which of before and after may be null; tests build both shapes freely.
  return {
    id: `${action} ${address}`,
    action,
    kind,
    address,
    before,
    after,
    dependsOn: [],
    destructive: action === 'delete' || action === 'archive' || action === 'replace',
    ...rest,
  } as Change;
}

export function plan(changes: Change[], rest: Partial<Plan> = {}): Plan {
  const summary = { create: 0, update: 0, delete: 0, archive: 0 };
  for (const c of changes) {
    if (c.action === 'replace') {
      summary.create++;
      summary.delete++;
    } else summary[c.action]++;
  }
  return {
    format_version: 2,
    orgform_version: '0.1.0',
    config: { file: 'org.yaml', digest: 'sha256:0' },
    api_base_url: 'https://api.openai.com/v1',
    refusals: [],
    changes,
    summary,
    notes: [],
    unmanaged: [],
    fingerprints: {},
    managed_counts: {},
    kinds: wordsFor([...changes.map((c) => c.kind), ...(rest.unmanaged ?? []).map((u) => u.kind)]),
    ...rest,
  };
}

/** A project with a few changes of every shape, for size and splitting tests. */
export function projectChanges(name: string, n: number): Change[] {
  const address = `project[${JSON.stringify(name)}]`;
  const project = { name, id: `proj_${n}` };
  const out: Change[] = [];
  for (let i = 0; i < n; i++) {
    out.push(
      change(
        'update',
        'model_permissions',
        `${address}.model_permissions#${i}`,
        { mode: 'allow_list', model_ids: ['gpt-4o', 'o1', `model-${i}`] },
        { mode: 'deny_list', model_ids: ['o1', 'o3', `model-${i + 1}`] },
        { project, attribution: { event_type: 'project.updated', actor: `user${i}@example.com`, at: 1_700_000_000 + i * 60 } },
      ),
      change('delete', 'spend_alert', `${address}.spend_alert[${1000 + i}]`, { threshold_amount: 1000 + i }, null, {
        project,
        target_id: `alert_${i}`,
      }),
    );
  }
  return out;
}

export const ANSI = /\u001b\[/;
