// `orgform rotate-key FILE ADDRESS`: a new one-time key for a service account the file manages,
// e.g. after its first key was lost. Like Terraform's `-replace`, it is a command, not a field in
// the file: running it again makes another key, so it cannot be something a plan converges to.

import type { DesiredOrg } from '../config/model.js';
import { UsageError } from '../errors.js';
import { isArchived, listProjects } from '../kinds/project.js';
import { issueKey } from '../kinds/service-account.js';
import { apiPath } from '../providers/openai/api-path.js';
import type { ApiServiceAccount } from '../providers/openai/api-types.js';
import { suggest } from '../util/suggest.js';
import { COMMON_OPTIONS, commonFlags, parse } from './args.js';
import { connect, targetFromEnv } from './connect.js';
import type { Io } from './io.js';
import { KEY_SINK_OPTIONS, keySinkFrom } from './key-sink-flags.js';
import { loadOrThrow } from './pipeline.js';

const ROTATE_KEY_HELP = `usage: orgform rotate-key FILE ADDRESS [--secrets-dir DIR | --secrets-command CMD] [--max-rpm N] [--quiet]

Makes a new API key for the service account at ADDRESS, as the plan names it, e.g.
  orgform rotate-key org.yaml 'project["Research"].service_account["ci-bot"]'
and writes it to a new file of mode 0600 in the secrets directory (--secrets-dir, or
orgform.secrets_dir in FILE), or hands it to --secrets-command. The account must be in FILE and exist live. Earlier keys stay
valid until deleted (the project's API keys page); nothing else is changed.`;

const ADDRESS = /^project\[("(?:[^"\\]|\\.)*")\]\.service_account\[("(?:[^"\\]|\\.)*")\]$/;

export async function runRotateKey(argv: string[], io: Io): Promise<number> {
  const { positionals, values } = parse(argv, {
    ...COMMON_OPTIONS,
    ...KEY_SINK_OPTIONS,
  });
  if (values.help) return io.out(ROTATE_KEY_HELP), 0;
  if (positionals.length !== 2) throw new UsageError(`expected a config file and an address\n\n${ROTATE_KEY_HELP}`);
  const [file, address] = positionals as [string, string];
  const config = loadOrThrow(file, io.cwd);
  const { project, account } = managedAccount(config, address);
  const sink = keySinkFrom(values, config, io);
  if (sink === undefined) {
    throw new UsageError('a new key needs somewhere to go: give --secrets-dir DIR, --secrets-command CMD or orgform.secrets_dir');
  }
  await sink.check();
  const { client, io: shown, close } = connect(targetFromEnv(io.env, undefined, io.err), commonFlags(values), io);
  try {
    const live = (await listProjects(client)).filter((p) => p.name === project && !isArchived(p));
    if (live.length !== 1) throw new UsageError(`${live.length} active live projects are named ${JSON.stringify(project)}: run plan first`);
    const projectId = (live[0] as { id: string }).id;
    const accounts = await client.list<ApiServiceAccount>(apiPath`/organization/projects/${projectId}/service_accounts`);
    const found = accounts.filter((a) => a.name === account);
    if (found.length !== 1) {
      throw new UsageError(`${found.length} live service accounts are at ${address}: apply the file first, then rotate`);
    }
    const id = (found[0] as ApiServiceAccount).id;
    const where = await issueKey({ client, configFile: file }, sink, { address, project, projectId, name: account, id });
    shown.out(`${address} (${id}): new ${where}. Earlier keys stay valid until you delete them.`);
    return 0;
  } finally {
    await close();
  }
}

/** The project and account names ADDRESS means, if the file manages that account. */
function managedAccount(config: DesiredOrg, address: string): { project: string; account: string } {
  const known = config.projects.flatMap((p) =>
    (p.service_accounts ?? []).map((a) => `project[${JSON.stringify(p.name)}].service_account[${JSON.stringify(a.name)}]`),
  );
  const match = ADDRESS.exec(address);
  if (match && known.includes(address)) {
    return { project: JSON.parse(match[1] as string) as string, account: JSON.parse(match[2] as string) as string };
  }
  const near = suggest(address, known);
  throw new UsageError(
    `${address} is not a service account in ${config.file}` +
      (near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : known.length > 0 ? ` (it has: ${known.join(', ')})` : ''),
  );
}
