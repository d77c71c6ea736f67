// Runs one benchmark child process (orgform or the SDK baseline) and measures it from spawn to
// exit: wall time, exit code, peak RSS (from the side file the child writes at exit), output.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export interface ChildResult {
  /** Wall time from spawn to exit, ms. */
  ms: number;
  /** Date.now() at spawn, to line the child up with the emulator's request log. */
  startedAt: number;
  code: number | null;
  /** Peak resident set size, bytes; null when the child did not report it. */
  rssBytes: number | null;
  /** The child's own CPU time (user + system), ms; null when it did not report it. */
  cpuMs: number | null;
  stdout: string;
  stderr: string;
}

export const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

export function childEnv(url: string, adminKey: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, OPENAI_BASE_URL: url, OPENAI_ADMIN_KEY: adminKey, NO_COLOR: '1' };
  for (const name of ['OPENAI_API_KEY', 'OPENAI_ORG_ID', 'OPENAI_PROJECT_ID']) delete env[name];
  return env;
}

/** Asynchronous on purpose: the emulator answering the child runs in this process's event loop. */
/** `killAfterMs` bounds a run that could take far too long (it then exits with code null); `nodeArgs` go before the script. */
export function runChild(script: string, args: string[], env: NodeJS.ProcessEnv, killAfterMs = Infinity, nodeArgs: string[] = []): Promise<ChildResult> {
  const dir = mkdtempSync(join(tmpdir(), 'orgform-bench-'));
  const rssFile = join(dir, 'rss');
  return new Promise((resolve, reject) => {
    const startedAt = Date.now();
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeArgs, script, ...args], {
      env: { ...env, BENCH_RSS_FILE: rssFile },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const limit = Number.isFinite(killAfterMs) ? setTimeout(() => child.kill('SIGKILL'), killAfterMs) : undefined;
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(limit);
      const ms = performance.now() - t0;
      let rssBytes: number | null = null;
      let cpuMs: number | null = null;
      try {
        const usage = JSON.parse(readFileSync(rssFile, 'utf8')) as { maxRSS: number; userCPUTime: number; systemCPUTime: number };
        rssBytes = usage.maxRSS * 1024;
        cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
      } catch {
        // the child died before its exit handler ran
      }
      rmSync(dir, { recursive: true, force: true });
      resolve({
        ms,
        startedAt,
        code,
        rssBytes,
        cpuMs,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
      });
    });
  });
}
