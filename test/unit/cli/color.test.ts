import { describe, expect, it } from 'vitest';
import { decideColor, parseColorMode } from '../../../src/cli/color.js';
import { UsageError } from '../../../src/errors.js';

describe('the colour decision', () => {
  it('auto: NO_COLOR wins, then FORCE_COLOR (0 or false turn it off), then the TTY', () => {
    expect(decideColor('auto', {}, true)).toBe(true);
    expect(decideColor('auto', {}, false)).toBe(false);
    expect(decideColor('auto', { NO_COLOR: '1' }, true)).toBe(false);
    expect(decideColor('auto', { NO_COLOR: '' }, true)).toBe(true);
    expect(decideColor('auto', { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(decideColor('auto', { FORCE_COLOR: '' }, false)).toBe(true);
    expect(decideColor('auto', { FORCE_COLOR: '0' }, true)).toBe(false);
    expect(decideColor('auto', { FORCE_COLOR: 'false' }, true)).toBe(false);
    expect(decideColor('auto', { NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('always and never ignore the environment and the TTY', () => {
    expect(decideColor('always', { NO_COLOR: '1' }, false)).toBe(true);
    expect(decideColor('never', { FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('parses --color, with --no-color as never', () => {
    expect(parseColorMode(undefined, false)).toBe('auto');
    expect(parseColorMode(undefined, true)).toBe('never');
    expect(parseColorMode('always', false)).toBe('always');
    expect(parseColorMode('never', true)).toBe('never');
    expect(() => parseColorMode('always', true)).toThrow(UsageError);
    expect(() => parseColorMode('sometimes', false)).toThrow('--color must be always, never or auto');
  });
});
