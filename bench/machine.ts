// The machine the figures come from: they mean little without it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism, cpus, freemem, loadavg, totalmem } from 'node:os';

export function machineLines(): string[] {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1]?.trim() ?? model;
  } catch {
    // not Linux
  }
  let nproc = String(availableParallelism());
  try {
    nproc = execFileSync('nproc', { encoding: 'utf8' }).trim();
  } catch {
    // no nproc
  }
  const gb = (b: number) => `${(b / 1024 ** 3).toFixed(1)} GiB`;
  let revision = 'unknown revision';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')
      .filter(Boolean).length;
    revision = `orgform at ${head}${dirty ? ` + ${dirty} uncommitted file(s) under src/` : ''}`;
  } catch {
    // not a git checkout
  }
  return [
    `machine: ${nproc} cores (nproc), ${model}; memory ${gb(totalmem())} total, ${gb(freemem())} free; ` +
      `node ${process.version}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    revision,
  ];
}
