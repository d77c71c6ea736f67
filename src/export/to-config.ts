// The live org as a config file in orgform's own format: stable key order, comments where a
// value is the API's default. Planning the result against the same org gives "No changes.".

import { Document, isMap, isSeq, type Node } from 'yaml';
import { RATE_LIMIT_FIELDS } from '../config/model.js';
import type { ApiProject, ApiRateLimit } from '../providers/openai/api-types.js';
import { isArchived } from '../kinds/project.js';
import { isManagedUser } from '../kinds/user.js';
import type { LiveOrg, LiveProjectParts } from '../kinds/live-state.js';

type Plain = Record<string, unknown>;

export interface ExportOptions {
  source: string;
  /** Every rate-limit row, not only those that differ from the org's usual value for the model. */
  allRateLimits?: boolean;
}

export function liveToConfig(live: LiveOrg, opts: ExportOptions): string {
  const comments = new Map<string, string>();
  const warnings: string[] = [];
  const usual = opts.allRateLimits ? new Map<string, string>() : usualRateLimits(live);
  const config: Plain = { version: 1 };
  if (live.data_retention !== undefined) config['organization'] = { data_retention: live.data_retention };
  if (live.users) {
    config['users'] = live.users
      .filter(isManagedUser)
      .map((u) => ({ email: (u.email ?? '').toLowerCase(), role: u.role ?? 'reader' }))
      .sort((a, b) => compare(a.email, b.email));
  }
  if (live.invites) {
    const names = new Map(live.projects.map((p) => [p.id, p.name ?? p.id]));
    config['invites'] = live.invites
      .filter((i) => i.status === 'pending')
      .map((i) => ({
        email: i.email.toLowerCase(),
        role: i.role,
        projects: i.projects
          .map((p) => ({ project: names.get(p.id) ?? p.id, role: p.role }))
          .sort((a, b) => compare(a.project, b.project)),
      }))
      .sort((a, b) => compare(a.email, b.email));
  }
  const projects: Plain = {};
  const seen = new Set<string>();
  for (const project of [...live.projects].sort((a, b) => compare(a.name ?? a.id, b.name ?? b.id) || Number(isArchived(a)) - Number(isArchived(b)))) {
    const name = project.name ?? project.id;
    if (seen.has(name)) {
      warnings.push(`a second project named ${JSON.stringify(name)} (${project.id}) is left out: names must be unique in the file`);
      continue;
    }
    seen.add(name);
    projects[name] = exportProject(project, live.parts[project.id] ?? {}, [name], comments, usual);
  }
  config['projects'] = projects;
  return render(config, comments, warnings, opts);
}

function exportProject(
  project: ApiProject,
  parts: LiveProjectParts,
  path: string[],
  comments: Map<string, string>,
  usual: Map<string, string>,
): Plain {
  if (isArchived(project)) return { archived: true };
  const out: Plain = {};
  const at = (...rest: string[]) => JSON.stringify(['projects', ...path, ...rest]);
  if (parts.model_permissions) {
    const { mode, model_ids } = parts.model_permissions;
    if (mode === 'deny_list' && model_ids.length === 0) {
      out['model_permissions'] = null;
      comments.set(at('model_permissions'), 'no restriction (the default)');
    } else out['model_permissions'] = { mode, model_ids: [...new Set(model_ids)].sort() };
  }
  if (parts.data_retention !== undefined) {
    out['data_retention'] = parts.data_retention;
    if (parts.data_retention === 'organization_default') comments.set(at('data_retention'), 'the default');
  }
  if (parts.spend_alerts) {
    out['spend_alerts'] = [...parts.spend_alerts]
      .sort((a, b) => a.threshold_amount - b.threshold_amount)
      .map((a) => ({
        threshold_amount: a.threshold_amount,
        recipients: [...new Set(a.notification_channel.recipients.map((r) => r.toLowerCase()))].sort(),
        ...(a.notification_channel.subject_prefix ? { subject_prefix: a.notification_channel.subject_prefix } : {}),
      }));
  }
  if (parts.spend_limit !== undefined) {
    out['spend_limit'] = parts.spend_limit ? { threshold_amount: parts.spend_limit.threshold_amount } : null;
    if (!parts.spend_limit) comments.set(at('spend_limit'), 'no hard limit (the default)');
  }
  if (parts.members) {
    out['members'] = parts.members
      .filter((m) => m.email)
      .map((m) => ({ email: (m.email ?? '').toLowerCase(), role: m.role }))
      .sort((a, b) => compare(a.email, b.email));
  }
  if (parts.service_accounts) {
    // An account with no role (created key-less) cannot be written; listing the others alone
    // would make the file remove it, so the whole key is left out.
    if (parts.service_accounts.some((a) => a.role === 'none')) {
      comments.set(at(), 'service_accounts not exported: an account has role "none", which the file cannot express');
    } else {
      out['service_accounts'] = parts.service_accounts
        .map((a) => ({ name: a.name, role: a.role }))
        .sort((a, b) => compare(a.name, b.name));
    }
  }
  if (parts.rate_limits) {
    const limits: Plain = {};
    for (const row of [...parts.rate_limits].sort((a, b) => compare(a.model, b.model))) {
      const fields = rateLimitFields(row);
      if (usual.get(row.model) !== JSON.stringify(fields)) limits[row.model] = fields;
    }
    // Models not listed are not managed: a project at the usual limits needs no key at all.
    if (Object.keys(limits).length > 0) out['rate_limits'] = limits;
  }
  return out;
}

