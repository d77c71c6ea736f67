import { writeFile } from 'node:fs/promises';
import { renderPlanJson } from '../render/index.js';
import { attributeDrift } from '../live/attribution.js';
import { COMMON_OPTIONS, commonFlags, onePositional, parse, SAFETY_OPTIONS, safetyOptions } from './args.js';
import { connect, targetFromEnv } from './connect.js';
import { pathIn, type Io } from './io.js';
import { assertWritable } from './out-file.js';
import { loadOrThrow, planAgainst } from './pipeline.js';
import { renderPlan } from './render-plan.js';

export const PLAN_HELP = `usage: orgform plan FILE [--format text|json|markdown] [--out PLAN.json]
                    [--detailed-exitcode] [--no-attribution] [--count-unmanaged] [--allow-destroy]
                    [--max-destroy N] [--max-destroy-fraction F]
                    [--concurrency N] [--max-rpm N] [--no-color]

Reads the live organization (OPENAI_ADMIN_KEY, OPENAI_BASE_URL) and prints what apply would do.
Exit status: 0 success (with --detailed-exitcode: no changes), 1 error or a refused plan (the
plan is still printed, its refusals first), 2 changes present (only with --detailed-exitcode).`;

export async function runPlan(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, {
    ...COMMON_OPTIONS,
    ...SAFETY_OPTIONS,
    out: { type: 'string' },
    'detailed-exitcode': { type: 'boolean', default: false },
    'no-attribution': { type: 'boolean', default: false },
    'count-unmanaged': { type: 'boolean', default: false },
  });
  if (values.help) return io.out(PLAN_HELP), 0;
  const flags = commonFlags(values);
  const file = onePositional(positionals, 'config file');
  const config = loadOrThrow(file, io.cwd);
  const safety = safetyOptions(values, config);
  const out = values.out === undefined ? undefined : pathIn(io, values.out);
  if (out !== undefined) await assertWritable(out, values.out ?? out);
  const target = targetFromEnv(io.env);
  const client = connect(target, flags, io.clock);
  try {
    const planned = await planAgainst(config, client, target.baseUrl, safety, { countUnmanaged: values['count-unmanaged'] });
    // Who changed what drifted, from the audit log: extra reads, skipped with --no-attribution.
    const plan = values['no-attribution'] ? planned : await attributeDrift(client, planned);
    io.out(renderPlan(plan, flags.format, flags.color ?? io.color));
    // The refusals are in the document above, first, so a pull request shows them before anyone merges.
    if (plan.refusals.length > 0) {
      io.err(`error: refused: ${plan.refusals.map((r) => r.message).join('\n')}\nNothing was changed${out !== undefined ? ', and no plan was saved' : ''}.`);
      return 1;
    }
    if (out !== undefined) await writeFile(out, renderPlanJson(plan), { mode: 0o644 });
    if (out !== undefined) io.err(`Saved the plan to ${values.out}. Apply exactly it with: orgform apply ${values.out}`);
    return values['detailed-exitcode'] && plan.changes.length > 0 ? 2 : 0;
  } finally {
    await client.close();
  }
}
