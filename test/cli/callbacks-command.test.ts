import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import type { CallbackState } from '../../lambdas/domain/callback-attempts';
import { callbackRecord, requestedCallback } from '../../lambdas/domain/callbacks';
import { parseConfig } from '../../lambdas/domain/config';
import type { StoredCallback } from '../../lambdas/domain/redial-store';
import { type CallbackRow, callbackRow } from '../../tools/cli/callback-listing';
import { jsonRow, listLines, showLines } from '../../tools/cli/callback-views';
import { runCallbacks } from '../../tools/cli/callbacks-command';
import { tableErrorMessage } from '../../tools/cli/table-target';
import { localTime } from '../../tools/cli/text-table';
import { writeLocalState } from '../../tools/local-stack/state-file';
import { type EmbeddedTable, startEmbeddedTable } from '../support/embedded-table';
import { exampleConfigJson } from '../support/example-config';
import { localStateWithTable } from '../support/local-state-fixture';
import { callEvents, record, sid } from './recorded-calls';

const config = parseConfig(exampleConfigJson());
// Monday 2027-01-11, London (GMT), open 09:00–17:30; a callback falls due two minutes after it is asked for.
const at = (minutes: number) => new Date(Date.UTC(2027, 0, 11, 10, minutes));
const legSid = (attempt: number) => `CA${String(attempt).repeat(32)}`;

/** The callback the recorder books when the caller of call `n` asks for one, with `changes` standing for what the worker did since. */
function callback(n: number, requestedAt: Date, changes: Partial<StoredCallback> = {}): StoredCallback {
  const request = requestedCallback(callEvents(n).callbackRequested(requestedAt, 'busy', 'alice'));
  return { ...callbackRecord(request, config), ...changes };
}

const attempt = (n: number, agentId: string, minute: number, outcome?: string) => ({
  attempt: n,
  agentId,
  startedAt: at(minute).toISOString(),
  legCallSid: legSid(n),
  ...(outcome ? { outcome, endedAt: at(minute + 1).toISOString() } : {}),
});

const dialing = (n: number, requestedAt: Date) =>
  callback(n, requestedAt, {
    state: 'dialing',
    attempts: 1,
    currentAttempt: 1,
    activeAgent: 'bob',
    dueAt: at(40).toISOString(),
    history: [attempt(1, 'bob', 35)],
  });

