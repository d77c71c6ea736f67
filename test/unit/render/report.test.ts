import { describe, expect, it } from 'vitest';
import type { ApplyReport, Outcome } from '../../../src/apply/types.js';
import { renderOutcomeLine, renderReportText } from '../../../src/render/index.js';
import { ANSI, change } from './build.js';

const created = change('create', 'project', 'project["Research"]', null, { name: 'Research' });
const alert = change('create', 'spend_alert', 'project["Research"].spend_alert[5]', null, { threshold_amount: 5 });
const account = change('create', 'service_account', 'project["Research"].service_account["ci"]', null, { name: 'ci' });
const member = change('create', 'project_member', 'project["Research"].member["a@x.io"]', null, { email: 'a@x.io' });

const outcomes: Outcome[] = [
  { change: created, status: 'applied' },
  { change: account, status: 'applied', message: 'the one-time key was written to .secrets/ci.key (mode 0600)' },
  { change: alert, status: 'failed', error: '400 threshold_amount must be positive', requestId: 'req_123' },
  { change: member, status: 'skipped', error: 'project["Research"].spend_alert[5] failed' },
];

describe('renderOutcomeLine', () => {
  it('writes one aligned line per outcome, and the message indented under it', () => {
    const lines = outcomes.map((o) => renderOutcomeLine(o, { color: false }));
    expect(lines).toEqual([
      '✓ applied  project["Research"]',
      '✓ applied  project["Research"].service_account["ci"]\n    the one-time key was written to .secrets/ci.key (mode 0600)',
      '✗ failed   project["Research"].spend_alert[5]: 400 threshold_amount must be positive (request id req_123)',
      '- skipped  project["Research"].member["a@x.io"]: project["Research"].spend_alert[5] failed',
    ]);
  });

  it('colours only when asked', () => {
    for (const o of outcomes) {
      expect(renderOutcomeLine(o, { color: false })).not.toMatch(ANSI);
      expect(renderOutcomeLine(o, { color: true })).toMatch(ANSI);
    }
  });

  it('keeps an API error message from writing escape sequences', () => {
    const line = renderOutcomeLine({ change: alert, status: 'failed', error: 'bad\u001b[2J\nworse' }, { color: false });
    expect(line).toBe('✗ failed   project["Research"].spend_alert[5]: bad\\u001b[2J\\nworse');
  });
});

describe('renderReportText', () => {
  it('sums up, then lists failures and skips by address', () => {
    const report: ApplyReport = { outcomes, interrupted: false };
    expect(renderReportText(report, { color: false })).toBe(
      [
        'Apply complete: 2 applied, 1 failed, 1 skipped.',
        '',
        'Failed:',
        '  project["Research"].spend_alert[5]: 400 threshold_amount must be positive (request id req_123)',
        '',
        'Skipped:',
        '  project["Research"].member["a@x.io"]: project["Research"].spend_alert[5] failed',
        '',
      ].join('\n'),
    );
  });

  it('says when apply was interrupted', () => {
    const text = renderReportText({ outcomes: outcomes.slice(0, 1), interrupted: true }, { color: false });
    expect(text.startsWith('Apply interrupted: 1 applied, 0 failed, 0 skipped.')).toBe(true);
    expect(text).not.toContain('Failed:');
  });

  it('is a single line for a clean apply, coloured only when asked', () => {
    const report: ApplyReport = { outcomes: outcomes.slice(0, 2), interrupted: false };
    expect(renderReportText(report, { color: false })).toBe('Apply complete: 2 applied, 0 failed, 0 skipped.\n');
    expect(renderReportText(report, { color: true })).toMatch(ANSI);
  });
});
