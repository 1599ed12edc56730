import { setTimeout as sleep } from 'node:timers/promises';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  paginateQuery,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { CallChanges, CallSnapshot } from '../domain/call-changes';
import { type CallRecord, legPosition } from '../domain/call-record';
import { isOpenCallback } from '../domain/callback-attempts';
import type { CallbackRecord } from '../domain/callbacks';
import { type MissedCallNotice, parseMessage, type RedialEvent, redialEvent } from '../domain/events';
import {
  type AlertClaim,
  type CallbackQuery,
  type CallQuery,
  type DialQuery,
  type DialRow,
  dialRowOf,
  type RedialStore,
  type StoredCallback,
} from '../domain/redial-store';
import {
  agentIndexKey,
  alertKey,
  callbackKey,
  callKey,
  customerCallbackKey,
  dayIndexKey,
  dispositionIndexKey,
  expiresAt,
  legKey,
  outboxKey,
  PENDING_CALLBACKS,
  PENDING_OUTBOX,
  TABLE_INDEXES,
} from '../domain/table-layout';
import { unlessConditionFails } from './call-table';

type Item = Record<string, unknown>;

const { byAgent, byDisposition, byDueTime, byDay } = TABLE_INDEXES;
const KEY_ATTRIBUTES = [
  'pk',
  'sk',
  'kind',
  'expiresAt',
  ...Object.values(TABLE_INDEXES).flatMap((i) => [i.partition, i.sort]),
];

/** How long a claim on an alert holds before another delivery may take it over (a crashed alerter). */
const ALERT_CLAIM_SECONDS = 60;
const BATCH_GET_MAX_KEYS = 100;

/** An item without the store's own attributes: the domain's record. */
function recordOf<T>(item: Item): T {
  return Object.fromEntries(Object.entries(item).filter(([name]) => !KEY_ATTRIBUTES.includes(name))) as T;
}

/** A callback item as the domain sees it: `dueAt` is its index sort key, and its record's too. */
const callbackOf = (item: Item): StoredCallback => ({
  ...recordOf<StoredCallback>(item),
  dueAt: String(item[byDueTime.sort]),
});

/** The byDueTime partition a callback sits in: open ones in the worker's queue, closed ones by state. */
const dueKeyOf = (state: string) => (isOpenCallback(state) ? PENDING_CALLBACKS : `CALLBACKS#${state}`);

/** How the call table's items translate, for every client the store is handed (the CLI's too). */
export { CALL_TABLE_TRANSLATION } from './call-table';

