import { describe, expect, it } from 'vitest';
import { lookAlike, skeleton } from '../../../src/util/lookalike.js';
import { configOf, problems, yaml } from './helpers.js';

describe('look-alike project names', () => {
  it('are an error at the second, naming the first and why', () => {
    expect(
      problems(yaml('version: 1', 'projects:', '  Research: {}', '  research: {}', '  RESEARCH: {}', '  R\u0435search: {}')),
    ).toEqual([
      'c.yaml:4:3: project "research" looks like project "Research" (line 3): they differ only by case; use one name',
      'c.yaml:5:3: project "RESEARCH" looks like project "Research" (line 3): they differ only by case; use one name',
      'c.yaml:6:3: project "R\u0435search" (R\\u{435}search) looks like project "Research" (line 3): ' +
        'they differ only by characters that look alike (Unicode TR39 confusables); use one name',
    ]);
  });

  it('catch a no-break space and a decomposed accent, which print the same', () => {
    expect(problems(yaml('version: 1', 'projects:', '  "Data Team": {}', '  "Data\\u00a0Team": {}'))).toEqual([
      'c.yaml:4:3: project "Data\u00a0Team" (Data\\u{A0}Team) looks like project "Data Team" (line 3): ' +
        'they differ only in compatibility characters such as a no-break space (NFKC); use one name',
    ]);
    expect(problems(yaml('version: 1', 'projects:', '  "Caf\\u00e9": {}', '  "Cafe\\u0301": {}'))).toEqual([
      'c.yaml:4:3: project "Cafe\u0301" (Cafe\\u{301}) looks like project "Caf\u00e9" (Caf\\u{E9}) (line 3): ' +
        'they are the same text in different Unicode forms (NFC); use one name',
    ]);
  });

  it('leave different names alone, in any script', () => {
    expect(configOf(yaml('version: 1', 'projects:', '  Research: {}', '  Researchers: {}', '  研究: {}', '  Рай: {}')).projects).toHaveLength(4);
  });

  it('use the TR39 skeleton: Latin and Cyrillic look-alikes map to one string', () => {
    expect(skeleton('p\u0430yp\u0430l')).toBe(skeleton('paypal'));
    expect(lookAlike('paypal', 'p\u0430ypal')).toMatch(/TR39/);
    expect(lookAlike('paypal', 'paypals')).toBeUndefined();
  });
});
