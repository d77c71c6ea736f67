// The package as a user gets it (.ci/run runs this after `npm test`, with vitest.package.config.ts):
// `npm pack`, installed by the Action's own install step into a temporary prefix with runtime
// dependencies only, then run from there, away from this checkout.

import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);

/** What the tarball may hold: the built CLI, its schemas and the demo's files. */
const SHIPPED = [/^package\.json$/, /^README\.md$/, /^LICENSE$/, /^bin\/orgform\.js$/, /^dist\/src\/.+\.js$/, /^schemas\/[a-z-]+\.schema\.json$/, /^examples\/(org\.yaml|emulator-seed\.json)$/];

let temp: string;
let files: string[];
let orgform: string;
let installed: string;

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), 'orgform-package-'));
  // --ignore-scripts: `npm test` built dist/ just before; prepack would only build it again.
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', temp], { cwd: ROOT });
  const [info] = JSON.parse(packed.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  files = info?.files.map((f) => f.path) ?? [];
  const output = join(temp, 'github-output');
  await writeFile(output, '');
  await run('bash', [join(ROOT, 'action', 'install.sh')], {
    env: {
      ...process.env,
      ORGFORM_PACKAGE: join(temp, info?.filename ?? ''),
      RUNNER_TEMP: temp,
      GITHUB_OUTPUT: output,
      GITHUB_ACTION_PATH: ROOT,
      // The dependencies are in npm's cache from `npm ci`; CI can reach the registry anyway.
      npm_config_prefer_offline: 'true',
    },
  });
  orgform = (await readFile(output, 'utf8')).trim().replace(/^bin=/, '');
  installed = join(temp, 'orgform', 'lib', 'node_modules', 'orgform');
}, 120_000);

afterAll(async () => {
  if (temp) await rm(temp, { recursive: true, force: true });
});

const cli = (args: string[], cwd: string) => run(orgform, args, { cwd, env: { PATH: process.env['PATH'] ?? '', NO_COLOR: '1' } });

describe('the installed package', () => {
  it('holds the built CLI and what it reads, and no tests, sources or source maps', () => {
    expect(files.filter((f) => !SHIPPED.some((re) => re.test(f)))).toEqual([]);
    expect(files).toContain('dist/src/cli/main.js');
    expect(files).toContain('examples/org.yaml');
  });

  it('builds on pack', async () => {
    const scripts = (JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['prepack']).toMatch(/\bnpm run (--silent )?build\b/);
  });

  it('installs runtime dependencies only', async () => {
    const deps = await readdir(join(installed, 'node_modules'));
    expect(deps).toContain('yaml');
    expect(deps.filter((d) => ['typescript', 'vitest', 'openai', 'fast-check', '@types'].includes(d))).toEqual([]);
  });

  it('runs from the prefix: --help, validate examples/org.yaml, and the demo outside any checkout', async () => {
    expect(existsSync(orgform)).toBe(true);
    expect((await cli(['--help'], temp)).stdout).toContain('usage: orgform <command>');
    expect((await cli(['validate', 'examples/org.yaml'], installed)).stdout).toMatch(/examples\/org\.yaml: valid \(\d+ projects\)/);
    const demo = await cli(['demo'], temp);
    expect(demo.stdout).toContain('━━ 3. orgform plan');
    expect(demo.stdout).toContain('No changes.');
  });
});
