// The bodies and shapes spend alerts and spend limits share between the organization and its
// projects; only the `object` names differ.
import type { SpendAlertShape, SpendLimitShape } from '../access-shapes.js';
import { Fields } from '../http/fields.js';
import type { SpendAlertRecord, SpendLimitRecord } from '../types.js';

export function renderAlert(alert: SpendAlertRecord, object: SpendAlertShape['object']): SpendAlertShape {
  return { object, ...structuredClone(alert) };
}

/** Create and update alike: every field is required (update is a full replace). */
export function readAlert(body: unknown): Omit<SpendAlertRecord, 'id'> {
  const fields = new Fields(body, ['currency', 'interval', 'threshold_amount', 'notification_channel']);
  const currency = fields.oneOf('currency', ['USD'] as const);
  const interval = fields.oneOf('interval', ['month'] as const);
  const threshold = fields.integer('threshold_amount', 1);
  const channel = fields.nested('notification_channel', ['type', 'recipients', 'subject_prefix']);
  return {
    currency,
    interval,
    threshold_amount: threshold,
    notification_channel: {
      type: channel.oneOf('type', ['email'] as const),
      recipients: channel.stringArray('recipients'),
      subject_prefix: channel.optionalString('subject_prefix') ?? null,
    },
  };
}

export function renderSpendLimit(limit: SpendLimitRecord, object: SpendLimitShape['object']): SpendLimitShape {
  return {
    object,
    currency: limit.currency,
    interval: limit.interval,
    threshold_amount: limit.threshold_amount,
    enforcement: { status: limit.enforcement_status },
  };
}

/** An upsert with every field required; the enforcement state carries over. */
export function readSpendLimit(body: Fields, previous: SpendLimitRecord | null): SpendLimitRecord {
  return {
    currency: body.oneOf('currency', ['USD'] as const),
    interval: body.oneOf('interval', ['month'] as const),
    threshold_amount: body.integer('threshold_amount', 1),
    enforcement_status: previous?.enforcement_status ?? 'inactive',
  };
}

export const SPEND_LIMIT_FIELDS = ['currency', 'interval', 'threshold_amount'] as const;
