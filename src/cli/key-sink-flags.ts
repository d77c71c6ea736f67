// --secrets-dir DIR | --secrets-command CMD (or the file's orgform.secrets_dir): where apply puts
// new service accounts' one-time keys.

import type { DesiredOrg } from '../config/model.js';
import { UsageError } from '../errors.js';
import { commandSink } from '../secrets/command-sink.js';
import { fileSink } from '../secrets/file-sink.js';
import type { KeySink } from '../secrets/key-sink.js';
import { pathIn, type Io } from './io.js';
import type { FlagValues } from './args.js';

export const KEY_SINK_OPTIONS = {
  'secrets-dir': { type: 'string' },
  'secrets-command': { type: 'string' },
} as const;

export function keySinkFrom(values: FlagValues, config: DesiredOrg, io: Pick<Io, 'cwd' | 'env'>): KeySink | undefined {
  const dir = values['secrets-dir'];
  const command = values['secrets-command'];
  if (typeof dir === 'string' && typeof command === 'string') {
    throw new UsageError('give --secrets-dir or --secrets-command, not both: a key is kept in one place');
  }
  if (typeof command === 'string') {
    if (command.trim() === '') throw new UsageError('--secrets-command is empty');
    return commandSink(command, io.env, io.cwd);
  }
  const where = typeof dir === 'string' ? pathIn(io, dir) : config.secrets_dir;
  return where === undefined ? undefined : fileSink(where);
}
