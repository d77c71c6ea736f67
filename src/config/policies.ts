// Built-in policies: what every project (or the org) must be, checked on the effective config
// (after defaults and templates) by validate and by plan. A violation names the policy, the
// object and where its value was written; at level `error` plan refuses (a `policy` refusal),
// at level `warn` it is a warning in the plan.

import type { Path } from './locate.js';
import { quote } from './messages.js';

type Rec = { [key: string]: unknown };
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

export type PolicyLevel = 'error' | 'warn';

export interface PolicyFinding {
  policy: string;
  level: PolicyLevel;
  /** The effective path of the object that breaks the policy. */
  path: Path;
  message: string;
}

interface ProjectView {
  name: string;
  settings: Rec;
}

type Check = (params: Rec, config: Rec, projects: ProjectView[]) => { path: Path; message: string }[];

const cents = (n: number): string => `${(n / 100).toFixed(2)} USD`;

/** Each policy's check, by its key under `policies:`. */
const POLICIES: Record<string, Check> = {
  spend_limit: (params, _config, projects) => {
    const max = typeof params['max_threshold_amount'] === 'number' ? params['max_threshold_amount'] : undefined;
    return projects.flatMap(({ name, settings }) => {
      const limit = settings['spend_limit'];
      const amount = isRec(limit) && typeof limit['threshold_amount'] === 'number' ? limit['threshold_amount'] : undefined;
      if (amount === undefined) return [{ path: ['projects', name], message: `project ${quote(name)} has no spend_limit` }];
      if (max !== undefined && amount > max) {
        return [{ path: ['projects', name, 'spend_limit', 'threshold_amount'], message: `project ${quote(name)} has a spend limit of ${cents(amount)}, over ${cents(max)}` }];
      }
      return [];
    });
  },
  model_allowlist: (_params, _config, projects) =>
    projects.flatMap(({ name, settings }) => {
      const mp = settings['model_permissions'];
      return isRec(mp) && mp['mode'] === 'allow_list'
        ? []
        : [{ path: ['projects', name, ...(mp === undefined ? [] : ['model_permissions'])], message: `project ${quote(name)} has no model allow list` }];
    }),
  models: (params, _config, projects) => {
    const allowed = new Set(strings(params['allowed']));
    return projects.flatMap(({ name, settings }) => {
      const mp = settings['model_permissions'];
      if (!isRec(mp) || mp['mode'] !== 'allow_list') return [];
      const extra = strings(mp['model_ids']).filter((m) => !allowed.has(m));
      return extra.length === 0
        ? []
        : [{ path: ['projects', name, 'model_permissions', 'model_ids'], message: `project ${quote(name)} allows ${extra.map(quote).join(', ')}, not among the allowed models` }];
    });
  },
  owner_email_domains: (params, config, projects) => {
    const domains = strings(params['domains']).map((d) => d.toLowerCase());
    const outside = (email: unknown): boolean => typeof email === 'string' && isOutsideDomains(email, domains);
    const orgOwners = (Array.isArray(config['users']) ? config['users'] : []).flatMap((u, i) =>
      isRec(u) && u['role'] === 'owner' && outside(u['email'])
        ? [{ path: ['users', i, 'email'], message: `org owner ${quote(String(u['email']))} is not in ${domains.join(', ')}` }]
        : [],
    );
    const projectOwners = projects.flatMap(({ name, settings }) =>
      (Array.isArray(settings['members']) ? settings['members'] : []).flatMap((m, i) =>
        isRec(m) && m['role'] === 'owner' && outside(m['email'])
          ? [{ path: ['projects', name, 'members', i, 'email'], message: `owner ${quote(String(m['email']))} of project ${quote(name)} is not in ${domains.join(', ')}` }]
          : [],
      ),
    );
    return [...orgOwners, ...projectOwners];
  },
  min_org_owners: (params, config) => {
    const min = typeof params['count'] === 'number' ? params['count'] : 1;
    if (!Array.isArray(config['users'])) return [];
    const owners = config['users'].filter((u) => isRec(u) && u['role'] === 'owner').length;
    return owners >= min ? [] : [{ path: ['users'], message: `users: lists ${owners} org owner(s), fewer than ${min}` }];
  },
  data_retention: (params, _config, projects) => {
    const allowed = new Set(strings(params['allowed']));
    return projects.flatMap(({ name, settings }) => {
      const value = settings['data_retention'];
      if (typeof value === 'string' && allowed.has(value)) return [];
      return [{
        path: ['projects', name, ...(value === undefined ? [] : ['data_retention'])],
        message: `project ${quote(name)} has data retention ${value === undefined ? '(not set)' : quote(String(value))}, not one of ${[...allowed].join(', ')}`,
      }];
    });
  },
};

