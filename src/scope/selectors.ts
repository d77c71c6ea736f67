// What `--target` and `--exclude` name: `organization` (the org's own settings and access: the
// `organization:`, `groups:`, `roles:` and `role_assignments:` keys), `users`, `invites`,
// `project:NAME` (the project and all of its parts) and `project:NAME/PART` (one part, PART being
// a project kind's key in the file: rate_limits, members, ...).
//
// A project name may hold `/` and `:`: only the last `/` can split, and only when what follows it
// is a part name, so `project:a/b` is the project "a/b" and `project:a/members` the members of
// "a". A name that itself ends in `/members` is written as a JSON string:
// `project:"a/members"` (and `project:"a/members"/rate_limits`). Parsing needs nothing but the
// text: no file is read and no request is made before every selector is known good.

import { UsageError } from '../errors.js';
import type { ProjectPart } from '../kinds/live-state.js';
import { PROJECT_KINDS } from '../kinds/registry.js';
import { suggest } from '../util/suggest.js';

export type Selector =
  | { type: 'organization' }
  | { type: 'users' }
  | { type: 'invites' }
  | { type: 'project'; name: string; part?: ProjectPart };

const KEYWORDS = ['organization', 'users', 'invites'] as const;
const PROJECT_PREFIX = 'project:';

/** The project parts a selector may name, in the registry's order. */
export function projectParts(): ProjectPart[] {
  return PROJECT_KINDS.map((k) => k.part);
}

const isPart = (text: string): text is ProjectPart => (projectParts() as string[]).includes(text);

export function parseSelector(text: string, flag: string): Selector {
  const keyword = KEYWORDS.find((k) => k === text);
  if (keyword) return { type: keyword };
  if (!text.startsWith(PROJECT_PREFIX)) throw unknownSelector(text, flag);
  const rest = text.slice(PROJECT_PREFIX.length);
  const { name, part } = rest.startsWith('"') ? quotedName(rest, text, flag) : plainName(rest);
  if (name === '') throw new UsageError(`${flag} ${text}: the project name is empty (write project:NAME)`);
  return { type: 'project', name: name.normalize('NFC'), ...(part === undefined ? {} : { part }) };
}

/** The selector as orgform writes it (in a plan, in messages): parsing it gives it back. */
export function formatSelector(selector: Selector): string {
  if (selector.type !== 'project') return selector.type;
  const tail = selector.part === undefined ? '' : `/${selector.part}`;
  return `${PROJECT_PREFIX}${needsQuotes(selector.name) ? JSON.stringify(selector.name) : selector.name}${tail}`;
}

/** Quoted when plain text would read back as something else (a part, a quoted name, a blank). */
function needsQuotes(name: string): boolean {
  const slash = name.lastIndexOf('/');
  return (
    name === '' ||
    name.startsWith('"') ||
    name.trim() !== name ||
    /\p{Cc}/u.test(name) ||
    (slash >= 0 && isPart(name.slice(slash + 1)))
  );
}

function plainName(rest: string): { name: string; part?: ProjectPart } {
  const slash = rest.lastIndexOf('/');
  const tail = rest.slice(slash + 1);
  if (slash >= 0 && isPart(tail)) return { name: rest.slice(0, slash), part: tail };
  return { name: rest };
}

function quotedName(rest: string, text: string, flag: string): { name: string; part?: ProjectPart } {
  // The shortest prefix that is a complete JSON string is the name; what follows is /PART or nothing.
  for (let end = rest.indexOf('"', 1); end > 0; end = rest.indexOf('"', end + 1)) {
    let name: unknown;
    try {
      name = JSON.parse(rest.slice(0, end + 1));
    } catch {
      continue;
    }
    const after = rest.slice(end + 1);
    if (after === '') return { name: name as string };
    const part = after.slice(1);
    if (after.startsWith('/') && isPart(part)) return { name: name as string, part };
    throw unknownPart(text, part, flag, after.startsWith('/'));
  }
  throw new UsageError(`${flag} ${text}: the quoted project name does not end (write project:"NAME", a JSON string)`);
}

function unknownPart(text: string, part: string, flag: string, slash: boolean): UsageError {
  if (!slash) return new UsageError(`${flag} ${text}: after the quoted name comes /PART or nothing`);
  const near = suggest(part, projectParts());
  return new UsageError(
    `${flag} ${text}: ${JSON.stringify(part)} is not a project part` +
      (near.length ? ` (did you mean ${near.join(', ')}?)` : '') +
      `; the parts are ${projectParts().join(', ')}`,
  );
}

function unknownSelector(text: string, flag: string): UsageError {
  // `projects:X`, `Project:X`, `proj:X`: a project selector misspelt; otherwise the nearest keyword.
  const colon = text.indexOf(':');
  const head = colon >= 0 ? text.slice(0, colon + 1) : text;
  const fixed = colon >= 0 && suggest(head, [PROJECT_PREFIX]).length > 0 ? [`${PROJECT_PREFIX}${text.slice(colon + 1)}`] : [];
  const near = fixed.length > 0 ? fixed : suggest(text, [...KEYWORDS]);
  return new UsageError(
    `${flag} ${JSON.stringify(text)} is not a selector` +
      (near.length ? ` (did you mean ${near.join(', ')}?)` : '') +
      `: selectors are ${KEYWORDS.join(', ')}, project:NAME and project:NAME/PART`,
  );
}

/**
 * The nearest hint for a name no project has: the names that look like it and, where it ends in
 * `/something` close to a part name, that part.
 */
export function unknownProjectHint(name: string, known: string[]): string {
  const near = suggest(name, known).map((n) => formatSelector({ type: 'project', name: n }));
  const slash = name.lastIndexOf('/');
  if (slash >= 0) {
    const parts = suggest(name.slice(slash + 1), projectParts()) as ProjectPart[];
    const base = name.slice(0, slash);
    if (parts.length > 0 && known.includes(base)) near.unshift(...parts.map((p) => formatSelector({ type: 'project', name: base, part: p })));
  }
  return near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : '';
}
