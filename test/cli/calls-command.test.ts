import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoStore } from '../../lambdas/aws/dynamo-store';
import { applyCallEvent, type CallEvent, type CallRecord } from '../../lambdas/domain/call-record';
import { parseConfig } from '../../lambdas/domain/config';
import { DISPOSITIONS } from '../../lambdas/domain/dispositions';
import type { DialRow } from '../../lambdas/domain/redial-store';
import { type CallRow, callRow, dialRow } from '../../tools/cli/call-listing';
import { localTable, localTime, parseSince, runCalls, tableLines } from '../../tools/cli/calls-command';
import { type CallTable, callTableClient } from '../../tools/cli/table-target';
import { writeLocalState } from '../../tools/local-stack/state-file';
import { type EmbeddedTable, startEmbeddedTable } from '../support/embedded-table';
import { exampleConfigJson } from '../support/example-config';
import { localStateWithTable } from '../support/local-state-fixture';
import { callEvents, caller, type Dial, LINE, record, sid, UNROUTED_NUMBER } from './recorded-calls';

const config = parseConfig(exampleConfigJson());

async function run(...argv: string[]) {
  return runWith(callTableClient, ...argv);
}

async function runWith(connect: (table: CallTable) => DynamoDBDocumentClient, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const output = { out: (line: string) => out.push(line), err: (line: string) => err.push(line) };
  const code = await runCalls(argv, output, connect);
  return { code, out, err };
}

const CALL_SID = sid(1);

describe('parseSince', () => {
  const now = new Date('2025-03-10T12:00:00Z');

  it.each([
    ['15m', '2025-03-10T11:45:00.000Z'],
    ['2h', '2025-03-10T10:00:00.000Z'],
    ['7d', '2025-03-03T12:00:00.000Z'],
    ['2025-03-01T08:30:00Z', '2025-03-01T08:30:00.000Z'],
    ['2025-03-01T08:30:00+01:00', '2025-03-01T07:30:00.000Z'],
    // Without a zone, this machine's local time (built from local parts, whatever the zone).
    ['2025-03-01T08:30', new Date(2025, 2, 1, 8, 30).toISOString()],
    ['2025-03-01', new Date(2025, 2, 1).toISOString()],
  ])('reads %s', (value, expected) => {
    expect(parseSince(value, now).toISOString()).toBe(expected);
  });

  it.each(['', 'yesterday', '15', '3w', '-2h', '2025-13-01', '1741608000'])('rejects "%s"', (value) => {
    expect(() => parseSince(value, now)).toThrow(/--since must be/);
  });
});

