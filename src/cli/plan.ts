import { writeFile } from 'node:fs/promises';
import { renderPlanJson } from '../render/index.js';
import { attributeDrift } from '../live/attribution.js';
import { COMMON_OPTIONS, commonFlags, onePositional, parse, positiveInt, SAFETY_OPTIONS, safetyOptions } from './args.js';
import { connect, targetFromEnv } from './connect.js';
import { pathIn, type Io } from './io.js';
import { assertWritable } from './out-file.js';
import { loadWithOrigins, planAgainst } from './pipeline.js';
import { explainPlan } from '../planner/explain.js';
import { renderPlan } from './render-plan.js';
import { describeError } from './describe-error.js';
import { readInput } from './saved-plan.js';
import { CHANGED_SINCE_OPTION, isScoped, SCOPE_OPTIONS, scopingFromFlags, selectionOf } from './scope-flags.js';
import { UsageError } from '../errors.js';

export const PLAN_HELP = `usage: orgform plan FILE... [--format text|json|markdown] [--out PLAN.json] [--explain]
                    [--detailed-exitcode] [--no-attribution] [--count-unmanaged] [--key-max-age-days N]
                    [--target SELECTOR]... [--exclude SELECTOR]... [--changed-since GIT_REF]
                    [--allow-destroy]
                    [--max-destroy N] [--max-destroy-fraction F]
                    [--concurrency N] [--max-rpm N] [--timeout S] [--log-level debug] [--quiet]
                    [--color always|never|auto]

Reads the live organization (OPENAI_ADMIN_KEY, OPENAI_BASE_URL) and prints what apply would do.
Several files (one per organization, e.g. orgs/*.yaml) are planned one after another, each with
the key its orgform.admin_key_env names, each under a '== FILE' line on standard error.
Exit status: 0 success (with --detailed-exitcode: no changes), 1 error or a refused plan (the
plan is still printed, its refusals first), 2 changes present (only with --detailed-exitcode).
--explain says where the file sets each value a project change makes, when it comes from
defaults: or a template (e.g. (from template "standard", org.yaml:12)); in JSON, every change's
\`sources\` (docs/plans.md), kept in a plan saved with --out.
--count-unmanaged also lists the project API keys and admin keys that have no expiry or are older
than --key-max-age-days (default: orgform.key_max_age_days), as warnings; orgform never changes them.
Progress goes to standard error (a live line on a terminal; otherwise a line every ~10 s and one
per wait over 5 s); --quiet turns it off. --log-level debug adds each throttle and retry.
--target/--exclude SELECTOR (repeatable) plan only part of the file, reading only what that part
needs: organization, users, invites, project:NAME, project:NAME/PART (e.g. project:Research/members;
a name with a / before a part name is quoted: project:"a/members"). --changed-since GIT_REF targets
what differs between the file at GIT_REF (git show, local) and the working file.`;

export async function runPlan(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, {
    ...COMMON_OPTIONS,
    ...SAFETY_OPTIONS,
    out: { type: 'string' },
    'detailed-exitcode': { type: 'boolean', default: false },
    'no-attribution': { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    'count-unmanaged': { type: 'boolean', default: false },
    'key-max-age-days': { type: 'string' },
    ...SCOPE_OPTIONS,
    ...CHANGED_SINCE_OPTION,
  });
  if (values.help) return io.out(PLAN_HELP), 0;
  // A bad selector is an error before any file is read or request made.
  selectionOf(values);
  if (isScoped(values) && values['count-unmanaged']) {
    throw new UsageError('--count-unmanaged counts what the file leaves alone in every project it names: it cannot be scoped');
  }
  if (positionals.length <= 1) return planFile(onePositional(positionals, 'config file'), values, io);
  // One file per organization: each planned with its own key, reported under its own name. The
  // worst exit status wins (1 over 2 over 0).
  if (values.out !== undefined) throw new UsageError('--out saves one plan: give one config file with it');
  let worst = 0;
  for (const file of positionals) {
    io.err(`\n== ${file}`);
    let code: number;
    try {
      code = await planFile(file, values, io);
    } catch (error) {
      io.err(describeError(error));
      code = 1;
    }
    worst = code === 1 || worst === 1 ? 1 : Math.max(worst, code);
  }
  return worst;
}

type PlanValues = ReturnType<typeof parse>['values'];

async function planFile(file: string, values: PlanValues, io: Io): Promise<number> {
  const flags = commonFlags(values);
  const input = await readInput(file, io.cwd);
  if (input.plan) throw new UsageError(`${file} is a saved plan (it has format_version): apply it with \`orgform apply ${file}\`; plan takes a config file`);
  if (input.note) io.err(input.note);
  const maxAge = values['key-max-age-days'];
  if (maxAge !== undefined && values['count-unmanaged'] !== true) {
    throw new UsageError('--key-max-age-days needs --count-unmanaged (the keys are read only then)');
  }
  const { config: loaded, origins } = loadWithOrigins(file, io.cwd);
  const config = maxAge === undefined ? loaded : { ...loaded, key_max_age_days: positiveInt(maxAge, '--key-max-age-days', 1) };
  const safety = safetyOptions(values, config);
  const outFlag = typeof values['out'] === 'string' ? values['out'] : undefined;
  const out = outFlag === undefined ? undefined : pathIn(io, outFlag);
  if (out !== undefined) await assertWritable(out, outFlag ?? out);
  const scoping = await scopingFromFlags(config, values, io);
  const target = targetFromEnv(io.env, config.admin_key_env, io.err);
  // From here every write goes through the connection's Io, which clears the progress line first.
  const { client, io: shown, close } = connect(target, flags, io);
  try {
    const made = await planAgainst(config, client, target.baseUrl, safety, { countUnmanaged: values['count-unmanaged'] === true }, scoping);
    const planned = values.explain === true ? explainPlan(made, config, origins) : made;
    // Who changed what drifted, from the audit log: extra reads, skipped with --no-attribution.
    const plan = values['no-attribution'] === true ? planned : await attributeDrift(client, planned);
    shown.out(renderPlan(plan, flags.format, flags.color ?? io.color));
    // The refusals are in the document above, first, so a pull request shows them before anyone merges.
    if (plan.refusals.length > 0) {
      shown.err(`error: refused: ${plan.refusals.map((r) => r.message).join('\n')}\nNothing was changed${out !== undefined ? ', and no plan was saved' : ''}.`);
      return 1;
    }
    if (out !== undefined) await writeFile(out, renderPlanJson(plan), { mode: 0o644 });
    if (out !== undefined) shown.err(`Saved the plan to ${outFlag}. Apply exactly it with: orgform apply ${outFlag}`);
    return values['detailed-exitcode'] === true && plan.changes.length > 0 ? 2 : 0;
  } finally {
    await close();
  }
}
