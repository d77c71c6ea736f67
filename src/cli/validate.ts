import { onePositional, parse } from './args.js';
import type { Io } from './io.js';
import { loadOrThrow } from './pipeline.js';

export const VALIDATE_HELP = `usage: orgform validate FILE

Checks FILE against the schema and orgform's rules. Touches no network.`;

export async function runValidate(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, { help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return io.out(VALIDATE_HELP), 0;
  const file = onePositional(positionals, 'config file');
  const config = loadOrThrow(file, io.cwd);
  io.out(`${file}: valid (${config.projects.length} projects)`);
  return 0;
}