const closed = (n: number, requestedAt: Date, state: 'completed' | 'exhausted', dueMinute: number) =>
  callback(n, requestedAt, {
    state,
    dueAt: at(dueMinute).toISOString(),
    attempts: 2,
    currentAttempt: 2,
    activeAgent: 'bob',
    excludedAgents: ['alice'],
    history: [
      attempt(1, 'alice', dueMinute - 20, 'agent-unavailable'),
      attempt(2, 'bob', dueMinute - 5, 'connected'),
    ],
  });

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCallbacks(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

describe('callback rows and formatting', () => {
  const item = closed(1, at(0), 'completed', 30);

  it('takes the agent of the latest attempt, the attempt count and the last outcome', () => {
    expect(callbackRow(item)).toEqual({
      callbackId: sid(1),
      state: 'completed',
      dueAt: at(30).toISOString(),
      customer: '+15005550001',
      line: '+442071234567',
      agent: 'bob',
      attempts: 2,
      maxAttempts: 3,
      reason: 'busy',
      requestedBy: 'caller',
      lastOutcome: 'connected',
    });
    // Before any attempt: the agent the customer tried; an attempt in progress has no outcome yet.
    expect(callbackRow(callback(2, at(0)))).toMatchObject({
      agent: 'alice',
      attempts: 0,
      lastOutcome: undefined,
    });
    expect(callbackRow(dialing(3, at(0)))).toMatchObject({ agent: 'bob', lastOutcome: undefined });
  });

  it('aligns the listing and shows missing values as -', () => {
    const rows: CallbackRow[] = [
      callbackRow(item),
      { ...callbackRow(callback(2, at(5))), customer: undefined },
    ];
    const lines = listLines(rows, ['completed', 'pending']);
    expect(lines).toEqual([
      'Due                  State      Customer      Line           Agent  Attempts  Reason  Requested by  Last outcome  Callback ID',
      `${localTime(at(30).toISOString())}  completed  +15005550001  +442071234567  bob    2/3       busy    caller        connected     ${sid(1)}`,
      `${localTime(at(7).toISOString())}  pending    -             +442071234567  alice  0/3       busy    caller        -             ${sid(2)}`,
    ]);
    expect(lines[0].indexOf('Callback ID')).toBe(lines[1].indexOf(sid(1)));
  });

  it('names the states it looked for when there are none', () => {
    expect(listLines([], ['pending', 'dialing'])).toEqual(['No pending or dialing callbacks.']);
    expect(listLines([], ['exhausted'])).toEqual(['No exhausted callbacks.']);
    expect(listLines([], ['pending', 'dialing', 'completed', 'exhausted', 'canceled'])).toEqual([
      'No callbacks.',
    ]);
  });

  it('writes every key in JSON, absent values as null', () => {
    expect(jsonRow(callbackRow(callback(2, at(0))))).toEqual({
      dueAt: at(2).toISOString(),
      state: 'pending',
      customer: '+15005550002',
      line: '+442071234567',
      agent: 'alice',
      attempts: 0,
      maxAttempts: 3,
      reason: 'busy',
      requestedBy: 'caller',
      lastOutcome: null,
      callbackId: sid(2),
    });
  });

  it('shows one callback: its fields, then its attempts', () => {
    const time = (minute: number) => localTime(at(minute).toISOString());
    expect(showLines({ ...item, closedReason: 'test' })).toEqual([
      `Callback ID:      ${sid(1)}`,
      'State:            completed',
      `Due:              ${time(30)}`,
      'Attempts:         2/3',
      'Current attempt:  2',
      'Customer:         +15005550001',
      'Line:             +442071234567',
      'Agent:            alice',
      'Active agent:     bob',
      'Hunt list:        alice, bob, carol',
      'Excluded agents:  alice',
      'Reason:           busy',
      'Requested by:     caller',
      `Requested at:     ${time(0)}`,
      'Closed because:   test',
      `CallSid:          ${sid(1)}`,
      '',
      'Attempt  Agent  Started              Outcome            Ended                Leg CallSid',
      `1        alice  ${time(10)}  agent-unavailable  ${time(11)}  ${legSid(1)}`,
      `2        bob    ${time(25)}  connected          ${time(26)}  ${legSid(2)}`,
    ]);
    expect(showLines(callback(2, at(0))).slice(-2)).toEqual(['', 'No attempts yet.']);
  });
});

describe('table errors', () => {
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  const local = { name: 'calls', endpoint: 'http://127.0.0.1:1' };

  // End to end, Jest's sandbox hides the socket error's code (the SDK wraps an Error from another realm).
  it('tells the user to start the local stack when its endpoint refuses', () => {
    expect(tableErrorMessage(local, refused)).toBe(
      'connect ECONNREFUSED 127.0.0.1:1; start the local stack with npm start',
    );
    expect(tableErrorMessage({ name: 'calls' }, refused)).toBe('connect ECONNREFUSED 127.0.0.1:1');
  });
});

describe('redial callbacks: options', () => {
  it.each([
    [
      ['lsit'],
      /^redial callbacks: unknown action "lsit"; use list, show, cancel \(see redial callbacks --help\)$/,
    ],
    [['show'], /show needs a callback ID/],
    [['cancel', sid(1), sid(2)], /too many arguments for 'callbacks'\. Expected 2 arguments but got 3\./],
    [['list', sid(1)], /list takes no arguments/],
    [['list', '--reason', 'why'], /--reason goes with cancel, not list/],
    [['cancel', sid(1), '--json'], /--json goes with list or show, not cancel/],
    [
      ['--state', 'done'],
      /unknown state "done"; use one of pending, dialing, completed, exhausted, canceled, all/,
    ],
    [['--limit', '0'], /--limit must be a whole number above 0/],
    [['cancel', sid(1), '--reason', ''], /--reason needs a value/],
    [['--table', 'calls', '--local-state', 'x.json'], /give --table or --local-state, not both/],
    [
      ['--stat', 'all'],
      /^redial callbacks: unknown option '--stat'; did you mean --state\? \(see redial callbacks --help\)$/,
    ],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const { code, out, err } = await run(...argv);
    expect({ code, out }).toEqual({ code: 2, out: [] });
    expect(err).toEqual([expect.stringMatching(message)]);
  });

  it('prints its help', async () => {
    const { code, out } = await run('cancel', '--help');
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Usage: redial callbacks \[list\]/);
  });
});

