// The boundaries of src/, checked by `npm run lint` (depcruise) in CI.
//
// Folders are pipeline stages; imports point down the pipeline and into leaves. The allowed
// folder graph (an arrow means "may import"; "root" is src/*.ts: errors.ts, paths.ts, version.ts):
//
//   cli      -> config, live, planner, plan, apply, render, export, providers, emulator, root
//   export   -> kinds, live, config, providers, root
//   apply    -> planner, kinds, plan, providers, root
//   render   -> plan, apply (its report type), root          never providers, live, kinds
//   planner  -> kinds, plan, config, util, root               never providers
//   live     -> kinds, plan, config, providers, root
//   kinds    -> plan, config, providers, secrets, util, root
//   config   -> api, root
//   plan     -> api, root                                     leaf; never providers
//   providers-> root                                          pure HTTP: no orgform domain code
//   emulator -> api                                           the server side: no client code
//   docs     -> root                                          writes docs/config.md from the schema
//   api, util, secrets, root -> nothing above them
//
// Nothing imports cli/ but cli/ itself and bin/ (bin/ loads dist/, tests and bench/ drive the CLI
// as bin/ does, so only src/ is checked). Whatever the arrows, no two folders may import each
// other through any chain (a folder-level cycle).
//
// A rule that main breaks today keeps severity 'error' for everything except the exact import
// edges listed in its `known` list, which are reported as warnings until the code is fixed.

/** Folders of the orgform client (everything the emulator must not import). */
const CLIENT = 'providers|kinds|live|planner|plan|apply|render|export|cli|config|secrets';

/**
 * A forbidden rule, split so that the listed known edges warn while every other match errors.
 * @param {{name: string, comment: string, from: {path: string, pathNot?: string},
 *          to: {path: string, pathNot?: string}, known?: Array<[string, string]>}} rule
 */
function forbid({ name, comment, from, to, known = [] }) {
  const exact = (file) => `^${file.replace(/[.]/g, '\\.')}$`;
  const either = (...patterns) => patterns.filter(Boolean).join('|');
  const fromFiles = [...new Set(known.map(([f]) => f))];
  const rules = [
    {
      name,
      comment,
      severity: 'error',
      from: { ...from, pathNot: either(from.pathNot, ...fromFiles.map(exact)) || undefined },
      to,
    },
  ];
  for (const file of fromFiles) {
    const targets = known.filter(([f]) => f === file).map(([, t]) => exact(t));
    rules.push(
      { name, comment, severity: 'error', from: { path: exact(file) }, to: { ...to, pathNot: either(to.pathNot, ...targets) } },
      {
        name: `${name}-known`,
        comment: `TODO(issue 10): known violation on main, to be fixed by the src restructuring; ${comment}`,
        severity: 'warn',
        from: { path: exact(file) },
        to: { path: either(...targets) },
      },
    );
  }
  return rules.map((r) => (r.from.pathNot === undefined ? { ...r, from: { path: r.from.path } } : r));
}

export default {
  forbidden: [
    {
      name: 'no-folder-cycle',
      comment: 'Folders are pipeline stages: two folders that import each other (directly or through others) form a cycle.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^src' },
      to: { circular: true },
    },
    ...forbid({
      name: 'planner-and-plan-not-providers',
      comment: 'planner/ and plan/ know the API only through kinds/; they never import the HTTP provider.',
      from: { path: '^src/(planner|plan)/' },
      to: { path: '^src/providers/' },
    }),
    ...forbid({
      name: 'plan-is-a-leaf',
      comment: 'plan/ is plain data: it imports only the src/*.ts root files and api/.',
      from: { path: '^src/plan/' },
      to: { path: '^src/', pathNot: '^src/(plan|api)/|^src/[^/]+[.]ts$' },
      // TODO(issue 10): plan/builder.ts takes DestroyKind, OrgRole, ProjectRole from config/model.ts
      // (type-only); they belong in api/ or plan/. Remove this entry once the import is gone.
      known: [['src/plan/builder.ts', 'src/config/model.ts']],
    }),
    ...forbid({
      name: 'providers-pure-http',
      comment: 'providers/ is pure HTTP (client, pacer, wire, paths): it imports no orgform domain code.',
      from: { path: '^src/providers/' },
      to: { path: '^src/(kinds|live|planner|plan|apply|render|export|cli|config)/' },
    }),
    ...forbid({
      name: 'render-only-consumes-plans',
      comment: 'render/ formats a plan or a report; it never reads the org or knows kinds.',
      from: { path: '^src/render/' },
      to: { path: '^src/(providers|live|kinds)/' },
    }),
    ...forbid({
      name: 'emulator-is-the-server',
      comment: 'The emulator plays the Admin API; it shares only the API enums (api/) with the client.',
      from: { path: '^src/emulator/' },
      to: { path: `^src/(${CLIENT})/` },
    }),
    ...forbid({
      name: 'cli-is-the-top',
      comment: 'Only cli/ (and bin/) import cli/: commands are the top of the pipeline.',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    }),
  ],
  options: {
    includeOnly: '^src/',
    // Type-only imports couple folders just as much as value imports.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
