import type { RedialEvent } from './events';
import { expiresAt, outboxKey, PENDING_OUTBOX, TABLE_INDEXES } from './table-layout';

/**
 * The webhook's fallback when SQS will not take an event: the event is kept in the table and the
 * callback worker, which runs every minute, sends it on once SQS answers again.
 */
export function outboxItem(event: RedialEvent, now: Date): Record<string, unknown> {
  const { byDueTime } = TABLE_INDEXES;
  return {
    ...outboxKey(event.idempotencyKey),
    kind: 'outbox',
    [byDueTime.partition]: PENDING_OUTBOX,
    [byDueTime.sort]: now.toISOString(),
    event: JSON.stringify(event),
    expiresAt: expiresAt(now, 14),
  };
}
