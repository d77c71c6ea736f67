import { loadEffective } from '../config/index.js';
import { ConfigError, formatProblem } from '../errors.js';
import { onePositional, parse } from './args.js';
import type { Io } from './io.js';

export const VALIDATE_HELP = `usage: orgform validate FILE [--print-effective]

Checks FILE against the schema, orgform's rules and the file's own policies. Touches no network.
--print-effective prints the effective config as JSON (defaults and templates applied), the
input for an outside policy engine (schemas/effective-config.schema.json).
Exit status: 0 valid (policy warnings are printed), 1 invalid or an error-level policy broken.`;

/** The effective config's document version: bumped when its shape changes. */
const EFFECTIVE_FORMAT_VERSION = 1;

export async function runValidate(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, {
    help: { type: 'boolean', short: 'h', default: false },
    'print-effective': { type: 'boolean', default: false },
  });
  if (values.help) return io.out(VALIDATE_HELP), 0;
  const file = onePositional(positionals, 'config file');
  const result = loadEffective(file, io.cwd);
  if ('errors' in result) throw new ConfigError(result.errors);
  const violations = result.config.policy_violations ?? [];
  if (values['print-effective']) {
    const doc = { format_version: EFFECTIVE_FORMAT_VERSION, file, config: result.effective, policy_violations: violations };
    io.out(JSON.stringify(doc, null, 2));
  }
  for (const v of violations) io.err(`${v.level === 'error' ? 'error' : 'warning'}: ${formatProblem({ ...v.pos, message: v.message })}`);
  const errors = violations.filter((v) => v.level === 'error').length;
  if (errors > 0) {
    io.err(`${file}: ${errors} policy violation(s) at level error: plan will refuse it.`);
    return 1;
  }
  if (!values['print-effective']) io.out(`${file}: valid (${result.config.projects.length} projects)`);
  return 0;
}
