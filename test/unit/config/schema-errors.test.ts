import { describe, expect, it } from 'vitest';
import { problems, TOP_KEYS, yaml } from './helpers.js';

describe('schema problems, each at its node, all in one run', () => {
  it('reports wrong types everywhere at once', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'orgform:',
          '  secrets_dir: 7',
          '  destroy_limits: {max_count: many, max_fraction: 1.5}',
          'protect: {projects: Research, users: [3]}',
          'organization: zero_data_retention',
          'users: {alice: owner}',
          'invites:',
          '  - email: [a@b.co]',
          '    role: reader',
          '    projects: {Research: member}',
          'projects:',
          '  A: [x]',
          '  B:',
          '    archived: "false"',
          '    model_permissions: [gpt-4o]',
          '    spend_alerts: {threshold_amount: 5}',
          '    spend_limit: 100',
          '    members: alice@example.com',
          '    service_accounts:',
          '      - ci-bot',
          '    rate_limits: [gpt-4o]',
        ),
      ),
    ).toEqual([
      'c.yaml:3:16: secrets_dir must be a string (got 7)',
      'c.yaml:4:31: max_count must be an integer (got "many")',
      'c.yaml:4:51: max_fraction must be at most 1 (got 1.5)',
      'c.yaml:5:21: projects must be a list (got "Research")',
      'c.yaml:5:39: users[0] must be a string (got 3)',
      'c.yaml:6:15: organization must be a map (got "zero_data_retention")',
      'c.yaml:7:8: users must be a list (got a map)',
      'c.yaml:9:12: email must be a string (got a list)',
      'c.yaml:11:15: projects must be a list (got a map)',
      'c.yaml:13:6: project "A" must be a map or null (got a list)',
      'c.yaml:15:15: archived must be true or false (got "false")',
      'c.yaml:16:24: model_permissions must be a map or null (got a list)',
      'c.yaml:17:19: spend_alerts must be a list or null (got a map)',
      'c.yaml:18:18: spend_limit must be a map or null (got 100)',
      'c.yaml:19:14: members must be a list or null (got "alice@example.com")',
      'c.yaml:21:9: service_accounts[0] must be a map (got "ci-bot")',
      'c.yaml:22:18: rate_limits must be a map or null (got a list)',
    ]);
  });

  it('points at an unknown key, with "did you mean" when one is close', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'orgfrom: {}',
          'colour: blue',
          'projects:',
          '  A:',
          '    datas_retention: none',
          '    spend_alert: []',
          '    rate_limits:',
          '      gpt-4o: {max_token_per_1_minute: 5, tpm: 9}',
        ),
      ),
    ).toEqual([
      'c.yaml:2:1: unknown key `orgfrom` (did you mean `orgform`?)',
      `c.yaml:3:1: unknown key \`colour\`; allowed keys: ${TOP_KEYS}`,
      'c.yaml:6:5: unknown key `datas_retention` in project "A" (did you mean `data_retention`?)',
      'c.yaml:7:5: unknown key `spend_alert` in project "A" (did you mean `spend_alerts`?)',
      'c.yaml:9:16: unknown key `max_token_per_1_minute` in rate_limits of model "gpt-4o" (did you mean `max_tokens_per_1_minute`?)',
      'c.yaml:9:43: unknown key `tpm` in rate_limits of model "gpt-4o"; allowed keys: max_requests_per_1_minute, max_tokens_per_1_minute, max_images_per_1_minute, max_audio_megabytes_per_1_minute, max_requests_per_1_day, batch_1_day_max_input_tokens',
    ]);
  });

  it('points at the parent of a missing key', () => {
    expect(
      problems(
        yaml(
          'projects:',
          '  A:',
          '    spend_limit: {}',
          '    model_permissions:',
          '      mode: deny_list',
          '    members:',
          '      - role: owner',
          '    spend_alerts:',
          '      - recipients: [a@b.co]',
        ),
      ),
    ).toEqual([
      'c.yaml:1:1: the config is missing the required key `version`',
      'c.yaml:3:5: spend_limit is missing the required key `threshold_amount`',
      'c.yaml:4:5: model_permissions is missing the required key `model_ids`',
      'c.yaml:7:9: members[0] is missing the required key `email`',
      'c.yaml:9:9: spend_alerts[0] is missing the required key `threshold_amount`',
    ]);
  });

  it('lists the allowed values of an enum', () => {
    expect(
      problems(
        yaml(
          'version: 2',
          'organization: {data_retention: organization_default}',
          'users: [{email: a@b.co, role: admin}]',
          'invites: [{email: c@d.co, role: Owner, projects: [{project: A, role: reader}]}]',
          'projects:',
          '  A:',
          '    data_retention: zero-data-retention',
          '    model_permissions: {mode: allowlist, model_ids: []}',
        ),
      ),
    ).toEqual([
      'c.yaml:1:10: version must be 1 (got 2)',
      'c.yaml:2:32: data_retention must be one of: zero_data_retention, modified_abuse_monitoring, enhanced_zero_data_retention, enhanced_modified_abuse_monitoring (got "organization_default")',
      'c.yaml:3:31: role must be one of: owner, reader (got "admin")',
      'c.yaml:4:33: role must be one of: owner, reader (got "Owner"); did you mean `owner`?',
      'c.yaml:4:70: role must be one of: owner, member (got "reader")',
      'c.yaml:7:21: data_retention must be one of: organization_default, none, zero_data_retention, modified_abuse_monitoring, enhanced_zero_data_retention, enhanced_modified_abuse_monitoring, null (got "zero-data-retention"); did you mean `zero_data_retention`?',
      'c.yaml:8:31: mode must be one of: allow_list, deny_list (got "allowlist"); did you mean `allow_list`?',
    ]);
  });

  it('wants positive integer amounts and non-negative integer rate limits', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'orgform: {destroy_limits: {max_count: -1, max_fraction: -0.1}}',
          'projects:',
          '  A:',
          '    spend_limit: {threshold_amount: 0}',
          '    spend_alerts:',
          '      - {threshold_amount: -50, recipients: [a@b.co]}',
          '      - {threshold_amount: 12.5, recipients: [a@b.co]}',
          '      - {threshold_amount: "100", recipients: [a@b.co]}',
          '      - {threshold_amount: 1e300, recipients: [a@b.co]}',
          '      - {threshold_amount: .inf, recipients: [a@b.co]}',
          '    rate_limits:',
          '      gpt-4o: {max_requests_per_1_minute: -1, max_tokens_per_1_minute: 0.5, max_requests_per_1_day: .nan}',
          '      o3: {}',
        ),
      ),
    ).toEqual([
      'c.yaml:2:39: max_count must be at least 0 (got -1)',
      'c.yaml:2:57: max_fraction must be at least 0 (got -0.1)',
      'c.yaml:5:37: threshold_amount must be greater than 0 (got 0)',
      'c.yaml:7:28: threshold_amount must be greater than 0 (got -50)',
      'c.yaml:8:28: threshold_amount must be an integer (got 12.5)',
      'c.yaml:9:28: threshold_amount must be an integer (got "100")',
      'c.yaml:10:28: threshold_amount must be at most 9007199254740991 (got 1e+300)',
      'c.yaml:11:28: threshold_amount must be an integer (got Infinity)',
      'c.yaml:13:43: max_requests_per_1_minute must be at least 0 (got -1)',
      'c.yaml:13:72: max_tokens_per_1_minute must be an integer (got 0.5)',
      'c.yaml:13:101: max_requests_per_1_day must be an integer (got NaN)',
      'c.yaml:14:11: rate_limits of model "o3" must set at least one of: max_requests_per_1_minute, max_tokens_per_1_minute, max_images_per_1_minute, max_audio_megabytes_per_1_minute, max_requests_per_1_day, batch_1_day_max_input_tokens',
    ]);
  });

  it('wants email addresses where emails go, and at least one recipient', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'protect: {users: [root]}',
          'users: [{email: alice@example, role: owner}]',
          'invites: [{email: "bob @example.com", role: reader}]',
          'projects:',
          '  A:',
          '    members: [{email: "carol@ex ample.com", role: member}]',
          '    spend_alerts:',
          '      - {threshold_amount: 1, recipients: []}',
          '      - {threshold_amount: 2, recipients: [ops, "", "dave@example.com\\n"]}',
        ),
      ),
    ).toEqual([
      'c.yaml:2:19: users[0] must be an email address (got "root")',
      'c.yaml:3:17: email must be an email address (got "alice@example")',
      'c.yaml:4:19: email must be an email address (got "bob @example.com")',
      'c.yaml:7:23: email must be an email address (got "carol@ex ample.com")',
      'c.yaml:9:43: recipients must not be empty',
      'c.yaml:10:44: recipients[0] must be an email address (got "ops")',
      'c.yaml:10:49: recipients[1] must be an email address (got "")',
      'c.yaml:10:53: recipients[2] must be an email address (got "dave@example.com\\n")',
    ]);
  });

  it('accepts internationalised addresses, as export writes them', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'users: [{email: jörg@example.de, role: owner}, {email: "用户@例子.中国", role: reader}]',
          'invites: [{email: "josé.núñez@bücher.example", role: reader}]',
        ),
      ),
    ).toEqual([]);
    expect(problems(yaml('version: 1', 'users: [{email: "jörg @example.de", role: owner}]'))).toEqual([
      'c.yaml:2:17: email must be an email address (got "jörg @example.de")',
    ]);
  });

  it('rejects empty strings where a name or id goes', () => {
    expect(
      problems(
        yaml(
          'version: 1',
          'orgform: {secrets_dir: ""}',
          'protect: {projects: [""]}',
          'invites: [{email: a@b.co, role: reader, projects: [{project: "", role: member}]}]',
          'projects:',
          '  A:',
          '    renamed_from: ""',
          '    model_permissions: {mode: deny_list, model_ids: [""]}',
          '    service_accounts: [{name: "", role: member}]',
        ),
      ),
    ).toEqual([
      'c.yaml:2:24: secrets_dir must not be empty',
      'c.yaml:3:22: projects[0] must not be empty',
      'c.yaml:4:62: project must not be empty',
      'c.yaml:7:19: renamed_from must not be empty',
      'c.yaml:8:54: model_ids[0] must not be empty',
      'c.yaml:9:31: name must not be empty',
    ]);
  });

  it('describes the root when the file is not a map', () => {
    expect(problems('')).toEqual(['c.yaml:1:1: the config must be a map (got null)']);
    expect(problems('# only a comment\n')).toEqual(['c.yaml:1:1: the config must be a map (got null)']);
    expect(problems('- version: 1\n')).toEqual(['c.yaml:1:1: the config must be a map (got a list)']);
  });
});
