import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packageFile } from '../../../src/paths.js';
import { VERSION } from '../../../src/version.js';

const pkg = JSON.parse(readFileSync(packageFile('package.json'), 'utf8')) as { version: string };

describe('the version', () => {
  it('is package.json\'s', () => {
    expect(VERSION).toBe(pkg.version);
  });

  it('is what the built CLI prints for --version', () => {
    const out = execFileSync(process.execPath, [packageFile('bin', 'orgform.js'), '--version'], { encoding: 'utf8' });
    expect(out).toBe(`${pkg.version}\n`);
  });
});
