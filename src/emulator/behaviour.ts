// Behaviour profiles: where the Admin API contract leaves an answer open, the emulator can give
// each plausible alternative, so orgform is tested against all of them and not only one guess.
// Each switch is NAME=VALUE; the first value listed is the default.

export const BEHAVIOUR_CHOICES = {
  /** GET model_permissions of a project that never had a policy. */
  model_permissions_unset: ['deny_list', '404'],
  /** GET spend_limit of a project without one: a 404, or a 200 whose enforcement is inactive. */
  spend_limit_unset: ['404', 'inactive'],
  /** The `project` of audit events made with an admin key: the project acted on, or the default one (the SDK's note). */
  audit_admin_key_project: ['acted_on', 'default'],
  /** GET audit_logs: served, or 403 (audit logging off). */
  audit_logs: ['ok', 'forbidden'],
  /** Archiving an archived project: the project as it is, or a 400. */
  rearchive: ['200', '400'],
  /** In throttle mode, a 429 says when to come back only in its message ("try again after N seconds"). */
  throttle_hint: ['none', 'body'],
  /** An admin key's redacted_value: `sk-admin...abcd`, or masked another way (`sk-a************abcd`). */
  admin_key_redaction: ['ellipsis', 'masked'],
  /** What a create answers on success. */
  create_status: ['200', '201'],
  /** The first page of a list (of `list_page_endpoint`, or of every list) is broken this way. */
  list_page: ['ok', 'no_data', 'no_cursor', 'repeat', 'loop', 'truncated'],
} as const;

export type BehaviourName = keyof typeof BEHAVIOUR_CHOICES;

export type BehaviourSettings = { [N in BehaviourName]: (typeof BEHAVIOUR_CHOICES)[N][number] } & {
  /** GETs of an object created less than this many ms ago answer 404 (replicas catching up). */
  read_after_create_404_ms: number;
  /** The list `list_page` breaks, e.g. `/organization/users`; '' for every list. */
  list_page_endpoint: string;
};

export const DEFAULT_BEHAVIOUR: BehaviourSettings = {
  ...(Object.fromEntries(Object.entries(BEHAVIOUR_CHOICES).map(([name, values]) => [name, values[0]])) as {
    [N in BehaviourName]: (typeof BEHAVIOUR_CHOICES)[N][number];
  }),
  read_after_create_404_ms: 0,
  list_page_endpoint: '',
};

const NAMES = [...Object.keys(BEHAVIOUR_CHOICES), 'read_after_create_404_ms', 'list_page_endpoint'];

/** Checks NAME → VALUE pairs (from flags or the control API); throws with a message per mistake. */
export function parseBehaviour(pairs: Record<string, unknown>): Partial<BehaviourSettings> {
  const out: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(pairs)) {
    const value = typeof raw === 'number' ? String(raw) : raw;
    if (typeof value !== 'string') throw new Error(`behaviour ${name}: the value must be a string`);
    if (name === 'read_after_create_404_ms') {
      if (!/^\d+$/.test(value) || Number(value) > 60_000) throw new Error(`behaviour ${name} must be 0 to 60000 (ms), not ${JSON.stringify(value)}`);
      out[name] = Number(value);
    } else if (name === 'list_page_endpoint') {
      if (value !== '' && !value.startsWith('/')) throw new Error(`behaviour ${name} must start with '/', e.g. /organization/users`);
      out[name] = value;
    } else if (name in BEHAVIOUR_CHOICES) {
      const choices: readonly string[] = BEHAVIOUR_CHOICES[name as BehaviourName];
      if (!choices.includes(value)) throw new Error(`behaviour ${name} must be one of ${choices.join(', ')}, not ${JSON.stringify(value)}`);
      out[name] = value;
    } else {
      throw new Error(`unknown behaviour ${JSON.stringify(name)}; known: ${NAMES.join(', ')}`);
    }
  }
  return out as Partial<BehaviourSettings>;
}

/** `NAME=VALUE` flags into pairs. */
export function behaviourFlags(flags: string[]): Partial<BehaviourSettings> {
  const pairs: Record<string, string> = {};
  for (const flag of flags) {
    const at = flag.indexOf('=');
    if (at <= 0) throw new Error(`--behaviour takes NAME=VALUE, not ${JSON.stringify(flag)}`);
    pairs[flag.slice(0, at)] = flag.slice(at + 1);
  }
  return parseBehaviour(pairs);
}
