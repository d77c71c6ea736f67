import { describe, expect, it } from 'vitest';
import { factorDefaults } from '../../../src/export/factor.js';

describe('factorDefaults', () => {
  it('writes what most projects share once, and keeps what differs in the project', () => {
    const { defaults, projects } = factorDefaults({
      A: { data_retention: 'zero_data_retention', spend_limit: { threshold_amount: 100 } },
      B: { data_retention: 'zero_data_retention', spend_limit: { threshold_amount: 100 } },
      C: { data_retention: 'none', spend_limit: null },
      Old: { archived: true },
    });
    expect(defaults).toEqual({ data_retention: 'zero_data_retention', spend_limit: { threshold_amount: 100 } });
    expect(projects).toEqual({ A: {}, B: {}, C: { data_retention: 'none', spend_limit: null }, Old: { archived: true } });
  });

  it('leaves a key alone where a default would change a project that differs (maps merge)', () => {
    const rows = { 'gpt-4o': { max_requests_per_1_minute: 5 } };
    const { defaults } = factorDefaults({
      A: { rate_limits: rows },
      B: { rate_limits: rows },
      // Merged under C's own map, the default would add gpt-4o to C: not factored.
      C: { rate_limits: { o3: { max_requests_per_1_minute: 1 } } },
    });
    expect(defaults).toEqual({});
  });

  it('factors nothing that not every active project has, or that half or fewer share', () => {
    expect(factorDefaults({ A: { members: [] }, B: {} }).defaults).toEqual({});
    expect(factorDefaults({ A: { data_retention: 'none' }, B: { data_retention: 'zero_data_retention' } }).defaults).toEqual({});
  });
});
