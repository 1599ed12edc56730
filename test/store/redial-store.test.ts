import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import { type CallChanges, decideCallChanges } from '../../lambdas/domain/call-changes';
import type { CallEvent, CallRecord } from '../../lambdas/domain/call-record';
import { parseConfig } from '../../lambdas/domain/config';
import type { Disposition } from '../../lambdas/domain/dispositions';
import {
  type CallbackRequestedEvent,
  type CallEndedEvent,
  type CallStartedEvent,
  type DialOutcomeEvent,
  type RedialEvent,
  redialEvent,
} from '../../lambdas/domain/events';
import type { RedialStore } from '../../lambdas/domain/redial-store';
import { startEmbeddedTable } from '../support/embedded-table';
import { exampleConfigJson } from '../support/example-config';
import { MemoryStore } from '../support/memory-store';

/**
 * One contract for every RedialStore: the in-memory store the domain's tests use must behave as
 * DynamoStore does on a table (here an in-process dynalite). Decisions come from the recorder's
 * own decideCallChanges, so the writes are the ones production makes.
 */

const config = parseConfig(exampleConfigJson());
/** The example line that hunts alice, bob then carol, and the one that rings carol alone. */
const MAIN_LINE = '+442071234567';
const CAROL_LINE = '+441614960000';
const ACCOUNT_SID = `AC${'a'.repeat(32)}`;

/** January 2027 in UTC (London is on GMT): Monday the 11th, open 09:00–17:30. */
const at = (day: number, hour: number, minute = 0, second = 0) =>
  new Date(Date.UTC(2027, 0, day, hour, minute, second));
const MONDAY = 11;
const sid = (n: number) => `CA${n.toString(16).padStart(32, '0')}`;
const caller = (n: number) => `+1500555${String(n).padStart(4, '0')}`;

/** Events are checked against the schema the queues use, so a test cannot build an impossible one. */
const valid = <T extends RedialEvent>(event: T): T => redialEvent.parse(event) as T;

/** The events of call `n`, from `from` to `to`, with the times the test chooses. */
function call(n: number, { from = caller(n), to = MAIN_LINE } = {}) {
  const callSid = sid(n);
  const base = { version: 1 as const, callSid, from, to };
  return {
    callSid,
    started: (time: Date, open = true) =>
      valid<CallStartedEvent>({
        ...base,
        type: 'call-started',
        idempotencyKey: `call-started:${callSid}`,
        occurredAt: time.toISOString(),
        line: to,
        open,
      }),
    dialed: (
      time: Date,
      agentId: string,
      huntPosition: number,
      disposition: Disposition,
      huntExhausted = true,
    ) =>
      valid<DialOutcomeEvent>({
        ...base,
        type: 'dial-outcome',
        idempotencyKey: `dial-outcome:${callSid}:${huntPosition}`,
        occurredAt: time.toISOString(),
        accountSid: ACCOUNT_SID,
        agentId,
        huntPosition,
        huntExhausted,
        legKind: 'sip',
        dialCallStatus: disposition === 'answered' ? 'completed' : 'busy',
        sipResponseCode: disposition === 'answered' ? undefined : 486,
        sipHeaders: {},
        ringSeconds: 4,
        talkSeconds: disposition === 'answered' ? 30 : undefined,
        disposition,
        rule: 'contract-test',
        callerNextStep:
          disposition === 'answered' ? 'hangup' : huntExhausted ? 'callback-offer' : 'next-agent',
      }),
    askedCallback: (time: Date, reason = 'busy', key = `callback-requested:${callSid}`) =>
      valid<CallbackRequestedEvent>({
        ...base,
        type: 'callback-requested',
        idempotencyKey: key,
        occurredAt: time.toISOString(),
        reason,
      }),
    ended: (time: Date) =>
      valid<CallEndedEvent>({
        ...base,
        type: 'call-ended',
        idempotencyKey: `call-ended:${callSid}`,
        occurredAt: time.toISOString(),
        callStatus: 'completed',
        durationSeconds: 40,
      }),
  };
}

