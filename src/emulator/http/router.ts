// Route templates like `/organization/projects/{project_id}/users/{user_id}`, matched per
// percent-decoded segment. A known path with the wrong method is a 405, an unknown path a 404.

export interface Route<C> {
  method: string;
  template: string;
  handler: (ctx: C) => unknown;
}

export type RouteMatch<C> =
  | { kind: 'found'; route: Route<C>; params: Map<string, string> }
  | { kind: 'method_not_allowed'; template: string; allowed: string[] }
  | { kind: 'not_found' };

interface CompiledRoute<C> {
  route: Route<C>;
  segments: string[];
  literals: number;
}

export class Router<C> {
  private readonly compiled: CompiledRoute<C>[];

  constructor(routes: Route<C>[]) {
    this.compiled = routes.map((route) => {
      const segments = splitPath(route.template);
      return { route, segments, literals: segments.filter((s) => !isParam(s)).length };
    });
  }

  match(method: string, path: string): RouteMatch<C> {
    const segments = decodeSegments(path);
    if (segments === null) return { kind: 'not_found' };
    let best: { literals: number; template: string } | null = null;
    const candidates: { compiled: CompiledRoute<C>; params: Map<string, string> }[] = [];
    for (const compiled of this.compiled) {
      const params = matchSegments(compiled.segments, segments);
      if (params === null) continue;
      // Literal segments win over parameters (`.../archive` over `.../{user_id}`).
      if (best === null || compiled.literals > best.literals) {
        best = { literals: compiled.literals, template: compiled.route.template };
        candidates.length = 0;
      }
      if (compiled.route.template === best.template) candidates.push({ compiled, params });
    }
    if (best === null) return { kind: 'not_found' };
    const hit = candidates.find((c) => c.compiled.route.method === method);
    if (hit) return { kind: 'found', route: hit.compiled.route, params: hit.params };
    return {
      kind: 'method_not_allowed',
      template: best.template,
      allowed: candidates.map((c) => c.compiled.route.method),
    };
  }
}

export function splitPath(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function decodeSegments(path: string): string[] | null {
  try {
    return splitPath(path).map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
}

function isParam(segment: string): boolean {
  return segment.startsWith('{') && segment.endsWith('}');
}

function matchSegments(template: string[], actual: string[]): Map<string, string> | null {
  if (template.length !== actual.length) return null;
  const params = new Map<string, string>();
  for (let i = 0; i < template.length; i++) {
    const t = template[i] as string;
    const a = actual[i] as string;
    if (isParam(t)) params.set(t.slice(1, -1), a);
    else if (t !== a) return null;
  }
  return params;
}