/** Redial's store on DynamoDB: one table, its keys and indexes from the table layout. */
export class DynamoStore implements RedialStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly retentionDays = 400,
  ) {}

  // Calls

  async readCall(callSid: string): Promise<CallSnapshot> {
    const [call, callback] = await Promise.all([this.get(callKey(callSid)), this.get(callbackKey(callSid))]);
    return {
      call: call && recordOf<CallRecord>(call),
      callback: callback && { state: String(callback.state), dueAt: String(callback[byDueTime.sort]) },
    };
  }

  /**
   * The dial's leg, the callback and the cancellation first, each written once whatever the
   * replays; the call's record last, over the version the decision read, so a replay or a
   * concurrent writer can never overwrite a newer record.
   */
  async applyCallChanges(changes: CallChanges): Promise<boolean> {
    if (!changes.changed) return true;
    if (changes.dial) await this.putIfAbsent(this.legItem(changes.dial));
    if (changes.bookCallback) await this.bookCallback(changes.bookCallback);
    if (changes.callerAskedAt) await this.noteCallerAsked(changes.call.callSid, changes.callerAskedAt);
    if (changes.cancelCallbackOf) await this.cancelCustomerCallbacks(changes.cancelCallbackOf);
    return this.writeCall(changes.call, changes.seenVersion);
  }

  private writeCall(call: CallRecord, seenVersion: number | undefined): Promise<boolean> {
    const time = `${call.startedAt}#${call.callSid}`;
    const item = {
      ...callKey(call.callSid),
      kind: 'call',
      ...call,
      [byDay.partition]: dayIndexKey(call.startedAt),
      [byDay.sort]: time,
      ...(call.disposition
        ? { [byDisposition.partition]: dispositionIndexKey(call.disposition), [byDisposition.sort]: time }
        : {}),
      expiresAt: expiresAt(new Date(call.startedAt), this.retentionDays),
    };
    const fresh = seenVersion === undefined;
    return unlessConditionFails(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: fresh ? 'attribute_not_exists(pk)' : 'version = :seen',
          ExpressionAttributeValues: fresh ? undefined : { ':seen': seenVersion },
        }),
      ),
    );
  }

  private legItem(event: NonNullable<CallChanges['dial']>): Item {
    return {
      ...legKey(event.callSid, legPosition(event.huntPosition)),
      kind: 'dial-leg',
      ...dialRowOf(event),
      [byAgent.partition]: agentIndexKey(event.agentId),
      [byAgent.sort]: `${event.occurredAt}#${event.callSid}`,
      expiresAt: expiresAt(new Date(event.occurredAt), this.retentionDays),
    };
  }

  private async bookCallback(callback: CallbackRecord): Promise<void> {
    await this.putIfAbsent({
      ...callbackKey(callback.callbackId),
      kind: 'callback',
      ...callback,
      [byDueTime.partition]: dueKeyOf(callback.state),
      expiresAt: expiresAt(new Date(callback.requestedAt), this.retentionDays),
    });
    // Under the customer too, so a later call of theirs that gets through can cancel it.
    await this.client.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          ...customerCallbackKey(callback.customer, callback.callbackId),
          kind: 'customer-callback',
          callbackId: callback.callbackId,
          expiresAt: expiresAt(new Date(callback.requestedAt), this.retentionDays),
        },
      }),
    );
  }

  private async noteCallerAsked(callbackId: string, at: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: callbackKey(callbackId),
        UpdateExpression: 'SET requestedByCallerAt = if_not_exists(requestedByCallerAt, :at)',
        ExpressionAttributeValues: { ':at': at },
      }),
    );
  }

  /** Every callback still pending for the customer, but the call's own (closing a closed one is a no-op). */
  private async cancelCustomerCallbacks(of: NonNullable<CallChanges['cancelCallbackOf']>): Promise<void> {
    const { pk } = customerCallbackKey(of.customer, '');
    const items = await this.query(
      {
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ConsistentRead: true,
      },
      1000,
    );
    for (const { callbackId } of items) {
      if (callbackId === of.exceptCallbackId) continue;
      await this.closeCallback(String(callbackId), 'canceled', 'the customer called again and got through');
    }
  }

  async listCalls(query: CallQuery): Promise<CallRecord[]> {
    const until = (query.until ?? new Date()).toISOString();
    const since = query.since.toISOString();
    if (since >= until) return [];
    const partitions = query.disposition
      ? [{ index: byDisposition, key: dispositionIndexKey(query.disposition) }]
      : daysBetween(query.since, new Date(until)).map((day) => ({ index: byDay, key: dayIndexKey(day) }));
    const calls: Item[] = [];
    for (const { index, key } of partitions) {
      const remaining = query.limit - calls.length;
      if (remaining <= 0) break;
      calls.push(
        ...(await this.query(
          {
            IndexName: index.name,
            // The sort key is `<startedAt>#<CallSid>`: every call of an instant sorts after the bare
            // instant, so `since` takes them in and `until` leaves them out.
            KeyConditionExpression: '#p = :p AND #t BETWEEN :since AND :until',
            ExpressionAttributeNames: { '#p': index.partition, '#t': index.sort },
            ExpressionAttributeValues: { ':p': key, ':since': since, ':until': until },
            ScanIndexForward: false,
          },
          remaining,
        )),
      );
    }
    return calls.map((item) => recordOf<CallRecord>(item));
  }

  async listDials(query: DialQuery): Promise<DialRow[]> {
    const filtered = query.disposition !== undefined;
    const items = await this.query(
      {
        IndexName: byAgent.name,
        KeyConditionExpression: '#p = :p AND #t >= :since',
        ...(filtered ? { FilterExpression: '#d = :d' } : {}),
        ExpressionAttributeNames: {
          '#p': byAgent.partition,
          '#t': byAgent.sort,
          ...(filtered ? { '#d': 'disposition' } : {}),
        },
        ExpressionAttributeValues: {
          ':p': agentIndexKey(query.agentId),
          ':since': query.since.toISOString(),
          ...(filtered ? { ':d': query.disposition } : {}),
        },
        ScanIndexForward: false,
      },
      query.limit,
    );
    return items.map((item) => recordOf<DialRow>(item));
  }

  async getCalls(callSids: readonly string[]): Promise<Map<string, CallRecord>> {
    const found = new Map<string, CallRecord>();
    const unique = [...new Set(callSids)];
    for (let start = 0; start < unique.length; start += BATCH_GET_MAX_KEYS) {
      let keys: Item[] | undefined = unique.slice(start, start + BATCH_GET_MAX_KEYS).map(callKey);
      for (let attempt = 0; keys?.length; attempt++) {
        if (attempt > 0) await sleep(100 * 2 ** attempt); // throttled: DynamoDB asks for a backoff
        const { Responses, UnprocessedKeys }: BatchGetCommandOutput = await this.client.send(
          new BatchGetCommand({ RequestItems: { [this.table]: { Keys: keys } } }),
        );
        for (const item of Responses?.[this.table] ?? []) found.set(String(item.callSid), recordOf(item));
        keys = UnprocessedKeys?.[this.table]?.Keys;
      }
    }
    return found;
  }

  // Callbacks

  async getCallback(callbackId: string): Promise<StoredCallback | undefined> {
    const item = await this.get(callbackKey(callbackId));
    return item && callbackOf(item);
  }

  async listCallbacks(query: CallbackQuery): Promise<StoredCallback[]> {
    const open = query.states.filter((state) => dueKeyOf(state) === PENDING_CALLBACKS);
    const closed = query.states.filter((state) => dueKeyOf(state) !== PENDING_CALLBACKS);
    const [openItems, ...closedItems] = await Promise.all([
      open.length > 0 ? this.callbacksIn(PENDING_CALLBACKS, open, query.limit, true) : [],
      ...closed.map((state) => this.callbacksIn(dueKeyOf(state), [state], query.limit, false)),
    ]);
    const closedRows = closedItems.flat();
    closedRows.sort((a, b) => (a.dueAt < b.dueAt ? 1 : a.dueAt > b.dueAt ? -1 : 0));
    return [...openItems, ...closedRows].slice(0, query.limit);
  }

  private async callbacksIn(
    dueKey: string,
    states: readonly string[],
    limit: number,
    oldestFirst: boolean,
  ): Promise<StoredCallback[]> {
    const items = await this.query(
      {
        IndexName: byDueTime.name,
        KeyConditionExpression: '#p = :p',
        // The pending partition holds dialing callbacks too; the filter keeps the states asked for.
        FilterExpression: `#state IN (${states.map((_, i) => `:s${i}`).join(', ')})`,
        ExpressionAttributeNames: { '#p': byDueTime.partition, '#state': 'state' },
        ExpressionAttributeValues: {
          ':p': dueKey,
          ...Object.fromEntries(states.map((state, i) => [`:s${i}`, state])),
        },
        ScanIndexForward: oldestFirst,
      },
      limit,
    );
    return items.map(callbackOf);
  }

  closeCallback(callbackId: string, state: 'exhausted' | 'canceled', reason: string): Promise<boolean> {
    return unlessConditionFails(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: callbackKey(callbackId),
          UpdateExpression: 'SET #state = :state, #dueKey = :doneKey, closedReason = :reason',
          ConditionExpression: '#state = :pending',
          ExpressionAttributeNames: { '#state': 'state', '#dueKey': byDueTime.partition },
          ExpressionAttributeValues: {
            ':state': state,
            ':doneKey': dueKeyOf(state),
            ':reason': reason,
            ':pending': 'pending',
          },
        }),
      ),
    );
  }

  // The alert ledger

  /**
   * A delivery claims the alert (only when unclaimed, or when an earlier claim has lapsed),
   * publishes, then marks it sent. Two deliveries racing each other cannot both claim; a crash
   * between publish and mark can repeat the alert once the claim lapses, the one window SNS leaves.
   */
  async claimAlert(notice: MissedCallNotice, now: Date): Promise<AlertClaim> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: alertKey(notice.callSid, notice.idempotencyKey),
          UpdateExpression:
            'SET #status = :claimed, claimedUntil = :until, kind = :kind, alertKind = :alertKind, agentId = :agent, disposition = :disposition, expiresAt = :expires',
          ConditionExpression:
            'attribute_not_exists(#status) OR (#status = :claimed AND claimedUntil < :now)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':until': new Date(now.getTime() + ALERT_CLAIM_SECONDS * 1000).toISOString(),
            ':now': now.toISOString(),
            ':kind': 'alert',
            ':alertKind': notice.kind,
            ':agent': notice.agentId,
            ':disposition': notice.disposition,
            ':expires': expiresAt(now, this.retentionDays),
          },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return 'claimed';
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      // DynamoDB returns the item that failed the condition; an emulator without that is read.
      const status = error.Item
        ? error.Item.status?.S
        : (await this.get(alertKey(notice.callSid, notice.idempotencyKey)))?.status;
      return status === 'sent' ? 'already-sent' : 'held-elsewhere';
    }
  }

  async markAlertSent(notice: MissedCallNotice, messageId: string | undefined, now: Date): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.table,
        Key: alertKey(notice.callSid, notice.idempotencyKey),
        UpdateExpression: 'SET #status = :sent, messageId = :messageId, sentAt = :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':messageId': messageId ?? '',
          ':now': now.toISOString(),
        },
      }),
    );
  }

  async releaseAlert(notice: MissedCallNotice): Promise<void> {
    // Only a claim: a delivery that did send (and marked it) is never undone.
    await unlessConditionFails(() =>
      this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: alertKey(notice.callSid, notice.idempotencyKey),
          UpdateExpression: 'REMOVE #status, claimedUntil',
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      ),
    );
  }

  // The outbox

  /** Outbox items expire after two weeks: the worker sends them on within a minute of SQS answering. */
  keepInOutbox(event: RedialEvent, now: Date): Promise<boolean> {
    return this.putIfAbsent({
      ...outboxKey(event.idempotencyKey),
      kind: 'outbox',
      [byDueTime.partition]: PENDING_OUTBOX,
      [byDueTime.sort]: now.toISOString(),
      event: JSON.stringify(event),
      expiresAt: expiresAt(now, 14),
    });
  }

  async outboxEvents(now: Date, limit: number): Promise<RedialEvent[]> {
    const items = await this.query(
      {
        IndexName: byDueTime.name,
        KeyConditionExpression: '#due = :partition AND #at <= :now',
        ExpressionAttributeNames: { '#due': byDueTime.partition, '#at': byDueTime.sort },
        ExpressionAttributeValues: { ':partition': PENDING_OUTBOX, ':now': now.toISOString() },
        ScanIndexForward: true,
      },
      limit,
    );
    return items.map((item) => parseMessage(redialEvent, String(item.event)));
  }

  async removeFromOutbox(event: RedialEvent): Promise<void> {
    await this.client.send(
      new DeleteCommand({ TableName: this.table, Key: outboxKey(event.idempotencyKey) }),
    );
  }

  // Plumbing

  private async get(key: Item): Promise<Item | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.table, Key: key, ConsistentRead: true }),
    );
    return Item;
  }

  private putIfAbsent(item: Item): Promise<boolean> {
    return unlessConditionFails(() =>
      this.client.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      ),
    );
  }

  /** Up to `limit` items of one index query, following pages. */
  private async query(input: Omit<QueryCommandInput, 'TableName'>, limit: number): Promise<Item[]> {
    const items: Item[] = [];
    const pages = paginateQuery(
      // An unbounded listing (a report's whole window) reads DynamoDB's own 1 MB pages.
      { client: this.client, pageSize: Number.isFinite(limit) ? limit : undefined },
      { TableName: this.table, ...input },
    );
    for await (const page of pages) {
      items.push(...(page.Items ?? []));
      if (items.length >= limit) break;
    }
    return items.slice(0, limit);
  }
}

/** The UTC days from `until`'s back to `since`'s, newest first. */
function daysBetween(since: Date, until: Date): Date[] {
  const days: Date[] = [];
  const first = Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate());
  for (let day = until.getTime(); day >= first; day -= 86_400_000) days.push(new Date(day));
  if (days.length === 0 || dayIndexKey(days[days.length - 1]) !== dayIndexKey(since)) days.push(since);
  return days;
}