interface Subject {
  readonly store: RedialStore;
  readonly stop: () => Promise<void>;
}

const stores: [string, () => Promise<Subject>][] = [
  ['MemoryStore', async () => ({ store: new MemoryStore(), stop: async () => {} })],
  [
    'DynamoStore',
    async () => {
      // A fresh table for every test: the listings read whole indexes.
      const table = await startEmbeddedTable();
      return { store: new DynamoStore(table.client, table.tableName), stop: () => table.stop() };
    },
  ],
];

describe.each(stores)('RedialStore contract: %s', (_name, open) => {
  let store: RedialStore;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ store, stop } = await open());
  });
  afterEach(() => stop());

  const decide = async (event: CallEvent) =>
    decideCallChanges(event, await store.readCall(event.callSid), config);

  /** Reads, decides and applies as the recorder does; the write must succeed. */
  async function record(...events: CallEvent[]): Promise<CallChanges> {
    let changes: CallChanges | undefined;
    for (const event of events) {
      changes = await decide(event);
      expect(await store.applyCallChanges(changes)).toBe(true);
    }
    return changes as CallChanges;
  }

  describe('calls', () => {
    it('an unknown call reads as an empty snapshot', async () => {
      const snapshot = await store.readCall(sid(404));
      expect(snapshot.call).toBeUndefined();
      expect(snapshot.callback).toBeUndefined();
    });

    it('applying a decision creates the call', async () => {
      const first = call(1);
      const changes = await record(first.started(at(MONDAY, 10)));

      const { call: stored, callback } = await store.readCall(first.callSid);
      expect(stored).toEqual(changes.call);
      expect(stored).toMatchObject({ version: 1, outcome: 'in-progress', from: caller(1), line: MAIN_LINE });
      expect(callback).toBeUndefined();
      expect(await store.getCalls([first.callSid, sid(404)])).toEqual(
        new Map([[first.callSid, changes.call]]),
      );
    });

    it('a decision over a stale version returns false and leaves the newer record', async () => {
      const first = call(1);
      // Two decisions on a call the store has not seen: only the first creates it.
      const empty = await store.readCall(first.callSid);
      const started = decideCallChanges(first.started(at(MONDAY, 10)), empty, config);
      const overtaken = decideCallChanges(first.ended(at(MONDAY, 10, 5)), empty, config);
      expect(await store.applyCallChanges(started)).toBe(true);
      expect(await store.applyCallChanges(overtaken)).toBe(false);

      // Two decisions over version 1: the second finds version 2.
      const seen = await store.readCall(first.callSid);
      const dialed = decideCallChanges(first.dialed(at(MONDAY, 10, 1), 'alice', 0, 'answered'), seen, config);
      const ended = decideCallChanges(first.ended(at(MONDAY, 10, 5)), seen, config);
      expect(dialed.seenVersion).toBe(1);
      expect(await store.applyCallChanges(dialed)).toBe(true);
      expect(await store.applyCallChanges(ended)).toBe(false);

      const { call: stored } = await store.readCall(first.callSid);
      expect(stored).toEqual(dialed.call);
      expect(stored?.version).toBe(2);
      expect(stored?.endedAt).toBeUndefined();
    });

    it('a replayed decision writes nothing, even over a newer record', async () => {
      const first = call(1);
      const startedEvent = first.started(at(MONDAY, 10));
      await record(startedEvent);
      const replay = await decide(startedEvent);
      expect(replay.changed).toBe(false);

      const ended = await record(first.ended(at(MONDAY, 10, 5)));
      expect(await store.applyCallChanges(replay)).toBe(true);
      expect((await store.readCall(first.callSid)).call).toEqual(ended.call);
    });

    it('callers cannot change what is stored through what they pass in or get back', async () => {
      const first = call(1);
      const changes = await record(first.started(at(MONDAY, 10)));
      (changes.call.applied as string[]).push('tampered');

      const read = (await store.readCall(first.callSid)).call as CallRecord;
      (read.applied as string[]).push('tampered too');
      const [listed] = await store.listCalls({ since: at(MONDAY, 0), until: at(MONDAY, 23), limit: 1 });
      (listed.applied as string[]).push('and again');

      expect((await store.readCall(first.callSid)).call?.applied).toEqual([`call-started:${first.callSid}`]);
    });
  });

  describe('dials', () => {
    it("a dial leg appears in its agent's listing, once however often it is recorded", async () => {
      const first = call(1);
      const busy = first.dialed(at(MONDAY, 10, 1), 'alice', 0, 'busy', false);
      await record(
        first.started(at(MONDAY, 10)),
        busy,
        first.dialed(at(MONDAY, 10, 2), 'bob', 1, 'answered'),
      );
      // A replay of the first dial from an older snapshot: the record is not written, nor the leg again.
      expect(await store.applyCallChanges(decideCallChanges(busy, {}, config))).toBe(false);

      const since = at(MONDAY, 0);
      expect(await store.listDials({ agentId: 'alice', since, limit: 10 })).toEqual([
        {
          callSid: first.callSid,
          from: caller(1),
          to: MAIN_LINE,
          agentId: 'alice',
          huntPosition: 0,
          disposition: 'busy',
          sipResponseCode: 486,
          ringSeconds: 4,
          callerNextStep: 'next-agent',
          occurredAt: busy.occurredAt,
        },
      ]);
      expect(await store.listDials({ agentId: 'bob', since, limit: 10 })).toMatchObject([
        { callSid: first.callSid, huntPosition: 1, disposition: 'answered' },
      ]);
      expect(await store.listDials({ agentId: 'carol', since, limit: 10 })).toEqual([]);
    });

    it("an agent's dials come newest first, since a time, by disposition and up to a limit", async () => {
      for (const [n, hour, disposition] of [
        [1, 9, 'busy'],
        [2, 11, 'answered'],
        [3, 13, 'busy'],
        [4, 15, 'answered'],
      ] as const) {
        const each = call(n);
        await record(
          each.started(at(MONDAY, hour)),
          each.dialed(at(MONDAY, hour, 1), 'alice', 0, disposition),
        );
      }
      const callSids = (rows: { callSid: string }[]) => rows.map((row) => row.callSid);
      const since = at(MONDAY, 10);

      expect(callSids(await store.listDials({ agentId: 'alice', since, limit: 10 }))).toEqual([
        sid(4),
        sid(3),
        sid(2),
      ]);
      expect(callSids(await store.listDials({ agentId: 'alice', since, limit: 2 }))).toEqual([
        sid(4),
        sid(3),
      ]);
      expect(
        callSids(
          await store.listDials({ agentId: 'alice', disposition: 'busy', since: at(MONDAY, 0), limit: 10 }),
        ),
      ).toEqual([sid(3), sid(1)]);
      expect(
        callSids(await store.listDials({ agentId: 'alice', disposition: 'answered', since, limit: 1 })),
      ).toEqual([sid(4)]);
    });
  });

  describe('listing calls', () => {
    const callSids = (rows: { callSid: string }[]) => rows.map((row) => row.callSid);

    it('without a disposition: calls of several UTC days, newest first, since a time and up to a limit', async () => {
      const starts: [number, Date][] = [
        [1, at(MONDAY, 10)],
        [2, at(MONDAY + 1, 23, 59, 59)],
        [3, at(MONDAY + 2, 0, 0, 1)],
        [4, at(MONDAY + 2, 12)],
        [5, at(MONDAY + 4, 9)],
      ];
      for (const [n, time] of starts) await record(call(n).started(time));

      const since = at(MONDAY, 12);
      const until = at(MONDAY + 3, 0);
      expect(callSids(await store.listCalls({ since, until, limit: 10 }))).toEqual([sid(4), sid(3), sid(2)]);
      expect(callSids(await store.listCalls({ since, until, limit: 2 }))).toEqual([sid(4), sid(3)]);
      // A report reads its whole window: no limit.
      expect(callSids(await store.listCalls({ since, until, limit: Number.POSITIVE_INFINITY }))).toEqual([
        sid(4),
        sid(3),
        sid(2),
      ]);
      expect(callSids(await store.listCalls({ since: at(MONDAY, 10), until, limit: 10 }))).toEqual([
        sid(4),
        sid(3),
        sid(2),
        sid(1),
      ]);
      expect(
        callSids(await store.listCalls({ since: at(MONDAY + 4, 0), until: at(MONDAY + 5, 0), limit: 10 })),
      ).toEqual([sid(5)]);
      const [latest] = await store.listCalls({ since, until, limit: 1 });
      expect(latest).toEqual((await store.readCall(sid(4))).call);
    });

    it('by disposition: only the calls that ended that way, the closed-hours ones included', async () => {
      const answered = call(1);
      await record(
        answered.started(at(MONDAY, 10)),
        answered.dialed(at(MONDAY, 10, 1), 'alice', 0, 'answered'),
      );
      // Closed, and the caller hung up: after-hours at first, abandoned-closed once it ends.
      const hungUp = call(2);
      await record(hungUp.started(at(MONDAY, 19), false), hungUp.ended(at(MONDAY, 19, 1)));
      // Closed, still on the line.
      const onTheLine = call(3);
      await record(onTheLine.started(at(MONDAY, 20), false));
      // Closed, asked for a callback, then hung up: after-hours, not abandoned.
      const asked = call(4);
      await record(
        asked.started(at(MONDAY, 21), false),
        asked.askedCallback(at(MONDAY, 21, 1), 'closed'),
        asked.ended(at(MONDAY, 21, 2)),
      );

      const list = async (disposition: Disposition) =>
        callSids(
          await store.listCalls({ disposition, since: at(MONDAY, 0), until: at(MONDAY + 1, 0), limit: 10 }),
        );
      expect(await list('after-hours')).toEqual([sid(4), sid(3)]);
      expect(await list('abandoned-closed')).toEqual([sid(2)]);
      expect(await list('answered')).toEqual([sid(1)]);
      expect(await list('busy')).toEqual([]);
      expect(
        callSids(
          await store.listCalls({
            disposition: 'after-hours',
            since: at(MONDAY, 0),
            until: at(MONDAY + 1, 0),
            limit: 1,
          }),
        ),
      ).toEqual([sid(4)]);
    });

    it('`until` is exclusive, as CallQuery says', async () => {
      await record(call(1).started(at(MONDAY, 10)), call(2).started(at(MONDAY, 11)));
      expect(
        callSids(await store.listCalls({ since: at(MONDAY, 0), until: at(MONDAY, 11), limit: 10 })),
      ).toEqual([sid(1)]);
    });

    // DynamoDB rejects a BETWEEN whose bounds are the wrong way round.
    it('a window that ends before it starts holds no calls', async () => {
      await record(call(1).started(at(MONDAY, 10)));
      expect(await store.listCalls({ since: at(MONDAY, 12), until: at(MONDAY, 11), limit: 10 })).toEqual([]);
    });
  });

  describe('callbacks', () => {
    /** A callback without its due time, for comparing what was booked with what is read back. */
    function withoutDue<T extends { dueAt?: string }>(callback: T | undefined): Omit<T, 'dueAt'> | undefined {
      if (!callback) return undefined;
      const { dueAt: _dropped, ...rest } = callback;
      return rest;
    }

    /** A busy dial on carol's line (she is its whole hunt list): the policy books a callback. */
    async function missedOnCarolsLine(n: number, time: Date, from = caller(n)) {
      const each = call(n, { from, to: CAROL_LINE });
      const changes = await record(
        each.started(time),
        each.dialed(new Date(time.getTime() + 60_000), 'carol', 0, 'busy'),
      );
      expect(changes.bookCallback).toBeDefined();
      return changes;
    }

    it('a booked callback is read back, by the call snapshot and by its id', async () => {
      const { bookCallback } = await missedOnCarolsLine(1, at(MONDAY, 10));

      expect(withoutDue(await store.getCallback(sid(1)))).toEqual(withoutDue(bookCallback));
      expect((await store.readCall(sid(1))).callback).toEqual({
        state: 'pending',
        dueAt: bookCallback?.dueAt,
      });
      expect(await store.getCallback(sid(404))).toBeUndefined();
    });

    // recordOf strips `dueAt` (the byDueTime sort key) after getCallback and callbacksIn put it back.
    it('a callback comes back with its due time', async () => {
      const { bookCallback } = await missedOnCarolsLine(1, at(MONDAY, 10));
      expect((await store.getCallback(sid(1)))?.dueAt).toBe(bookCallback?.dueAt);
      const [listed] = await store.listCallbacks({ states: ['pending'], limit: 1 });
      expect(listed?.dueAt).toBe(bookCallback?.dueAt);
    });

    it('a callback is written once, even when two decisions book it', async () => {
      const first = call(1, { to: CAROL_LINE });
      await record(first.started(at(MONDAY, 10)));
      const seen = await store.readCall(first.callSid);
      const byPolicy = decideCallChanges(first.dialed(at(MONDAY, 10, 1), 'carol', 0, 'busy'), seen, config);
      const byCaller = decideCallChanges(first.askedCallback(at(MONDAY, 10, 2)), seen, config);
      expect(byPolicy.bookCallback).toBeDefined();
      expect(byCaller.bookCallback).toMatchObject({ requestedBy: 'caller' });

      expect(await store.applyCallChanges(byPolicy)).toBe(true);
      expect(await store.applyCallChanges(byCaller)).toBe(false);
      expect(withoutDue(await store.getCallback(first.callSid))).toEqual(withoutDue(byPolicy.bookCallback));
    });

    it('the caller asking for the callback the policy booked marks when, once', async () => {
      const first = call(1, { to: CAROL_LINE });
      const { bookCallback } = await missedOnCarolsLine(1, at(MONDAY, 10));
      const asked = await record(first.askedCallback(at(MONDAY, 10, 2)));
      expect(asked.callerAskedAt).toBe(at(MONDAY, 10, 2).toISOString());
      await record(first.askedCallback(at(MONDAY, 10, 3), 'busy', 'callback-requested:again'));

      expect(withoutDue(await store.getCallback(first.callSid))).toEqual({
        ...withoutDue(bookCallback),
        requestedByCallerAt: at(MONDAY, 10, 2).toISOString(),
      });
    });

    it("an answered call cancels the customer's earlier pending callback", async () => {
      const customer = caller(1);
      await missedOnCarolsLine(1, at(MONDAY, 10), customer);
      const again = call(2, { from: customer, to: CAROL_LINE });
      const changes = await record(
        again.started(at(MONDAY, 11)),
        again.dialed(at(MONDAY, 11, 1), 'carol', 0, 'answered'),
      );
      expect(changes.cancelCallbackOf).toEqual({ customer, exceptCallbackId: again.callSid });

      expect(await store.getCallback(sid(1))).toMatchObject({
        state: 'canceled',
        closedReason: 'the customer called again and got through',
      });
      expect((await store.readCall(sid(1))).callback?.state).toBe('canceled');
    });

    it('an answered call leaves its own callback and other customers’ alone', async () => {
      await missedOnCarolsLine(1, at(MONDAY, 9), caller(1));
      // A PBX rule declines alice's leg: the policy books at once, then bob answers.
      const own = call(2, { from: caller(2) });
      const declined = await record(
        own.started(at(MONDAY, 10)),
        own.dialed(at(MONDAY, 10, 1), 'alice', 0, 'declined-by-policy', false),
      );
      expect(declined.bookCallback).toBeDefined();
      await record(own.dialed(at(MONDAY, 10, 2), 'bob', 1, 'answered'));

      expect((await store.getCallback(own.callSid))?.state).toBe('pending');
      expect((await store.getCallback(sid(1)))?.state).toBe('pending');
    });

    it("an answered call cancels every pending callback of the customer's", async () => {
      const customer = caller(1);
      await missedOnCarolsLine(1, at(MONDAY, 10), customer);
      await missedOnCarolsLine(2, at(MONDAY, 10, 30), customer);
      const third = call(3, { from: customer, to: CAROL_LINE });
      await record(third.started(at(MONDAY, 11)), third.dialed(at(MONDAY, 11, 1), 'carol', 0, 'answered'));

      expect((await store.getCallback(sid(2)))?.state).toBe('canceled');
      expect((await store.getCallback(sid(1)))?.state).toBe('canceled');
    });

    it('closing: only a pending callback, once', async () => {
      await missedOnCarolsLine(1, at(MONDAY, 10));
      expect(await store.closeCallback(sid(1), 'exhausted', 'no agent answered')).toBe(true);
      expect(await store.closeCallback(sid(1), 'canceled', 'again')).toBe(false);
      expect(await store.closeCallback(sid(404), 'canceled', 'never booked')).toBe(false);
      expect(await store.getCallback(sid(1))).toMatchObject({
        state: 'exhausted',
        closedReason: 'no agent answered',
      });
    });

    /** Callbacks 1–4 booked ten minutes apart (so due ten minutes apart), with `closed` then closed. */
    async function bookFour(closed: [number, 'exhausted' | 'canceled'][]) {
      for (const n of [1, 2, 3, 4]) await missedOnCarolsLine(n, at(MONDAY, 10, (n - 1) * 10));
      for (const [n, state] of closed)
        expect(await store.closeCallback(sid(n), state, 'closed by the test')).toBe(true);
    }
    type State = 'pending' | 'dialing' | 'completed' | 'exhausted' | 'canceled';
    const ids = async (states: State[], limit = 10) =>
      (await store.listCallbacks({ states, limit })).map((callback) => callback.callbackId);

    it('listing: open ones oldest due first, then the closed one, up to a limit', async () => {
      await bookFour([[3, 'canceled']]);

      expect(await ids(['pending', 'dialing', 'completed', 'exhausted', 'canceled'])).toEqual([
        sid(1),
        sid(2),
        sid(4),
        sid(3),
      ]);
      expect(await ids(['pending', 'canceled'], 2)).toEqual([sid(1), sid(2)]);
      expect(await ids(['canceled', 'exhausted'])).toEqual([sid(3)]);
      expect(await ids(['dialing', 'exhausted'])).toEqual([]);
      const [canceled] = await store.listCallbacks({ states: ['canceled'], limit: 1 });
      expect(canceled).toEqual(await store.getCallback(sid(3)));
      expect(canceled).toMatchObject({ state: 'canceled', closedReason: 'closed by the test' });
    });

    // The closed rows are sorted by `dueAt`, which recordOf has stripped: a TypeError from localeCompare.
    it('listing: closed ones most recent first', async () => {
      await bookFour([
        [1, 'exhausted'],
        [3, 'canceled'],
        [4, 'exhausted'],
      ]);

      expect(await ids(['pending', 'exhausted', 'canceled'])).toEqual([sid(2), sid(4), sid(3), sid(1)]);
      expect(await ids(['exhausted', 'canceled'], 2)).toEqual([sid(4), sid(3)]);
    });
  });

  describe('the alert ledger', () => {
    async function missedCallNotice() {
      const first = call(1);
      const { notices } = await record(
        first.started(at(MONDAY, 10)),
        first.dialed(at(MONDAY, 10, 1), 'carol', 2, 'busy'),
      );
      const notice = notices.find((each) => each.kind === 'missed-call');
      expect(notice).toBeDefined();
      return notice as NonNullable<typeof notice>;
    }
    const later = (seconds: number) => new Date(at(MONDAY, 10, 2).getTime() + seconds * 1000);

    it('one delivery claims an alert; the claim holds 60 s, then another may take it over', async () => {
      const notice = await missedCallNotice();
      expect(await store.claimAlert(notice, later(0))).toBe('claimed');
      expect(await store.claimAlert(notice, later(30))).toBe('held-elsewhere');
      expect(await store.claimAlert(notice, later(60))).toBe('held-elsewhere');
      expect(await store.claimAlert(notice, later(61))).toBe('claimed');
      expect(await store.claimAlert(notice, later(90))).toBe('held-elsewhere');
      // Another alert of the same call is claimed on its own.
      expect(
        await store.claimAlert(
          { ...notice, kind: 'voicemail', idempotencyKey: `voicemail:${sid(1)}` },
          later(90),
        ),
      ).toBe('claimed');
    });

    it('a claim given up after a failed publish can be taken at once; a sent alert stays sent', async () => {
      const notice = await missedCallNotice();
      expect(await store.claimAlert(notice, later(0))).toBe('claimed');
      await store.releaseAlert(notice);
      expect(await store.claimAlert(notice, later(1))).toBe('claimed');
      await store.markAlertSent(notice, 'sns-1', later(2));
      await store.releaseAlert(notice);
      expect(await store.claimAlert(notice, later(3))).toBe('already-sent');
    });

    // DynamoDB returns the failed item (ReturnValuesOnConditionCheckFailure); dynalite, the tests'
    // and `npm start`'s table, does not, so the store reads it.
    it('a sent alert is never claimed again, however late (even where the emulator does not return the failed item)', async () => {
      const notice = await missedCallNotice();
      expect(await store.claimAlert(notice, later(0))).toBe('claimed');
      await store.markAlertSent(notice, 'message-1', later(1));
      expect(await store.claimAlert(notice, later(2))).toBe('already-sent');
      expect(await store.claimAlert(notice, later(3600))).toBe('already-sent');
    });

    it('a sent alert cannot be claimed again, within the claim or after it', async () => {
      const notice = await missedCallNotice();
      expect(await store.claimAlert(notice, later(0))).toBe('claimed');
      await store.markAlertSent(notice, undefined, later(1));
      expect(await store.claimAlert(notice, later(2))).not.toBe('claimed');
      expect(await store.claimAlert(notice, later(3600))).not.toBe('claimed');
    });
  });

  describe('the outbox', () => {
    it('keeps each event once, lists them oldest first up to a limit, and removes them', async () => {
      const first = call(1);
      const newer = first.ended(at(MONDAY, 10, 5));
      const older = first.started(at(MONDAY, 10));
      expect(await store.keepInOutbox(newer, at(MONDAY, 10, 2))).toBe(true);
      expect(await store.keepInOutbox(older, at(MONDAY, 10, 1))).toBe(true);
      expect(await store.keepInOutbox(newer, at(MONDAY, 10, 3))).toBe(false);

      expect(await store.outboxEvents(at(MONDAY, 11), 10)).toEqual([older, newer]);
      expect(await store.outboxEvents(at(MONDAY, 11), 1)).toEqual([older]);
      expect(await store.outboxEvents(at(MONDAY, 10, 1), 10)).toEqual([older]);
      expect(await store.outboxEvents(at(MONDAY, 10), 10)).toEqual([]);

      await store.removeFromOutbox(older);
      expect(await store.outboxEvents(at(MONDAY, 11), 10)).toEqual([newer]);
      await store.removeFromOutbox(older);
      await store.removeFromOutbox(newer);
      expect(await store.outboxEvents(at(MONDAY, 11), 10)).toEqual([]);
    });
  });
});
