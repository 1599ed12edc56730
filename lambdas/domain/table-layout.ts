/**
 * The single-table layout, shared by the CDK construct that creates the table and the Lambdas and
 * CLI that read and write it.
 *
 * | item      | pk             | sk       | index keys                                                   |
 * |-----------|----------------|----------|--------------------------------------------------------------|
 * | call      | CALL#<CallSid> | CALL     | — (the summary: legs map, disposition, voicemail, callback)  |
 * | dial leg  | CALL#<CallSid> | LEG#nn   | byAgent (AGENT#id, time#CallSid), byDisposition (DISPOSITION#d, time#CallSid) |
 * | alert     | CALL#<CallSid> | ALERT    | —                                                            |
 * | callback  | CALLBACK#<CallSid> | CALLBACK | byDueTime (CALLBACKS#pending, dueAt)                      |
 * | outbox    | OUTBOX#<key>   | OUTBOX   | byDueTime (OUTBOX#pending, storedAt)                         |
 * | agent lock| AGENT#<id>     | CALLBACK-LOCK | — (the one callback an agent is on, with a lease)       |
 * | customer  | CUSTOMER#<number> | CALLBACK | — (the customer's latest callback, to cancel it)         |
 *
 * Times are always written with Date#toISOString, so they sort as strings.
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk' } as const;

export const TABLE_INDEXES = {
  byAgent: { name: 'byAgent', partition: 'agentKey', sort: 'agentTime' },
  byDisposition: { name: 'byDisposition', partition: 'dispositionKey', sort: 'dispositionTime' },
  byDueTime: { name: 'byDueTime', partition: 'dueKey', sort: 'dueAt' },
} as const;

/** Epoch seconds after which DynamoDB may delete the item. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const agentIndexKey = (agentId: string) => `AGENT#${agentId}`;
export const dispositionIndexKey = (disposition: string) => `DISPOSITION#${disposition}`;

export const callKey = (callSid: string) => ({ pk: `CALL#${callSid}`, sk: 'CALL' });
export const alertKey = (callSid: string) => ({ pk: `CALL#${callSid}`, sk: 'ALERT' });
/** A call's missed-call alert is `ALERT`; its callback's alerts (declined, exhausted) have their own. */
export const alertLedgerKey = (notice: { callSid: string; idempotencyKey: string }) =>
  notice.idempotencyKey.startsWith('missed-call:')
    ? alertKey(notice.callSid)
    : { pk: `CALL#${notice.callSid}`, sk: `ALERT#${notice.idempotencyKey}` };
export const callbackKey = (callbackId: string) => ({ pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' });
export const PENDING_CALLBACKS = 'CALLBACKS#pending';
export const outboxKey = (idempotencyKey: string) => ({ pk: `OUTBOX#${idempotencyKey}`, sk: 'OUTBOX' });
export const PENDING_OUTBOX = 'OUTBOX#pending';
export const agentLockKey = (agentId: string) => ({ pk: `AGENT#${agentId}`, sk: 'CALLBACK-LOCK' });
export const customerCallbackKey = (number: string) => ({ pk: `CUSTOMER#${number}`, sk: 'CALLBACK' });

export function expiresAt(from: Date, retentionDays: number): number {
  return Math.floor(from.getTime() / 1000) + retentionDays * 86_400;
}