describe('redial callbacks on a table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redial-callbacks-'));
  const stateFile = join(dir, 'local.json');
  let embedded: EmbeddedTable;
  let store: DynamoStore;
  /** The callback worker's writes, on the embedded table. */
  let worker: import('../../lambdas/aws/callback-claims').CallbackClaims;

  const stored = async (n: number) => (await store.getCallback(sid(n))) as StoredCallback;

  /** Call n's caller asks for a callback: booked as the recorder books it. */
  const book = (n: number, requestedAt: Date) =>
    record(store, config, [callEvents(n).callbackRequested(requestedAt, 'busy', 'alice')]);

  /** The worker claims the callback's next attempt for `agentId` at `minute`, its lease running to `leaseMinute`. */
  async function claim(n: number, agentId: string, minute: number, leaseMinute: number) {
    const { dueAt, attempts } = await stored(n);
    const claimed = await worker.claimCallback({
      callbackId: sid(n),
      seenDueAt: dueAt,
      seenAttempts: attempts,
      takesOverLapsedAttempt: false,
      agentId,
      leaseUntil: at(leaseMinute),
      now: at(minute),
    });
    if (!claimed) throw new Error(`could not claim callback ${n}`);
    await worker.recordAttemptCall(sid(n), attempts + 1, legSid(attempts + 1));
  }

  /** The worker ends the attempt in progress a minute after `startMinute`. */
  async function end(
    n: number,
    startMinute: number,
    outcome: string,
    state: CallbackState,
    dueAt?: Date,
  ): Promise<void> {
    const { attempts } = await stored(n);
    const attempt = { number: attempts, outcome, endedAt: at(startMinute + 1) };
    if (!(await worker.endAttempt(sid(n), attempt, { state, dueAt, excludedAgents: ['alice'] })))
      throw new Error(`could not end attempt ${attempts} of callback ${n}`);
  }

  /** Two attempts, alice's then bob's, the last ending the callback; it stays due at bob's lease. */
  async function close(n: number, state: 'completed' | 'exhausted', dueMinute: number) {
    await book(n, at(0));
    await claim(n, 'alice', dueMinute - 20, dueMinute - 15);
    await end(n, dueMinute - 20, 'agent-unavailable', 'pending', at(dueMinute - 5));
    await claim(n, 'bob', dueMinute - 5, dueMinute);
    await end(n, dueMinute - 5, state === 'completed' ? 'connected' : 'customer-no-answer', state);
  }

  /** The command's --json answer, on the embedded table through a local-state file. */
  const listed = async (...argv: string[]): Promise<string[]> => {
    const { code, out, err } = await run('list', '--local-state', stateFile, '--json', ...argv);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    return JSON.parse(out.join('\n')).map((row: Record<string, unknown>) => row.callbackId);
  };

  beforeAll(async () => {
    embedded = await startEmbeddedTable();
    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB as string;
    writeLocalState(stateFile, localStateWithTable(embedded.tableName, endpoint));
    store = new DynamoStore(embedded.client, embedded.tableName);
    worker = new (require('../../lambdas/aws/callback-claims').CallbackClaims)(
      embedded.client,
      embedded.tableName,
    );
    await book(10, at(0)); // pending, due at(2)
    await book(11, at(1));
    await claim(11, 'bob', 35, 40); // dialing, due when the lease runs out: at(40)
    await book(12, at(20)); // pending, due at(22)
    await close(13, 'completed', 30);
    await close(14, 'completed', 50);
    await close(15, 'exhausted', 45);
  });

  afterAll(async () => {
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists pending and dialing callbacks by default, oldest due first', async () => {
    expect(await listed()).toEqual([sid(10), sid(12), sid(11)]);
    expect(await listed('--limit', '2')).toEqual([sid(10), sid(12)]);
    const { code, out } = await run('--local-state', stateFile);
    expect(code).toBe(0);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(
      /^Due +State +Customer +Line +Agent +Attempts +Reason +Requested by +Last outcome +Callback ID$/,
    );
    expect(out[1]).toMatch(new RegExp(`^${localTime(at(2).toISOString())} +pending .* ${sid(10)}$`));
    expect(out[3]).toMatch(
      new RegExp(`dialing +\\+15005550011 +\\+442071234567 +bob +1/3 +busy +caller +- +${sid(11)}$`),
    );
  });

  it('lists one state, or all: open ones first, then closed ones most recent first', async () => {
    expect(await listed('--state', 'dialing')).toEqual([sid(11)]);
    expect(await listed('--state', 'completed')).toEqual([sid(14), sid(13)]);
    expect(await listed('--state', 'canceled')).toEqual([]);
    expect(await listed('--state', 'all')).toEqual([sid(10), sid(12), sid(11), sid(14), sid(15), sid(13)]);
    expect(await listed('--state', 'all', '--limit', '4')).toEqual([sid(10), sid(12), sid(11), sid(14)]);
    expect((await run('list', '--state', 'canceled', '--local-state', stateFile)).out).toEqual([
      'No canceled callbacks.',
    ]);
  });

  it('shows a callback with its attempts, or the stored callback as JSON', async () => {
    const shown = await run('show', sid(13), '--local-state', stateFile);
    expect(shown.code).toBe(0);
    expect(shown.out).toEqual(showLines(await stored(13)));
    expect(shown.out.slice(0, 4)).toEqual([
      `Callback ID:      ${sid(13)}`,
      'State:            completed',
      `Due:              ${localTime(at(30).toISOString())}`,
      'Attempts:         2/3',
    ]);
    expect(shown.out.slice(-3)).toEqual([
      expect.stringMatching(/^Attempt +Agent +Started +Outcome +Ended +Leg CallSid$/),
      expect.stringMatching(/^1 +alice .* agent-unavailable /),
      expect.stringMatching(/^2 +bob .* connected .* CA2{32}$/),
    ]);
    const json = await run('show', sid(13), '--json', '--local-state', stateFile);
    expect(JSON.parse(json.out.join('\n'))).toEqual(await stored(13));
    expect(JSON.parse(json.out.join('\n'))).toMatchObject({
      callbackId: sid(13),
      state: 'completed',
      dueAt: at(30).toISOString(),
      excludedAgents: ['alice'],
    });
  });

  it('says so, exit 2, for an unknown callback', async () => {
    expect(await run('show', sid(99), '--local-state', stateFile)).toEqual({
      code: 2,
      out: [],
      err: [`redial callbacks: no callback ${sid(99)}`],
    });
    expect((await run('cancel', sid(99), '--local-state', stateFile)).code).toBe(2);
  });

  it('cancels a pending callback, which leaves the worker’s queue', async () => {
    await book(20, at(3));
    expect(await listed()).toContain(sid(20));
    expect(
      await run('cancel', sid(20), '--reason', 'customer rang back', '--local-state', stateFile),
    ).toEqual({
      code: 0,
      out: [`Canceled callback ${sid(20)}.`],
      err: [],
    });
    expect(await stored(20)).toMatchObject({ state: 'canceled', closedReason: 'customer rang back' });
    expect(await listed()).not.toContain(sid(20));
    expect(await listed('--state', 'canceled')).toEqual([sid(20)]);
  });

  it('refuses, exit 1, to cancel a callback that is not pending, and leaves it be', async () => {
    const before = await stored(13);
    expect(await run('cancel', sid(13), '--local-state', stateFile)).toEqual({
      code: 1,
      out: [],
      err: [`redial callbacks: callback ${sid(13)} is completed; only pending callbacks can be canceled`],
    });
    expect(await stored(13)).toEqual(before);
    const { code, err } = await run('cancel', sid(11), '--local-state', stateFile);
    expect({ code, err }).toEqual({
      code: 1,
      err: [
        `redial callbacks: callback ${sid(11)} is dialing; only pending callbacks can be canceled (wait for its attempt to end)`,
      ],
    });
  });

  it('exits 2 when the table cannot be reached', async () => {
    const stopped = join(dir, 'stopped.json');
    writeLocalState(stopped, localStateWithTable('calls', 'http://127.0.0.1:1'));
    const { code, out, err } = await run('--local-state', stopped);
    expect({ code, out }).toEqual({ code: 2, out: [] });
    expect(err).toEqual([expect.stringMatching(/^redial callbacks: .*ECONNREFUSED/)]);
  });
});