function rateLimitFields(row: ApiRateLimit): Plain {
  const fields: Plain = {};
  for (const field of RATE_LIMIT_FIELDS) if (row[field] !== undefined) fields[field] = row[field];
  return fields;
}

/**
 * Per model, the limits most projects have (what a new project gets): rows equal to it are left
 * out of the export, so the file shows only the limits someone changed. Every project carries a
 * row for every model; writing them all would bury the file (and 5,000 projects would write 20 MB).
 */
function usualRateLimits(live: LiveOrg): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const parts of Object.values(live.parts)) {
    for (const row of parts.rate_limits ?? []) {
      const key = JSON.stringify(rateLimitFields(row));
      const byValue = counts.get(row.model) ?? new Map<string, number>();
      byValue.set(key, (byValue.get(key) ?? 0) + 1);
      counts.set(row.model, byValue);
    }
  }
  const usual = new Map<string, string>();
  for (const [model, byValue] of counts) {
    const [best] = [...byValue].sort(([a, x], [b, y]) => y - x || compare(a, b));
    if (best) usual.set(model, best[0]);
  }
  return usual;
}

function render(config: Plain, comments: Map<string, string>, warnings: string[], opts: ExportOptions): string {
  const doc = new Document(config);
  doc.commentBefore = [
    ` Exported by \`orgform export\` from ${opts.source}.`,
    ...(opts.allRateLimits
      ? []
      : [' Rate limits equal to what most projects have for a model are left out (not managed); export --all-rate-limits writes them all.']),
    ' Every key present is authoritative: review before applying, and delete what you do not want orgform to manage.',
    ...warnings.map((w) => ` warning: ${w}`),
  ].join('\n');
  for (const [path, comment] of comments) {
    const node = doc.getIn(JSON.parse(path) as string[], true) as Node | undefined;
    if (node) node.comment = ` ${comment}`;
  }
  flowLeaves(doc.contents);
  return doc.toString({ lineWidth: 120 });
}

/** Short lists (model ids, recipients) and rate-limit rows read best on one line. */
function flowLeaves(node: unknown, key = ''): void {
  if (isSeq(node)) {
    if (node.items.every((i) => !isMap(i) && !isSeq(i))) node.flow = true;
    for (const item of node.items) flowLeaves(item);
  } else if (isMap(node)) {
    const parentIsRateLimits = key === 'rate_limits';
    for (const pair of node.items) {
      const childKey = String((pair.key as { value?: unknown } | null)?.value ?? '');
      if (parentIsRateLimits && isMap(pair.value)) pair.value.flow = true;
      flowLeaves(pair.value, childKey);
    }
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
