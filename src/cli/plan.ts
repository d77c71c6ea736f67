import { writeFile } from 'node:fs/promises';
import { renderPlanJson } from '../render/index.js';
import { COMMON_OPTIONS, commonFlags, onePositional, parse } from './args.js';
import { connect, targetFromEnv } from './connect.js';
import type { Io } from './io.js';
import { loadOrThrow, planAgainst } from './pipeline.js';
import { renderPlan } from './render-plan.js';

export const PLAN_HELP = `usage: orgform plan FILE [--format text|json|markdown] [--out PLAN.json]
                    [--detailed-exitcode] [--concurrency N] [--max-rpm N] [--no-color]

Reads the live organization (OPENAI_ADMIN_KEY, OPENAI_BASE_URL) and prints what apply would do.
Exit status: 0 success (with --detailed-exitcode: no changes), 1 error, 2 changes present
(only with --detailed-exitcode).`;

export async function runPlan(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, {
    ...COMMON_OPTIONS,
    out: { type: 'string' },
    'detailed-exitcode': { type: 'boolean', default: false },
  });
  if (values.help) return io.out(PLAN_HELP), 0;
  const flags = commonFlags(values);
  const file = onePositional(positionals, 'config file');
  const config = loadOrThrow(file);
  const target = targetFromEnv();
  const client = connect(target, flags);
  try {
    const plan = await planAgainst(config, client, target.baseUrl);
    if (values.out !== undefined) await writeFile(values.out, renderPlanJson(plan), { mode: 0o644 });
    io.out(renderPlan(plan, flags.format, flags.color ?? io.color));
    if (values.out !== undefined) io.err(`Saved the plan to ${values.out}. Apply exactly it with: orgform apply ${values.out}`);
    return values['detailed-exitcode'] && plan.changes.length > 0 ? 2 : 0;
  } finally {
    await client.close();
  }
}
