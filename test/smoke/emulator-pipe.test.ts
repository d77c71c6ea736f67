// `orgform emulator | head -1`: the reader goes away; the emulator keeps serving, then stops cleanly.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, test } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/orgform.js', import.meta.url));

test('survives its standard output being closed (EPIPE), keeps serving, stops on SIGINT', async () => {
  const child = spawn(process.execPath, [BIN, 'emulator'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const firstLine = await new Promise<string>((resolve) => {
    let text = '';
    const onData = (d: Buffer) => {
      text += d.toString();
      const newline = text.indexOf('\n');
      if (newline < 0) return;
      // Like `head -1`: read one line, then close the pipe.
      child.stdout.off('data', onData);
      child.stdout.destroy();
      resolve(text.slice(0, newline));
    };
    child.stdout.on('data', onData);
  });
  const url = /listening on (\S+)/.exec(firstLine)?.[1];
  expect(url).toBeDefined();
  await new Promise((resolve) => setTimeout(resolve, 300));
  const response = await fetch(`${url}/organization/projects`, { headers: { authorization: 'Bearer sk-admin-emulator-demo' } });
  expect(response.status).toBe(200);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(stderr).not.toContain('EPIPE');
});