describe('rows and formatting', () => {
  /** 10:05:09 on 1 July 2025 in this machine's zone, whichever it is. */
  const tenFive = new Date(2025, 6, 1, 10, 5, 9, 123);
  const later = (seconds: number) => new Date(tenFive.getTime() + seconds * 1000);
  const events = callEvents(1);
  const busy: Dial = {
    agentId: 'alice',
    position: 0,
    disposition: 'busy',
    dialCallStatus: 'busy',
    sipResponseCode: 486,
    ringSeconds: 0.2,
    huntExhausted: true,
    callerNextStep: 'callback-offer',
  };
  const recorded = (...callEvents: CallEvent[]) =>
    callEvents.reduce<CallRecord | undefined>(
      (call, event) => applyCallEvent(call, event),
      undefined,
    ) as CallRecord;
  /** The dial as the by-agent listing returns it. */
  const dial: DialRow = {
    callSid: CALL_SID,
    from: caller(1),
    to: LINE,
    agentId: 'alice',
    huntPosition: 0,
    disposition: 'busy',
    sipResponseCode: 486,
    ringSeconds: 0.2,
    callerNextStep: 'callback-offer',
    occurredAt: later(5).toISOString(),
  };

  it("takes a dial's outcome, voicemail and callback from its call", () => {
    const call = recorded(
      events.started(tenFive),
      events.dial(later(5), busy),
      events.callbackRequested(later(15), 'busy', 'alice'),
      events.ended(later(16), 'completed', 16),
    );
    expect(dialRow(dial, call)).toEqual({
      time: dial.occurredAt,
      callSid: CALL_SID,
      from: caller(1),
      to: LINE,
      agentId: 'alice',
      disposition: 'busy',
      outcome: 'callback-booked',
      sipResponseCode: 486,
      ringSeconds: 0.2,
      callerNextStep: 'callback-offer',
      voicemail: false,
      callback: 'requested',
      endedAt: later(16).toISOString(),
      durationSeconds: 16,
    });
    expect(dialRow(dial, undefined)).toMatchObject({
      outcome: undefined,
      voicemail: false,
      callback: 'none',
    });
  });

  it("shows a call from its start, with its latest dial's ring time", () => {
    const call = recorded(
      events.started(tenFive),
      events.dial(later(9), { ...busy, ringSeconds: 9, huntExhausted: false, callerNextStep: 'next-agent' }),
      events.dial(later(70), {
        ...busy,
        agentId: 'bob',
        position: 1,
        disposition: 'answered',
        dialCallStatus: 'completed',
        sipResponseCode: undefined,
        ringSeconds: 4,
        talkSeconds: 55,
        callerNextStep: 'hangup',
      }),
    );
    expect(callRow(call)).toMatchObject({
      time: tenFive.toISOString(),
      agentId: 'bob',
      disposition: 'answered',
      outcome: 'answered',
      ringSeconds: 4,
      callerNextStep: 'hangup',
      voicemail: false,
      callback: 'none',
    });
    // Just started: nothing decided yet.
    expect(callRow(recorded(events.started(tenFive)))).toEqual({
      time: tenFive.toISOString(),
      callSid: CALL_SID,
      from: caller(1),
      to: LINE,
      outcome: 'in-progress',
      voicemail: false,
      callback: 'none',
    });
  });

  it('shows times in the local zone', () => {
    expect(localTime(tenFive.toISOString())).toBe('2025-07-01 10:05:09');
    expect(localTime('not a time')).toBe('not a time');
  });

  it('aligns the columns and shows missing values as -', () => {
    const call = recorded(
      events.started(tenFive),
      events.dial(later(5), { ...busy, disposition: 'declined-by-policy', sipResponseCode: 603 }),
      events.voicemailLeft(later(40), 30),
    );
    const rows: CallRow[] = [
      { ...dialRow(dial, call), time: tenFive.toISOString() },
      {
        callSid: sid(2),
        time: new Date(2025, 6, 1, 5).toISOString(),
        voicemail: false,
        callback: 'none',
      },
    ];
    const lines = tableLines(rows, new Date());
    expect(lines).toEqual([
      'Time                 Caller        Called         Agent  Disposition  Outcome    SIP  Ring s  Next step       Voicemail  Callback  CallSid',
      `2025-07-01 10:05:09  +15005550001  +442071234567  alice  busy         voicemail  486  0.2     callback-offer  yes        none      ${CALL_SID}`,
      `2025-07-01 05:00:00  -             -              -      -            -          -    -       -               no         none      ${sid(2)}`,
    ]);
    expect(lines[0].indexOf('CallSid')).toBe(lines[1].indexOf(CALL_SID));
  });

  it('says when nothing matched', () => {
    expect(tableLines([], new Date(2025, 6, 1, 10))).toEqual(['No calls since 2025-07-01 10:00:00.']);
  });
});

describe('redial calls: options and state file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redial-calls-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    [['--disposition', 'missed'], /^redial calls: unknown disposition "missed"; use one of answered, /],
    [['--limit', '0'], /--limit must be a whole number above 0/],
    [['--since', 'last week'], /--since must be/],
    [['--table', 'calls', '--local-state', 'x.json'], /give --table or --local-state, not both/],
    [['--region', 'eu-west-1'], /--region goes with --table/],
    [
      ['--agnet', 'alice'],
      /^redial calls: unknown option '--agnet'; did you mean --agent\? \(see redial calls --help\)$/,
    ],
  ])('exits 2 with one line for %j', async (argv, message) => {
    const { code, out, err } = await run(...argv);
    expect({ code, out }).toEqual({ code: 2, out: [] });
    expect(err).toEqual([expect.stringMatching(message)]);
  });

  it('tells the user to start the local stack when its state file is missing', async () => {
    const missing = join(dir, 'local.json');
    expect(await run('--local-state', missing)).toEqual({
      code: 2,
      out: [],
      err: [`redial calls: no ${missing}: start the local stack with npm start, or pass --table`],
    });
  });

  it('refuses a state file that is not the local stack’s', () => {
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, JSON.stringify({ region: 'us-east-1' }));
    expect(() => localTable(broken)).toThrow(`${broken} is not a local stack state file`);
  });

  it('prints its help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Usage: redial calls/);
    expect(out[0]).toMatch(/the byDay index/);
    expect(out[0]).toMatch(/the byDisposition index/);
    expect(out[0]).toMatch(/the byAgent index/);
    expect(out[0]).not.toMatch(/SCANS/);
    for (const disposition of DISPOSITIONS) expect(out[0]).toContain(disposition);
  });
});

