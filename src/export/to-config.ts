// The live org as a config file in orgform's own format: stable key order, comments where a
// value is the API's default. Each kind says how its live state reads as config (`toConfig`);
// this file only places the pieces. Planning the result against the same org gives "No changes.".

import { Document, isMap, isSeq, type Node } from 'yaml';
import type { ExportContext, Exported } from '../kinds/kind.js';
import type { ApiProject, LiveOrg, LiveProjectParts } from '../kinds/live-state.js';
import { isArchived, projectToConfig } from '../kinds/project.js';
import { ORG_KINDS, PROJECT_KINDS } from '../kinds/registry.js';
import { compareText } from '../util/compare.js';
import { factorDefaults } from './factor.js';
import type { Scope } from '../scope/scope.js';

type Plain = Record<string, unknown>;

export interface ExportOptions {
  source: string;
  /** Every rate-limit row, not only those that differ from the org's usual value for the model. */
  allRateLimits?: boolean;
  /** What most projects share becomes `defaults:` (see factor.ts). */
  factor?: boolean;
  /** A scoped export: only what the scope covers, said in the header with its selectors. */
  scoped?: { scope: Scope; selectors: string };
}

export function liveToConfig(live: LiveOrg, opts: ExportOptions): string {
  const comments = new Map<string, string>();
  const warnings: string[] = [];
  const scope = opts.scoped?.scope;
  const ctx: ExportContext = { live, allRateLimits: opts.allRateLimits ?? false, scoped: scope !== undefined };
  const config: Plain = { version: 1 };
  for (const kind of ORG_KINDS) {
    if (scope && !scope[kind.kind === 'user' ? 'users' : kind.kind === 'invite' ? 'invites' : 'organization']) continue;
    const exported = kind.configPath && kind.toConfig?.(live, ctx);
    if (exported && kind.configPath) place(config, kind.configPath, exported, comments);
  }
  const projects: Plain = {};
  const seen = new Set<string>();
  for (const project of [...live.projects].sort((a, b) => compareText(a.name ?? a.id, b.name ?? b.id) || Number(isArchived(a)) - Number(isArchived(b)))) {
    const name = project.name ?? project.id;
    const selection = scope?.projects.get(name);
    if (scope && !selection) continue;
    if (seen.has(name)) {
      warnings.push(`a second project named ${JSON.stringify(name)} (${project.id}) is left out: names must be unique in the file`);
      continue;
    }
    seen.add(name);
    projects[name] = exportProject(project, live.parts[project.id] ?? {}, ['projects', name], comments, ctx, selection?.own ?? true);
  }
  if (opts.factor) {
    const factored = factorDefaults(projects);
    if (Object.keys(factored.defaults).length > 0) config['defaults'] = factored.defaults;
    config['projects'] = factored.projects;
  } else if (!scope || Object.keys(projects).length > 0) config['projects'] = projects;
  return render(config, comments, warnings, opts);
}

/** Each project kind's part, as the kind writes it, in the kinds' order. */
function exportProject(project: ApiProject, parts: LiveProjectParts, path: string[], comments: Map<string, string>, ctx: ExportContext, own: boolean): Plain {
  if (isArchived(project)) return own ? { archived: true } : {};
  const out: Plain = own ? { ...projectToConfig(project) } : {};
  for (const kind of PROJECT_KINDS) {
    const value = parts[kind.part];
    if (value === undefined) continue;
    place(out, [kind.part], (kind.toConfig as (v: typeof value, c: ExportContext) => Exported)(value, ctx), comments, path);
  }
  return out;
}

/** Puts an exported value at `path` under `into`, and its comment beside it (or on the parent). */
function place(into: Plain, path: string[], exported: Exported, comments: Map<string, string>, prefix: string[] = []): void {
  const parent = path.slice(0, -1).reduce<Plain>((node, key) => (node[key] ??= {}) as Plain, into);
  const key = path[path.length - 1] as string;
  if (exported.value !== undefined) parent[key] = exported.value;
  if (exported.comment !== undefined) {
    const at = exported.value !== undefined ? [...prefix, ...path] : [...prefix, ...path.slice(0, -1)];
    comments.set(JSON.stringify(at), exported.comment);
  }
}

function render(config: Plain, comments: Map<string, string>, warnings: string[], opts: ExportOptions): string {
  const doc = new Document(config);
  doc.commentBefore = [
    ` Exported by \`orgform export\` from ${opts.source}.`,
    ...(opts.scoped
      ? [
          ` Scoped export (${opts.scoped.selectors}): only that part of the organization was read and is written here;`,
          ' what most projects have is unknown, so every rate limit and setting of the projects written is.',
        ]
      : [
          ...(opts.allRateLimits
            ? []
            : [' Rate limits equal to what most projects have for a model are left out (not managed); export --all-rate-limits writes them all.']),
          ' Hosted tool permissions and service tier settings equal to what most projects have are left out (not managed).',
        ]),
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

/** Short lists (model ids, recipients), rate-limit rows and tool switches read best on one line. */
function flowLeaves(node: unknown, key = ''): void {
  if (isSeq(node)) {
    if (node.items.every((i) => !isMap(i) && !isSeq(i))) node.flow = true;
    for (const item of node.items) flowLeaves(item);
  } else if (isMap(node)) {
    const flowChildren = key === 'rate_limits' || key === 'hosted_tool_permissions';
    for (const pair of node.items) {
      const childKey = String((pair.key as { value?: unknown } | null)?.value ?? '');
      if (flowChildren && isMap(pair.value)) pair.value.flow = true;
      flowLeaves(pair.value, childKey);
    }
  }
}

