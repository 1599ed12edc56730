/**
 * The single-table layout, shared by the CDK construct that creates the table and the store that
 * reads and writes it (lambdas/aws/dynamo-store.ts, the only code that builds keys from it).
 *
 * | item       | pk                | sk            | index keys                                                  |
 * |------------|-------------------|---------------|-------------------------------------------------------------|
 * | call       | CALL#<CallSid>    | CALL          | byDay (CALLS#<UTC date>, startedAt#CallSid); byDisposition (DISPOSITION#d, startedAt#CallSid) once decided |
 * | dial leg   | CALL#<CallSid>    | LEG#nn        | byAgent (AGENT#id, occurredAt#CallSid)                      |
 * | alert      | CALL#<CallSid>    | ALERT#<kind:CallSid…> | — (the ledger that sends each alert once)           |
 * | callback   | CALLBACK#<CallSid>| CALLBACK      | byDueTime (CALLBACKS#pending, dueAt; CALLBACKS#<state> once closed) |
 * | outbox     | OUTBOX#<key>      | OUTBOX        | byDueTime (OUTBOX#pending, storedAt)                        |
 * | agent lock | AGENT#<id>        | CALLBACK-LOCK | — (the one callback an agent is on, with a lease)           |
 * | customer   | CUSTOMER#<number> | CALLBACK#<id> | — (each of the customer's callbacks, to cancel when they get through) |
 * | failure    | MESSAGE#<SQS MessageId> | FAILURE | — (why a consumer last failed the message: `redial dlq` reads it) |
 *
 * No partition key takes every write: calls by time are sharded by UTC day (`byDay`), so one
 * partition takes one day's calls; a disposition's partition takes only the calls that end that
 * way. Times are always written with Date#toISOString, so they sort as strings.
 */
export const TABLE_KEYS = { partition: 'pk', sort: 'sk' } as const;

export const TABLE_INDEXES = {
  byAgent: { name: 'byAgent', partition: 'agentKey', sort: 'agentTime' },
  byDisposition: { name: 'byDisposition', partition: 'dispositionKey', sort: 'dispositionTime' },
  byDueTime: { name: 'byDueTime', partition: 'dueKey', sort: 'dueAt' },
  byDay: { name: 'byDay', partition: 'dayKey', sort: 'dayTime' },
} as const;

/** Epoch seconds after which DynamoDB may delete the item. */
export const TTL_ATTRIBUTE = 'expiresAt';

export const agentIndexKey = (agentId: string) => `AGENT#${agentId}`;
export const dispositionIndexKey = (disposition: string) => `DISPOSITION#${disposition}`;
/** The byDay partition of an instant: its UTC date. */
export const dayIndexKey = (at: string | Date) => `CALLS#${new Date(at).toISOString().slice(0, 10)}`;

export const callKey = (callSid: string) => ({ pk: `CALL#${callSid}`, sk: 'CALL' });
export const alertKey = (callSid: string, idempotencyKey: string) => ({
  pk: `CALL#${callSid}`,
  sk: `ALERT#${idempotencyKey}`,
});
export const legKey = (callSid: string, position: string) => ({
  pk: `CALL#${callSid}`,
  sk: `LEG#${position}`,
});
export const callbackKey = (callbackId: string) => ({ pk: `CALLBACK#${callbackId}`, sk: 'CALLBACK' });
export const PENDING_CALLBACKS = 'CALLBACKS#pending';
export const outboxKey = (idempotencyKey: string) => ({ pk: `OUTBOX#${idempotencyKey}`, sk: 'OUTBOX' });
export const PENDING_OUTBOX = 'OUTBOX#pending';
export const agentLockKey = (agentId: string) => ({ pk: `AGENT#${agentId}`, sk: 'CALLBACK-LOCK' });
export const customerCallbackKey = (number: string, callbackId: string) => ({
  pk: `CUSTOMER#${number}`,
  sk: `CALLBACK#${callbackId}`,
});

/** SQS keeps a message's MessageId when its redrive policy moves it to the DLQ, so the key finds it there. */
export const messageFailureKey = (messageId: string) => ({ pk: `MESSAGE#${messageId}`, sk: 'FAILURE' });

export function expiresAt(from: Date, retentionDays: number): number {
  return Math.floor(from.getTime() / 1000) + retentionDays * 86_400;
}
