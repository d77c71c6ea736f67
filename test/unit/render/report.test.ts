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
    const report: ApplyReport = { outcomes, superseded: [], interrupted: false };
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
    const text = renderReportText({ outcomes: outcomes.slice(0, 1), superseded: [], interrupted: true }, { color: false });
    expect(text.startsWith('Apply interrupted: 1 applied, 0 failed, 0 skipped.')).toBe(true);
    expect(text).not.toContain('Failed:');
  });

  it('is a single line for a clean apply, coloured only when asked', () => {
    const report: ApplyReport = { outcomes: outcomes.slice(0, 2), superseded: [], interrupted: false };
    expect(renderReportText(report, { color: false })).toBe('Apply complete: 2 applied, 0 failed, 0 skipped.\n');
    expect(renderReportText(report, { color: true })).toMatch(ANSI);
  });
});

describe('another writer at the same time', () => {
  const adopted: Outcome = {
    change: created,
    status: 'applied',
    message: 'another writer made it after the plan was made: adopted proj_w, not created',
    converged: { kept: 'proj_w', adopted: true, removed: [] },
  };
  const lost: Outcome = {
    change: alert,
    status: 'applied',
    converged: { kept: 'alert_a', adopted: true, removed: [{ id: 'alert_b', made_by: 'this_apply', removal: 'deleted' }] },
  };
  const kept: Outcome = {
    change: account,
    status: 'applied',
    converged: { kept: 'svc_a', adopted: false, removed: [{ id: 'svc_b', made_by: 'another_writer', removal: 'deleted' }] },
  };

  it('an adopted create says adopted, not applied', () => {
    expect(renderOutcomeLine(adopted, { color: false })).toBe(
      '✓ adopted  project["Research"]\n    another writer made it after the plan was made: adopted proj_w, not created',
    );
    expect(renderOutcomeLine(kept, { color: false })).toBe('✓ applied  project["Research"].service_account["ci"]');
  });

  it('the report lists what was done instead of the plan, and copies another writer removed after this apply moved on', () => {
    const report: ApplyReport = {
      outcomes: [adopted, lost, kept],
      superseded: [
        { change: created, made: 'proj_v', kept: 'proj_w', removal: 'archived' },
        { change: account, made: 'svc_v', kept: 'svc_w', removal: 'deleted' },
      ],
      interrupted: false,
    };
    expect(renderReportText(report, { color: false })).toBe(
      [
        'Apply complete: 3 applied, 0 failed, 0 skipped.',
        '',
        'Another writer made the same objects at the same time; this apply did instead:',
        '  project["Research"]: adopted proj_w instead of creating it',
        '  project["Research"].spend_alert[5]: adopted alert_a, made by another writer; deleted alert_b (made by this apply)',
        '  project["Research"].service_account["ci"]: kept svc_a, made by this apply; deleted svc_b (made by another writer)',
        '',
        'Removed by another writer after this apply made it (a copy made in the same second stands for it now):',
        '  project["Research"]: proj_v was archived, proj_w is kept; what this apply did in or with proj_v went with it (run plan to check)',
        '  project["Research"].service_account["ci"]: svc_v was deleted, svc_w is kept; a key this apply stored for svc_v no longer works',
        '',
      ].join('\n'),
    );
  });
});
