// The CLI's front door: dispatches to one command, and is the one place errors become messages
// and exit codes.

import { UsageError } from '../errors.js';
import { describeError } from './describe-error.js';
import { VERSION } from '../version.js';
import { processIo, type Io } from './io.js';

// Each command's module is loaded when it runs: `validate` (often a CI step of its own) does not
// pay for loading the HTTP client, the planner and the emulator.

const HELP = `orgform ${VERSION}: an OpenAI organization as code

usage: orgform <command> [options]

commands:
  validate FILE      check a config file (no network)
  plan FILE          show what apply would change
  apply FILE         change the organization to match FILE (or apply a saved PLAN.json)
  export             write the live organization as a config file
  rotate-key FILE ADDRESS
                     a new API key for a service account the file manages
  doctor             read-only checks of the key, the connection and the org (for a first run)
  emulator           run the built-in Admin API emulator
  demo               plan and apply examples/org.yaml against the emulator (no key, no network)

environment: OPENAI_ADMIN_KEY (required for plan/apply), OPENAI_BASE_URL (default https://api.openai.com/v1),
  NO_COLOR / FORCE_COLOR (colour when --color is auto, the default: NO_COLOR wins, then FORCE_COLOR, then a TTY)
Run \`orgform <command> --help\` for a command's options.`;

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'validate':
        return await (await import('./validate.js')).runValidate(rest, io);
      case 'plan':
        return await (await import('./plan.js')).runPlan(rest, io);
      case 'apply':
        return await (await import('./apply.js')).runApply(rest, io);
      case 'export':
        return await (await import('./export.js')).runExport(rest, io);
      case 'rotate-key':
        return await (await import('./rotate-key.js')).runRotateKey(rest, io);
      case 'doctor':
        return await (await import('./doctor.js')).runDoctor(rest, io);
      case 'demo':
        return await (await import('./demo.js')).runDemo(rest, io);
      case 'emulator': {
        const { runEmulatorCommand } = await import('../emulator/cli.js');
        const stop = new AbortController();
        const unsubscribe = io.onInterrupt(() => stop.abort());
        try {
          return await runEmulatorCommand(rest, { out: io.out, err: io.err, signal: stop.signal });
        } finally {
          unsubscribe();
        }
      }
      case 'version':
      case '--version':
        io.out(VERSION);
        return 0;
      case 'help':
        // `orgform help plan` is `orgform plan --help`.
        if (rest[0] !== undefined && rest[0] !== 'help') return await main([rest[0], '--help'], io);
        io.out(HELP);
        return 0;
      case undefined:
      case '--help':
      case '-h':
        io.out(HELP);
        return command === undefined ? 1 : 0;
      default:
        throw new UsageError(`unknown command ${JSON.stringify(command)}\n\n${HELP}`);
    }
  } catch (error) {
    io.err(describeError(error));
    return 1;
  }
}
