import { access, writeFile } from 'node:fs/promises';
import { ExportError, UsageError } from '../errors.js';
import { unexpressed } from '../export/check.js';
import { readAll, readSelected } from '../export/read-all.js';
import { formatSelection, type Selection } from '../scope/scope.js';
import { SCOPE_OPTIONS, selectionOf } from './scope-flags.js';
import { liveToConfig } from '../export/to-config.js';
import { COMMON_OPTIONS, commonFlags, parse } from './args.js';
import { connect, targetFromEnv } from './connect.js';
import { pathIn, type Io } from './io.js';
import { assertWritable } from './out-file.js';

export const EXPORT_HELP = `usage: orgform export [--out FILE [--force]] [--no-rate-limits | --all-rate-limits] [--factor]
                      [--target SELECTOR]... [--exclude SELECTOR]... [--concurrency N] [--max-rpm N]
                      [--timeout S] [--log-level debug] [--quiet]

Writes the live organization as an orgform config file (to stdout, or FILE: never over an existing
file without --force): how an existing org adopts orgform. Planning the exported file against the
same org gives "No changes."; where the org holds what a file cannot say (two active projects of
one name, a control character in a name), export says what, writes nothing and exits 1.
Rate limits: by default only the rows that differ from what most projects have for the model
(the rest are left unmanaged); --all-rate-limits writes every row, --no-rate-limits none.
--factor writes what most projects share once, under defaults:, and in each project only what differs.
--target/--exclude SELECTOR (repeatable: organization, users, invites, project:NAME, project:NAME/PART,
NAME a live project) read and write only that part of the organization, with every rate limit and
setting of the projects written (what most projects have is not read).`;

export async function runExport(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, {
    ...COMMON_OPTIONS,
    out: { type: 'string' },
    force: { type: 'boolean', default: false },
    'no-rate-limits': { type: 'boolean', default: false },
    'all-rate-limits': { type: 'boolean', default: false },
    factor: { type: 'boolean', default: false },
    ...SCOPE_OPTIONS,
  });
  if (values.help) return io.out(EXPORT_HELP), 0;
  if (positionals.length > 0) return io.err(EXPORT_HELP), 1;
  const flags = commonFlags(values);
  // A bad selector is an error before anything is read.
  const selection = selectionOf(values);
  const out = values.out === undefined ? undefined : pathIn(io, values.out);
  const refuseExisting = (): never => {
    throw new UsageError(`${values.out} exists: give --force to replace it. Nothing was written.`);
  };
  if (out !== undefined) await assertWritable(out, values.out ?? out);
  // Before any request, and again at the write ('wx'), in case it appeared meanwhile.
  if (out !== undefined && !values.force && (await exists(out))) refuseExisting();
  const target = targetFromEnv(io.env, undefined, io.err);
  const { client, io: shown, close } = connect(target, flags, io);
  try {
    const rateLimits = !values['no-rate-limits'];
    const { live, scope } = selection ? await readSelected(client, { rateLimits, selection }) : { live: await readAll(client, { rateLimits }) };
    const text = liveToConfig(live, {
      source: target.baseUrl,
      allRateLimits: values['all-rate-limits'],
      factor: values.factor,
      ...(scope && selection ? { scoped: { scope, selectors: selectorsText(selection) } } : {}),
    });
    const problems = unexpressed(text, live);
    if (problems.length > 0) throw new ExportError(problems);
    if (out === undefined) shown.out(text);
    else {
      await writeFile(out, text, { flag: values.force ? 'w' : 'wx' }).catch((error: unknown) => {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') refuseExisting();
        throw error;
      });
      shown.err(`Wrote ${values.out}. Check it with: orgform plan ${values.out}`);
    }
    return 0;
  } finally {
    await close();
  }
}

const exists = (file: string): Promise<boolean> => access(file).then(() => true, () => false);

function selectorsText(selection: Selection): string {
  const { target, exclude } = formatSelection(selection);
  return [...(target ?? []).map((t) => `--target ${t}`), ...exclude.map((e) => `--exclude ${e}`)].join(' ');
}
