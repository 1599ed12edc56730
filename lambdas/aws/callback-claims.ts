import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  PutCommand,
  QueryCommand,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { Transition } from '../domain/callback-attempts';
import { agentLockKey, callbackKey, PENDING_CALLBACKS, TABLE_INDEXES } from '../domain/table-layout';
import { unlessConditionFails } from './call-table';

const { byDueTime } = TABLE_INDEXES;

export interface Claim {
  readonly callbackId: string;
  /** The due time the worker read: the claim fails if anyone changed the item since. */
  readonly seenDueAt: string;
  readonly seenAttempts: number;
  /** The previous attempt's lease ran out: it is closed as lost. */
  readonly takesOverLapsedAttempt: boolean;
  readonly agentId: string;
  readonly leaseUntil: Date;
  readonly now: Date;
}

/**
 * The callback worker's claims on the call table: which callbacks are due, the agent locks, the
 * attempt claims and their leases. Every write is conditional, so overlapping worker runs and late
 * webhooks can race without two of them taking the same agent or attempt.
 */
export class CallbackClaims {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** The open callbacks whose time has come, oldest first (the due-time index). */
  async dueCallbacks(now: Date, limit: number): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: byDueTime.name,
        KeyConditionExpression: '#due = :partition AND #at <= :now',
        ExpressionAttributeNames: { '#due': byDueTime.partition, '#at': byDueTime.sort },
        ExpressionAttributeValues: { ':partition': PENDING_CALLBACKS, ':now': now.toISOString() },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    return Items;
  }

  /**
   * Takes the agent for one attempt: only if no other callback holds them, or that hold has lapsed.
   * This is what keeps an agent to one callback at a time across overlapping worker runs.
   */
  async lockAgent(agentId: string, holder: { callbackId: string; attempt: number }, until: Date, now: Date) {
    return unlessConditionFails(() =>
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...agentLockKey(agentId), kind: 'agent-lock', ...holder, until: until.toISOString() },
          ConditionExpression:
            'attribute_not_exists(pk) OR #until < :now OR (callbackId = :id AND attempt = :attempt)',
          ExpressionAttributeNames: { '#until': 'until' },
          ExpressionAttributeValues: {
            ':now': now.toISOString(),
            ':id': holder.callbackId,
            ':attempt': holder.attempt,
          },
        }),
      ),
    );
  }

  /** Lets the agent go, if this attempt still holds them. */
  async releaseAgent(agentId: string, holder: { callbackId: string; attempt: number }) {
    await unlessConditionFails(() =>
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: agentLockKey(agentId),
          ConditionExpression: 'callbackId = :id AND attempt = :attempt',
          ExpressionAttributeValues: { ':id': holder.callbackId, ':attempt': holder.attempt },
        }),
      ),
    );
  }

  /**
   * Claims the next attempt: state dialing, attempt number + 1, due time = lease expiry (so a worker
   * that dies leaves an item that falls due again by itself). The condition on the due time and
   * attempt count seen makes two claims of the same attempt impossible.
   */
  async claimCallback(claim: Claim): Promise<boolean> {
    const attempt = claim.seenAttempts + 1;
    const closeLapsed = claim.takesOverLapsedAttempt
      ? `, history[${claim.seenAttempts - 1}].outcome = :lost`
      : '';
    return this.conditionally({
      Key: callbackKey(claim.callbackId),
      // history[n] past the list's end appends (list_append would overlap the lapsed entry's path).
      UpdateExpression: `SET #state = :dialing, attempts = :attempt, currentAttempt = :attempt, activeAgent = :agent, #due = :lease, history[${claim.seenAttempts}] = :entry${closeLapsed}`,
      ConditionExpression:
        '#due = :seenDue AND attempts = :seenAttempts AND #due <= :now AND (#state = :pending OR #state = :dialing)',
      ExpressionAttributeNames: { '#state': 'state', '#due': byDueTime.sort },
      ExpressionAttributeValues: {
        ':dialing': 'dialing',
        ':pending': 'pending',
        ':attempt': attempt,
        ':agent': claim.agentId,
        ':lease': claim.leaseUntil.toISOString(),
        ':entry': { attempt, agentId: claim.agentId, startedAt: claim.now.toISOString() },
        ':seenDue': claim.seenDueAt,
        ':seenAttempts': claim.seenAttempts,
        ':now': claim.now.toISOString(),
        ...(claim.takesOverLapsedAttempt ? { ':lost': 'lost' } : {}),
      },
    });
  }

  /** Notes the outbound call's SID on its attempt. */
  async recordAttemptCall(callbackId: string, attempt: number, legCallSid: string) {
    await this.conditionally({
      Key: callbackKey(callbackId),
      UpdateExpression: `SET history[${attempt - 1}].legCallSid = :sid`,
      ConditionExpression: 'currentAttempt = :attempt',
      ExpressionAttributeValues: { ':sid': legCallSid, ':attempt': attempt },
    });
  }

  /** Keeps a connected attempt's lease from lapsing mid-conversation. */
  async extendLease(callbackId: string, attempt: number, until: Date) {
    await this.conditionally({
      Key: callbackKey(callbackId),
      UpdateExpression: 'SET #due = :until',
      ConditionExpression: 'currentAttempt = :attempt AND #state = :dialing AND #due < :until',
      ExpressionAttributeNames: { '#state': 'state', '#due': byDueTime.sort },
      ExpressionAttributeValues: {
        ':until': until.toISOString(),
        ':attempt': attempt,
        ':dialing': 'dialing',
      },
    });
  }

  /**
   * Ends an attempt: only the attempt in progress can be ended, and only once, so a replayed or
   * late outcome (of an attempt that lapsed and was taken over) changes nothing.
   */
  async endAttempt(
    callbackId: string,
    attempt: { number: number; outcome: string; endedAt: Date },
    transition: Transition,
  ): Promise<boolean> {
    const stillDue = transition.state === 'pending';
    const index = attempt.number - 1;
    return this.conditionally({
      Key: callbackKey(callbackId),
      UpdateExpression: [
        'SET #state = :state, excludedAgents = :excluded',
        `history[${index}].outcome = :outcome, history[${index}].endedAt = :endedAt`,
        stillDue ? '#due = :dueAt' : '#dueKey = :doneKey',
      ].join(', '),
      ConditionExpression: 'currentAttempt = :attempt AND #state = :dialing',
      ExpressionAttributeNames: {
        '#state': 'state',
        ...(stillDue ? { '#due': byDueTime.sort } : { '#dueKey': byDueTime.partition }),
      },
      ExpressionAttributeValues: {
        ':state': transition.state,
        ':excluded': transition.excludedAgents,
        ':outcome': attempt.outcome,
        ':endedAt': attempt.endedAt.toISOString(),
        ':attempt': attempt.number,
        ':dialing': 'dialing',
        ...(stillDue
          ? { ':dueAt': transition.dueAt?.toISOString() }
          : { ':doneKey': `CALLBACKS#${transition.state}` }),
      },
    });
  }

  /** Moves a pending callback's due time (to the next opening); false if it changed meanwhile. */
  async moveDueTime(callbackId: string, seenDueAt: string, dueAt: Date): Promise<boolean> {
    return this.conditionally({
      Key: callbackKey(callbackId),
      UpdateExpression: 'SET #due = :dueAt',
      ConditionExpression: '#state = :pending AND #due = :seen',
      ExpressionAttributeNames: { '#state': 'state', '#due': byDueTime.sort },
      ExpressionAttributeValues: { ':dueAt': dueAt.toISOString(), ':seen': seenDueAt, ':pending': 'pending' },
    });
  }

  /** Runs a conditional update; false when its condition did not hold (someone else got there first). */
  private conditionally(input: Omit<UpdateCommandInput, 'TableName'>): Promise<boolean> {
    return unlessConditionFails(() =>
      this.client.send(new UpdateCommand({ TableName: this.tableName, ...input })),
    );
  }
}
