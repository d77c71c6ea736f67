// Every plausible "not set" answer maps to one meaning; anything else is an error, never a guess.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/errors.js';
import {
  NOT_FOUND,
  readModelPermissions,
  readProjectRetention,
  readSpendLimit,
  retryWhileNotFound,
  UNRESTRICTED,
} from '../../../src/kinds/singleton-reads.js';

const fail = (detail: string): never => {
  throw new Error(detail);
};

describe('model permissions', () => {
  it.each([
    ['a 404', NOT_FOUND],
    ['an empty body', null],
    ['an empty deny list', { object: 'project.model_permissions', mode: 'deny_list', model_ids: [] }],
    ['no mode, no models', { object: 'project.model_permissions' }],
    ['null mode, null models', { mode: null, model_ids: null }],
  ])('%s is no restriction', (_name, answer) => {
    expect(readModelPermissions(answer, fail)).toEqual(UNRESTRICTED);
  });

  it('an empty allow list is a restriction (nothing allowed), not "unset"', () => {
    expect(readModelPermissions({ mode: 'allow_list', model_ids: [] }, fail)).toMatchObject({ mode: 'allow_list', model_ids: [] });
  });

  it.each([
    ['another mode', { mode: 'block_all', model_ids: [] }, /neither allow_list nor deny_list/],
    ['models that are not strings', { mode: 'deny_list', model_ids: [1] }, /not a list of strings/],
    ['models without a mode', { model_ids: ['o3'] }, /neither allow_list nor deny_list/],
  ])('%s is an error', (_name, answer, message) => {
    expect(() => readModelPermissions(answer, fail)).toThrow(message);
  });
});

describe('spend limit', () => {
  it.each([
    ['a 404', NOT_FOUND],
    ['an empty body', null],
    ['inactive with amount 0', { object: 'project.spend_limit', threshold_amount: 0, enforcement: { status: 'inactive' } }],
    ['inactive with a null amount', { threshold_amount: null, enforcement: { status: 'inactive' } }],
    ['no amount at all', { object: 'project.spend_limit', enforcement: { status: 'inactive' } }],
  ])('%s is no limit', (_name, answer) => {
    expect(readSpendLimit(answer, fail)).toBeNull();
  });

  it('a positive amount is a limit, inactive or enforcing', () => {
    for (const status of ['inactive', 'enforcing']) {
      expect(readSpendLimit({ currency: 'USD', interval: 'month', threshold_amount: 5000, enforcement: { status } }, fail)).toMatchObject({
        threshold_amount: 5000,
        enforcement: { status },
      });
    }
  });

  it.each([[{ threshold_amount: 'lots' }], [{ threshold_amount: 12.5 }], [{ threshold_amount: -1 }]])('%j is an error', (answer) => {
    expect(() => readSpendLimit(answer, fail)).toThrow(/not a whole number of cents/);
  });
});

describe('project data retention', () => {
  it.each([
    ['a 404', NOT_FOUND, 'organization_default'],
    ['an empty body', null, 'organization_default'],
    ['no type', { object: 'project.data_retention' }, 'organization_default'],
    ['a type', { object: 'project.data_retention', type: 'none' }, 'none'],
  ])('%s reads as %s', (_name, answer, meaning) => {
    expect(readProjectRetention(answer, fail)).toBe(meaning);
  });

  it('a type that is not a string is an error', () => {
    expect(() => readProjectRetention({ type: 3 }, fail)).toThrow(/not a retention type/);
  });
});

describe('retryWhileNotFound', () => {
  const notFound = () => new ApiError({ status: 404, method: 'GET', path: '/x', apiMessage: 'no', requestId: null });

  it('tries again while the answer is 404, then succeeds', async () => {
    let calls = 0;
    const value = await retryWhileNotFound(async () => {
      if (++calls < 3) throw notFound();
      return 'found';
    }, [1, 1, 1]);
    expect([value, calls]).toEqual(['found', 3]);
  });

  it('gives up after its waits with the 404, and never retries another error', async () => {
    let calls = 0;
    await expect(retryWhileNotFound(async () => ((calls++, Promise.reject(notFound())) as Promise<never>), [1, 1])).rejects.toThrow(ApiError);
    expect(calls).toBe(3);
    calls = 0;
    await expect(retryWhileNotFound(async () => ((calls++, Promise.reject(new Error('boom'))) as Promise<never>), [1, 1])).rejects.toThrow('boom');
    expect(calls).toBe(1);
  });
});