/** Every project says these hosted tools are off (`hosted_tool_permissions.<tool>.enabled: false`). */
POLICIES['hosted_tools_disabled'] = (params, _config, projects) => {
  const tools = strings(params['tools']);
  return projects.flatMap(({ name, settings }) => {
    const perms = isRec(settings['hosted_tool_permissions']) ? settings['hosted_tool_permissions'] : {};
    const on = tools.filter((t) => !(isRec(perms[t]) && perms[t]['enabled'] === false));
    return on.length === 0
      ? []
      : [{ path: ['projects', name, ...(settings['hosted_tool_permissions'] === undefined ? [] : ['hosted_tool_permissions'])], message: `project ${quote(name)} does not turn off ${on.join(', ')}` }];
  });
};

/** Every key orgform issues expires within `max_days` (an account's own key_expiry_days, else orgform.key_expiry_days). */
POLICIES['service_account_key_expiry'] = (params, config, projects) => {
  const max = typeof params['max_days'] === 'number' ? params['max_days'] : Infinity;
  const orgform = isRec(config['orgform']) ? config['orgform'] : {};
  const fallback = typeof orgform['key_expiry_days'] === 'number' ? orgform['key_expiry_days'] : undefined;
  return projects.flatMap(({ name, settings }) =>
    (Array.isArray(settings['service_accounts']) ? settings['service_accounts'] : []).flatMap((a, i) => {
      if (!isRec(a)) return [];
      const days = typeof a['key_expiry_days'] === 'number' ? a['key_expiry_days'] : fallback;
      if (days !== undefined && days <= max) return [];
      return [{
        path: ['projects', name, 'service_accounts', i, ...(a['key_expiry_days'] === undefined ? [] : ['key_expiry_days'])],
        message: `service account ${quote(String(a['name']))} of project ${quote(name)} gets ${days === undefined ? 'keys that never expire' : `keys for ${days} days`}, over ${max} days`,
      }];
    }),
  );
};

/** Every violation of the file's `policies:` by its effective config, in policy then file order; undefined without policies. */
export function checkPolicies(config: unknown): PolicyFinding[] | undefined {
  if (!isRec(config) || !isRec(config['policies'])) return undefined;
  const projects = Object.entries(isRec(config['projects']) ? config['projects'] : {}).flatMap(([name, p]) =>
    isRec(p) && p['archived'] === true ? [] : [{ name, settings: isRec(p) ? p : {} }],
  );
  const found: PolicyFinding[] = [];
  for (const [policy, params] of Object.entries(config['policies'])) {
    const check = POLICIES[policy];
    if (!check || !isRec(params)) continue; // the schema reported it
    const level: PolicyLevel = params['level'] === 'warn' ? 'warn' : 'error';
    for (const v of check(params, config, projects)) found.push({ policy, level, path: v.path, message: `policy ${policy}: ${v.message}` });
  }
  return found;
}

/**
 * The policies plan checks against the live org (model.ts LivePolicies), without positions: on
 * the org's owners where the file has no `users:`, on the owners of each active project whose
 * `members` it does not list.
 */
export function livePolicyParams(config: unknown): {
  min_org_owners?: { count: number; level: PolicyLevel };
  owner_email_domains?: { domains: string[]; level: PolicyLevel; org_owners: boolean; projects: string[] };
} {
  if (!isRec(config) || !isRec(config['policies'])) return {};
  const policies = config['policies'];
  const level = (params: Rec): PolicyLevel => (params['level'] === 'warn' ? 'warn' : 'error');
  const orgOwners = config['users'] === undefined;
  const projects = Object.entries(isRec(config['projects']) ? config['projects'] : {}).flatMap(([name, p]) =>
    isRec(p) && (p['archived'] === true || p['members'] !== undefined) ? [] : [name],
  );
  const min = policies['min_org_owners'];
  const domains = policies['owner_email_domains'];
  return {
    ...(isRec(min) && typeof min['count'] === 'number' && orgOwners && { min_org_owners: { count: min['count'], level: level(min) } }),
    ...(isRec(domains) &&
      (orgOwners || projects.length > 0) && {
        owner_email_domains: { domains: strings(domains['domains']), level: level(domains), org_owners: orgOwners, projects },
      }),
  };
}

/** Whether an email's domain is none of `domains` (compared without case): the owner_email_domains rule, on the file and on the live org. */
export function isOutsideDomains(email: string, domains: readonly string[]): boolean {
  return !domains.some((d) => email.toLowerCase().endsWith(`@${d.toLowerCase()}`));
}
