// The boundaries of src/, checked by `npm run lint:boundaries` (dependency-cruiser) in CI.
//
// Folders are pipeline stages; imports point down the pipeline and into leaves. The allowed
// folder graph (an arrow means "may import"; "root" is src/*.ts: errors.ts, paths.ts, version.ts):
//
//   cli       -> config, live, planner, plan, apply, render, export, scope, providers, emulator, root
//   export    -> kinds, live, config, scope, providers, root
//   render    -> plan, apply (its report type), root          never providers, live, kinds
//   apply     -> kinds, plan, providers, root
//   planner   -> kinds, plan, config, scope, util, root        never providers
//   live      -> kinds, plan, config, scope, providers, root
//   scope     -> kinds, plan, config, util, root              never providers, live
//   kinds     -> plan, config, providers, secrets, util, root
//   config    -> api, root
//   plan      -> api, root                                     leaf; never providers
//   providers -> root                                          pure HTTP: no orgform domain code
//   emulator  -> api                                           the server side: no client code
//   docs      -> root                                          writes docs/config.md from the schema
//   api, util, secrets, root -> nothing in src/
//
// The rules below forbid what matters most of that; no-folder-cycle keeps the rest one-way.
// Nothing imports cli/ but cli/ itself and bin/ (bin/ loads dist/; tests and bench/ drive the CLI
// as bin/ does, so only src/ is checked). Type-only imports count: they couple folders too.

/** Folders of the orgform client: what the emulator must not import. */
const CLIENT = 'providers|kinds|live|planner|plan|scope|apply|render|export|cli|config|secrets';

/** A rule every match of which fails the check. */
const forbid = (name, comment, from, to) => ({ name, comment, severity: 'error', from, to });

export default {
  forbidden: [
    {
      ...forbid(
        'no-folder-cycle',
        'Folders are pipeline stages: two folders that import each other (directly or through others) form a cycle.',
        { path: '^src' },
        { circular: true },
      ),
      scope: 'folder',
    },
    forbid(
      'planner-and-plan-not-providers',
      'planner/, scope/ and plan/ know the API only through kinds/; they never import the HTTP provider.',
      { path: '^src/(planner|plan|scope)/' },
      { path: '^src/providers/' },
    ),
    forbid(
      'plan-is-a-leaf',
      'plan/ is plain data: it imports only the src/*.ts root files and api/.',
      { path: '^src/plan/' },
      { path: '^src/', pathNot: '^src/(plan|api)/|^src/[^/]+[.]ts$' },
    ),
    forbid(
      'providers-pure-http',
      'providers/ is pure HTTP (client, pacer, wire, paths): it imports no orgform domain code.',
      { path: '^src/providers/' },
      { path: '^src/(kinds|live|planner|plan|scope|apply|render|export|cli|config)/' },
    ),
    forbid(
      'render-only-consumes-plans',
      'render/ formats a plan or a report; it never reads the org or knows kinds.',
      { path: '^src/render/' },
      { path: '^src/(providers|live|kinds)/' },
    ),
    forbid(
      'emulator-is-the-server',
      'The emulator plays the Admin API; it shares only the API enums (api/) with the client.',
      { path: '^src/emulator/' },
      { path: `^src/(${CLIENT})/` },
    ),
    forbid(
      'cli-is-the-top',
      'Only cli/ (and bin/) import cli/: commands are the top of the pipeline.',
      { path: '^src/', pathNot: '^src/cli/' },
      { path: '^src/cli/' },
    ),
  ],
  options: {
    includeOnly: '^src/',
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
