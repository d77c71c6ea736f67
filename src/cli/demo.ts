// `npm start`: the whole loop against the built-in emulator, with no key and no network.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { packageFile } from '../paths.js';
import { parse } from './args.js';
import { runApply } from './apply.js';
import { withEnv, type Io } from './io.js';
import { runPlan } from './plan.js';

export const DEMO_HELP = `usage: orgform demo [FILE]

Starts the built-in Admin API emulator seeded with a demo org, then runs plan, apply and a
second plan of FILE (default: examples/org.yaml) against it. No key, no network.`;

export async function runDemo(argv: string[], outer: Io): Promise<number> {
  const { positionals, values } = parse(argv, { help: { type: 'boolean', short: 'h', default: false } });
  if (values.help) return outer.out(DEMO_HELP), 0;
  const file = positionals[0] ?? relative(outer.cwd, packageFile('examples', 'org.yaml'));
  const { startEmulator } = await import('../emulator/index.js');
  const emulator = await startEmulator({});
  // The commands below reach the emulator, whatever the caller's environment says.
  const io = withEnv(outer, { OPENAI_ADMIN_KEY: emulator.adminKey, OPENAI_BASE_URL: emulator.url });
  const secrets = await mkdtemp(join(tmpdir(), 'orgform-demo-secrets-'));
  try {
    io.out(`orgform demo: the Admin API emulator is listening at ${emulator.url} with the demo org.\n`);
    io.out(`━━ 1. orgform plan ${file}\n`);
    if ((await runPlan([file], io)) !== 0) return 1;
    io.out(`\n━━ 2. orgform apply ${file} --auto-approve --secrets-dir ${secrets}\n`);
    const applied = await runApply([file, '--auto-approve', '--secrets-dir', secrets], io);
    io.out(`\n━━ 3. orgform plan ${file} (again: the org now matches the file)\n`);
    const again = await runPlan([file, '--detailed-exitcode'], io);
    if (applied !== 0 || again !== 0) {
      io.err('The demo did not converge: that is a bug in orgform.');
      return 1;
    }
    io.out(`\nDone. Try your own file: orgform emulator (in another shell), then OPENAI_BASE_URL=<its URL> OPENAI_ADMIN_KEY=${emulator.adminKey} orgform plan FILE`);
    return 0;
  } finally {
    // The demo's keys are the emulator's, gone with it: their files go too.
    await rm(secrets, { recursive: true, force: true });
    await emulator.close();
  }
}