describe('redial calls on a table', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redial-calls-table-'));
  const stateFile = join(dir, 'local.json');
  let embedded: EmbeddedTable;
  let store: DynamoStore;

  /** Three hours ago, to the second: every call of the day's listing starts after it. */
  const start = new Date(Math.floor(Date.now() / 1000) * 1000 - 3 * 3_600_000);
  const at = (minutes: number, seconds = 0) => new Date(start.getTime() + (minutes * 60 + seconds) * 1000);
  const twoDaysAgo = new Date(start.getTime() - 2 * 86_400_000);
  const ago = (seconds: number) => new Date(twoDaysAgo.getTime() + seconds * 1000);

  const dial = (
    agentId: string,
    position: number,
    disposition: Dial['disposition'],
    more: Partial<Dial> = {},
  ) => ({
    agentId,
    position,
    disposition,
    dialCallStatus: disposition === 'answered' ? 'completed' : disposition,
    ringSeconds: 0.2,
    huntExhausted: true,
    callerNextStep: 'voicemail' as const,
    ...more,
  });

  /** The calls, by what happened to them; each number is its CallSid's (sid(n)) and its caller's. */
  const CALLS = {
    answered: 1,
    busyThenRequested: 2,
    declinedWithVoicemail: 3,
    afterHours: 4,
    abandonedClosed: 5,
    unrouted: 6,
    inProgress: 7,
    twoDaysAgo: 8,
  } as const;

  /** Today's calls, newest first. */
  const TODAY = [7, 6, 5, 4, 3, 2, 1].map(sid);

  async function recordCalls() {
    const [one, two, three, four, five, six, seven, eight] = [1, 2, 3, 4, 5, 6, 7, 8].map((n) =>
      callEvents(n, n === CALLS.unrouted ? UNROUTED_NUMBER : LINE),
    );
    await record(store, config, [
      one.started(at(0)),
      one.dial(
        at(0, 5),
        dial('alice', 0, 'busy', {
          sipResponseCode: 486,
          ringSeconds: 0.4,
          huntExhausted: false,
          callerNextStep: 'next-agent',
        }),
      ),
      one.dial(
        at(1, 8),
        dial('bob', 1, 'answered', { ringSeconds: 3, talkSeconds: 60, callerNextStep: 'hangup' }),
      ),
      one.ended(at(1, 9), 'completed', 69),
    ]);
    await record(store, config, [
      two.started(at(10)),
      two.dial(
        at(10, 5),
        dial('alice', 0, 'busy', { sipResponseCode: 486, callerNextStep: 'callback-offer' }),
      ),
      two.callbackRequested(at(10, 15), 'busy', 'alice'),
      two.ended(at(10, 16), 'completed', 16),
    ]);
    await record(store, config, [
      three.started(at(20)),
      three.dial(at(20, 3), dial('alice', 0, 'declined-by-policy', { sipResponseCode: 603 })),
      three.voicemailLeft(at(20, 40), 30),
      three.voicemailRecorded(at(20, 41), 30),
      three.ended(at(20, 41), 'completed', 41),
    ]);
    await record(store, config, [
      four.started(at(30), false),
      four.callbackRequested(at(30, 20), 'closed'),
      four.ended(at(30, 21), 'completed', 21),
    ]);
    await record(store, config, [five.started(at(40), false), five.ended(at(40, 8), 'completed', 8)]);
    await record(store, config, [
      six.started(at(50)),
      six.voicemailLeft(at(50, 30), 20),
      six.ended(at(50, 31), 'completed', 31),
    ]);
    await record(store, config, [seven.started(at(60))]);
    await record(store, config, [
      eight.started(ago(0)),
      eight.dial(
        ago(30),
        dial('alice', 0, 'answered', { ringSeconds: 2, talkSeconds: 25, callerNextStep: 'hangup' }),
      ),
      eight.ended(ago(31), 'completed', 31),
    ]);
  }

  /** The command's --json answer, on the embedded table through a local-state file. */
  const listed = async (...argv: string[]): Promise<Record<string, any>[]> => {
    const { code, out, err } = await run('--local-state', stateFile, '--json', ...argv);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    return JSON.parse(out.join('\n'));
  };
  const sids = async (...argv: string[]) => (await listed(...argv)).map((row) => row.callSid);

  beforeAll(async () => {
    embedded = await startEmbeddedTable();
    const endpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB as string;
    writeLocalState(stateFile, localStateWithTable(embedded.tableName, endpoint));
    store = new DynamoStore(embedded.client, embedded.tableName);
    await recordCalls();
  });

  afterAll(async () => {
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("lists the day's calls newest first, one row each, with where each stands", async () => {
    const rows = await listed();
    expect(rows.map((row) => row.callSid)).toEqual(TODAY);
    expect(rows.map((row) => [row.disposition, row.outcome, row.callback])).toEqual([
      [null, 'in-progress', 'none'],
      ['unrouted', 'voicemail', 'none'],
      ['abandoned-closed', 'missed', 'none'],
      ['after-hours', 'callback-booked', 'requested'],
      ['declined-by-policy', 'voicemail', 'booked'],
      ['busy', 'callback-booked', 'requested'],
      ['answered', 'answered', 'none'],
    ]);
    expect(rows[4]).toEqual({
      time: at(20).toISOString(),
      from: caller(3),
      to: LINE,
      agentId: 'alice',
      disposition: 'declined-by-policy',
      outcome: 'voicemail',
      sipResponseCode: 603,
      ringSeconds: 0.2,
      callerNextStep: 'voicemail',
      voicemail: true,
      callback: 'booked',
      endedAt: at(20, 41).toISOString(),
      durationSeconds: 41,
      callSid: sid(3),
    });
    // The answered call's row is its latest dial's: bob's, after alice was busy.
    expect(rows[6]).toMatchObject({
      agentId: 'bob',
      ringSeconds: 3,
      callerNextStep: 'hangup',
      durationSeconds: 69,
    });
    expect(rows[0]).toEqual({
      time: at(60).toISOString(),
      from: caller(7),
      to: LINE,
      agentId: null,
      disposition: null,
      outcome: 'in-progress',
      sipResponseCode: null,
      ringSeconds: null,
      callerNextStep: null,
      voicemail: false,
      callback: 'none',
      endedAt: null,
      durationSeconds: null,
      callSid: sid(7),
    });
  });

  it('goes back day by day as far as --since, and stops at --limit', async () => {
    expect(await sids('--since', '3d')).toEqual([...TODAY, sid(CALLS.twoDaysAgo)]);
    expect(await sids('--since', at(25).toISOString())).toEqual(TODAY.slice(0, 4));
    expect(await sids('--since', new Date(Date.now() + 60_000).toISOString())).toEqual([]);
    expect(await sids('--limit', '2')).toEqual(TODAY.slice(0, 2));
    expect(await sids('--since', '3d', '--limit', '8')).toHaveLength(8);
  });

  const BY_DISPOSITION: Partial<Record<(typeof DISPOSITIONS)[number], number[]>> = {
    answered: [CALLS.answered],
    busy: [CALLS.busyThenRequested],
    'declined-by-policy': [CALLS.declinedWithVoicemail],
    'after-hours': [CALLS.afterHours],
    'abandoned-closed': [CALLS.abandonedClosed],
    unrouted: [CALLS.unrouted],
  };

  it.each(DISPOSITIONS)(
    'lists the calls that ended %s (the call’s own disposition, not a dial’s)',
    async (disposition) => {
      expect(await sids('--disposition', disposition)).toEqual((BY_DISPOSITION[disposition] ?? []).map(sid));
    },
  );

  it('keeps --since and --limit with --disposition', async () => {
    expect(await sids('--disposition', 'answered', '--since', '3d')).toEqual([
      sid(CALLS.answered),
      sid(CALLS.twoDaysAgo),
    ]);
    expect(await sids('--disposition', 'answered', '--since', '3d', '--limit', '1')).toEqual([
      sid(CALLS.answered),
    ]);
  });

  it("lists an agent's dials newest first, each with its call's outcome and flags", async () => {
    const rows = await listed('--agent', 'alice');
    expect(rows.map((row) => row.callSid)).toEqual([3, 2, 1].map(sid));
    // Alice was busy for call 1, which bob then answered: her row says so.
    expect(rows[2]).toEqual({
      time: at(0, 5).toISOString(),
      from: caller(1),
      to: LINE,
      agentId: 'alice',
      disposition: 'busy',
      outcome: 'answered',
      sipResponseCode: 486,
      ringSeconds: 0.4,
      callerNextStep: 'next-agent',
      voicemail: false,
      callback: 'none',
      endedAt: at(1, 9).toISOString(),
      durationSeconds: 69,
      callSid: sid(1),
    });
    expect(rows[0]).toMatchObject({
      disposition: 'declined-by-policy',
      outcome: 'voicemail',
      voicemail: true,
    });
    expect(rows[1]).toMatchObject({ disposition: 'busy', outcome: 'callback-booked', callback: 'requested' });
    expect(await sids('--agent', 'bob')).toEqual([sid(1)]);
    expect(await sids('--agent', 'carol')).toEqual([]);
    expect(await sids('--agent', 'alice', '--limit', '1')).toEqual([sid(3)]);
    expect(await sids('--agent', 'alice', '--since', '3d')).toEqual([3, 2, 1, 8].map(sid));
  });

  it("filters an agent's dials by how they ended", async () => {
    expect(await sids('--agent', 'alice', '--disposition', 'busy')).toEqual([2, 1].map(sid));
    expect(await sids('--agent', 'bob', '--disposition', 'answered')).toEqual([sid(1)]);
    expect(await sids('--agent', 'bob', '--disposition', 'busy')).toEqual([]);
  });

  it('prints a table by default', async () => {
    const { code, out } = await run('--local-state', stateFile, '--agent', 'alice');
    expect(code).toBe(0);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(
      /^Time +Caller +Called +Agent +Disposition +Outcome +SIP +Ring s +Next step +Voicemail +Callback +CallSid$/,
    );
    expect(out[3]).toMatch(new RegExp(`alice +busy +answered +486 +0\\.4 +next-agent +no +none +${sid(1)}$`));
  });

  it('never scans: every form is index queries (and the calls of an agent’s dials by key)', async () => {
    const sent: { command: string; indexName?: string }[] = [];
    const watched = (table: CallTable) => {
      const client = callTableClient(table);
      client.middlewareStack.add(
        (next, context) => async (args) => {
          sent.push({
            command: String(context.commandName),
            indexName: (args.input as { IndexName?: string }).IndexName,
          });
          return next(args);
        },
        { step: 'initialize', name: 'recordCommands' },
      );
      return client;
    };
    const forms = [
      [],
      ['--since', '3d'],
      ...DISPOSITIONS.map((disposition) => ['--disposition', disposition]),
      ['--agent', 'alice'],
      ['--agent', 'alice', '--disposition', 'busy'],
    ];
    for (const form of forms) {
      const before = sent.length;
      const { code, err } = await runWith(watched, '--local-state', stateFile, '--json', ...form);
      expect({ form, code, err }).toEqual({ form, code: 0, err: [] });
      expect({ form, queries: sent.slice(before).some((entry) => entry.command === 'QueryCommand') }).toEqual(
        {
          form,
          queries: true,
        },
      );
    }
    expect(sent.filter((entry) => entry.command === 'ScanCommand')).toEqual([]);
    expect(new Set(sent.map((entry) => entry.command))).toEqual(
      new Set(['QueryCommand', 'BatchGetItemCommand']),
    );
    expect(sent.filter((entry) => entry.command === 'QueryCommand' && !entry.indexName)).toEqual([]);
  });
});
