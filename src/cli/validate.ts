import { loadEffective } from '../config/index.js';
import { ConfigError, formatProblem, UsageError } from '../errors.js';
import { renderProblemsGithub, renderValidationJson } from '../render/problems.js';
import { onePositional, parse } from './args.js';
import type { Io } from './io.js';

export const VALIDATE_HELP = `usage: orgform validate FILE [--format text|json|github] [--print-effective]

Checks FILE against the schema, orgform's rules and the file's own policies. Touches no network.
--format json: one JSON document {file, valid, projects, problems: [{file, line, col, message}]}.
--format github: one workflow command per problem (::error file=…,line=…,col=…::message), which
GitHub Actions shows as an annotation on that line of the pull request.
--print-effective prints the effective config as JSON (defaults and templates applied), the
input for an outside policy engine (schemas/effective-config.schema.json).
Exit status: 0 valid (policy warnings are printed), 1 invalid or an error-level policy broken.`;

/** The effective config's document version: bumped when its shape changes. */
const EFFECTIVE_FORMAT_VERSION = 1;

type ValidateFormat = 'text' | 'json' | 'github';

export async function runValidate(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, {
    help: { type: 'boolean', short: 'h', default: false },
    format: { type: 'string', default: 'text' },
    'print-effective': { type: 'boolean', default: false },
  });
  if (values.help) return io.out(VALIDATE_HELP), 0;
  const format = validateFormat(values.format);
  const file = onePositional(positionals, 'config file');
  const result = loadEffective(file, io.cwd);
  const problems = 'errors' in result ? result.errors : [];
  if (format === 'json') {
    io.out(renderValidationJson({ file, valid: problems.length === 0, ...('config' in result ? { projects: result.config.projects.length } : {}), problems }));
  } else if (format === 'github' && problems.length > 0) {
    io.out(renderProblemsGithub(problems));
  }
  if ('errors' in result) {
    if (format === 'text') throw new ConfigError(result.errors);
    io.err(`${file}: ${problems.length} problem(s) found.`);
    return 1;
  }
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
  if (!values['print-effective'] && format !== 'json') io.out(`${file}: valid (${result.config.projects.length} projects)`);
  return 0;
}

function validateFormat(value: string | undefined): ValidateFormat {
  if (value === 'text' || value === 'json' || value === 'github') return value;
  throw new UsageError(`--format must be text, json or github for validate, not ${JSON.stringify(value)}`);
}
