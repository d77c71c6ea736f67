import { describe, expect, it } from 'vitest';
import { renderProblemsGithub } from '../../../src/render/problems.js';

describe('validate --format github', () => {
  it('keeps each annotation on one line, so a message or a file name cannot start a command of its own', () => {
    const out = renderProblemsGithub([
      { file: 'a,b:c.yaml', line: 3, col: 7, message: 'bad value "x\n::warning::forged" (100%)\r' },
      { file: 'org.yaml', line: 1, col: 1, message: 'second' },
    ]);
    expect(out.split('\n')).toEqual([
      '::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=orgform validate::bad value "x%0A::warning::forged" (100%25)%0D',
      '::error file=org.yaml,line=1,col=1,title=orgform validate::second',
      '',
    ]);
  });

  it('prints nothing for a valid file', () => {
    expect(renderProblemsGithub([])).toBe('');
  });
});
