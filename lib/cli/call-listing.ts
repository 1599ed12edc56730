import { setTimeout as sleep } from 'node:timers/promises';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  paginateQuery,
  paginateScan,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Disposition } from '../../lambdas/domain/dispositions';
import {
  agentIndexKey,
  callKey,
  dispositionIndexKey,
  TABLE_INDEXES,
  TABLE_KEYS,
} from '../../lambdas/domain/table-layout';
import { type Item, numeric, text } from './item-fields';

/** Reads calls from the call table for `redial calls`. */

export interface CallFilter {
  readonly agent?: string;
  readonly disposition?: Disposition;
  readonly since: Date;
  readonly limit: number;
}

/** One line of the listing: a matching dial leg, or a call's summary when there is no filter. */
export interface CallRow {
  readonly time: string;
  readonly callSid: string;
  readonly from?: string;
  readonly to?: string;
  readonly agentId?: string;
  readonly disposition?: string;
  readonly sipResponseCode?: number;
  readonly ringSeconds?: number;
  readonly callerNextStep?: string;
  readonly voicemail: boolean;
  /** `requested` by the caller, `booked` by the callback policy, or `none`. */
  readonly callback: 'requested' | 'booked' | 'none';
}

function callbackOf(summary: Item | undefined): CallRow['callback'] {
  if (summary?.callbackRequest !== undefined) return 'requested';
  return summary?.callbackId !== undefined ? 'booked' : 'none';
}

type Client = DynamoDBDocumentClient;

/** Newest first, at most `filter.limit` rows. */
export async function listCalls(client: Client, table: string, filter: CallFilter): Promise<CallRow[]> {
  if (filter.agent === undefined && filter.disposition === undefined)
    return scanSummaries(client, table, filter);
  const legs = await queryLegs(client, table, filter);
  const summaries = await summariesOf(client, table, legs.map(callSidOf));
  return legs.map((leg) => legRow(leg, summaries.get(callSidOf(leg))));
}

const callSidOf = (item: Item) => String(item.callSid);

/**
 * The agent's index when there is one (an agent takes far fewer calls than a disposition covers),
 * else the disposition's. The key strings mirror dialLegItem's, which builds them inline.
 */
function legQuery(table: string, filter: CallFilter): QueryCommandInput {
  const since = filter.since.toISOString();
  const byAgent = filter.agent !== undefined;
  const index = byAgent ? TABLE_INDEXES.byAgent : TABLE_INDEXES.byDisposition;
  const partition = byAgent
    ? agentIndexKey(filter.agent as string)
    : dispositionIndexKey(filter.disposition as string);
  const alsoDisposition = byAgent && filter.disposition !== undefined;
  return {
    TableName: table,
    IndexName: index.name,
    // The sort key is `<occurredAt>#<CallSid>`: every key of an instant at or after `since` sorts after it.
    KeyConditionExpression: '#p = :p AND #t >= :since',
    ...(alsoDisposition ? { FilterExpression: '#d = :d' } : {}),
    ExpressionAttributeNames: {
      '#p': index.partition,
      '#t': index.sort,
      ...(alsoDisposition ? { '#d': 'disposition' } : {}),
    },
    ExpressionAttributeValues: {
      ':p': partition,
      ':since': since,
      ...(alsoDisposition ? { ':d': filter.disposition } : {}),
    },
    ScanIndexForward: false,
  };
}

async function queryLegs(client: Client, table: string, filter: CallFilter): Promise<Item[]> {
  const legs: Item[] = [];
  const pages = paginateQuery({ client, pageSize: filter.limit }, legQuery(table, filter));
  for await (const page of pages) {
    legs.push(...(page.Items ?? []));
    if (legs.length >= filter.limit) break;
  }
  return legs.slice(0, filter.limit);
}

const BATCH_GET_MAX_KEYS = 100;
/** Every call's summary item has this sort key, whatever its CallSid. */
const SUMMARY_SORT_KEY = callKey('').sk;

/** The summaries of these calls, by CallSid: legs do not carry the voicemail and callback flags. */
async function summariesOf(client: Client, table: string, callSids: string[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  const unique = [...new Set(callSids)];
  for (let start = 0; start < unique.length; start += BATCH_GET_MAX_KEYS) {
    let keys: Item[] | undefined = unique.slice(start, start + BATCH_GET_MAX_KEYS).map(callKey);
    for (let attempt = 0; keys?.length; attempt++) {
      if (attempt > 0) await sleep(100 * 2 ** attempt); // throttled: DynamoDB asks for a backoff
      const { Responses, UnprocessedKeys }: BatchGetCommandOutput = await client.send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }),
      );
      for (const item of Responses?.[table] ?? []) found.set(callSidOf(item), item);
      keys = UnprocessedKeys?.[table]?.Keys;
    }
  }
  return found;
}

/**
 * A Scan, because no index holds every call by time. It reads to the end rather than stopping at
 * the limit: a Scan's order is by hash, so its first N matches are not the newest N.
 */
async function scanSummaries(client: Client, table: string, filter: CallFilter): Promise<CallRow[]> {
  const rows: CallRow[] = [];
  const pages = paginateScan(
    { client },
    {
      TableName: table,
      FilterExpression: '#sk = :call AND #updatedAt >= :since',
      ExpressionAttributeNames: { '#sk': TABLE_KEYS.sort, '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: { ':call': SUMMARY_SORT_KEY, ':since': filter.since.toISOString() },
    },
  );
  for await (const page of pages) rows.push(...(page.Items ?? []).map(summaryRow));
  return rows.sort((a, b) => b.time.localeCompare(a.time)).slice(0, filter.limit);
}

export function legRow(leg: Item, summary: Item | undefined): CallRow {
  return {
    ...commonFields(leg),
    time: String(leg.occurredAt),
    ringSeconds: numeric(leg.ringSeconds),
    voicemail: summary?.voicemail !== undefined,
    callback: callbackOf(summary),
  };
}

export function summaryRow(summary: Item): CallRow {
  return {
    ...commonFields(summary),
    time: String(summary.updatedAt),
    ringSeconds: numeric(latestLeg(summary)?.ringSeconds),
    voicemail: summary.voicemail !== undefined,
    callback: callbackOf(summary),
  };
}

function commonFields(item: Item) {
  return {
    callSid: callSidOf(item),
    from: text(item.from),
    to: text(item.to),
    agentId: text(item.agentId),
    disposition: text(item.disposition),
    sipResponseCode: numeric(item.sipResponseCode),
    callerNextStep: text(item.callerNextStep),
  };
}

/** The summary's own copy of its latest leg, where it keeps one (`legs`, by hunt position). */
function latestLeg(summary: Item): Item | undefined {
  const legs = summary.legs;
  if (typeof legs !== 'object' || legs === null) return undefined;
  // Number() reads a position key written either as "1" or as the leg items' padded "01".
  const entry = Object.entries(legs).find(([position]) => Number(position) === summary.latestPosition);
  return entry?.[1] as Item | undefined;
}
