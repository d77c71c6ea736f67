// `--state FILE`: the state is written after each change, atomically (temporary file + rename),
// so a crash never leaves half a file, and read back on the next start.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { readSeedFile } from './seed.js';
import type { EmulatorSeed, EmulatorState } from './types.js';

export function readStateFile(path: string): EmulatorSeed | null {
  return existsSync(path) ? readSeedFile(path) : null;
}

export function writeStateFile(path: string, state: EmulatorState): void {
  mkdirSync(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(temporary, path);
}
