import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CallRow, legRow, summaryRow } from '../../lib/cli/call-listing';
import { localTable, localTime, parseSince, runCalls, tableLines } from '../../lib/cli/calls-command';
import { simulateCall } from '../../lib/simulator';
import type { CallOptions } from '../../lib/simulator/options';
import { callTableReader } from '../support/call-table-reader';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCalls(argv, { out: (line) => out.push(line), err: (line) => err.push(line) });
  return { code, out, err };
}

const CALL_SID = `CA${'1'.repeat(32)}`;

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
  const tenFive = new Date(2025, 6, 1, 10, 5, 9, 123).toISOString();
  const leg = {
    callSid: CALL_SID,
    from: '+447700900123',
    to: '+15550000001',
    agentId: 'alice',
    disposition: 'busy',
    sipResponseCode: 486,
    ringSeconds: 0.2,
    callerNextStep: 'callback-offer',
    occurredAt: tenFive,
  };

  it('takes the voicemail and callback flags of a leg from its call summary', () => {
    expect(legRow(leg, { callbackRequest: { reason: 'busy' } })).toEqual({
      ...leg,
      occurredAt: undefined,
      time: leg.occurredAt,
      voicemail: false,
      callback: 'requested',
    });
    expect(legRow(leg, undefined)).toMatchObject({ voicemail: false, callback: 'none' });
  });

  it("reads a summary's ring time from its latest leg, and copes without one", () => {
    const summary = { ...leg, ringSeconds: undefined, updatedAt: leg.occurredAt, latestPosition: 1 };
    const legs = { '00': { ringSeconds: 9 }, '01': { ringSeconds: 4 } };
    expect(summaryRow({ ...summary, legs, voicemail: {} })).toMatchObject({
      time: leg.occurredAt,
      ringSeconds: 4,
      voicemail: true,
      callback: 'none',
    });
    expect(summaryRow({ callSid: CALL_SID, updatedAt: leg.occurredAt })).toEqual({
      callSid: CALL_SID,
      time: leg.occurredAt,
      voicemail: false,
      callback: 'none',
    });
  });

  it('shows times in the local zone', () => {
    expect(localTime(tenFive)).toBe('2025-07-01 10:05:09');
    expect(localTime('not a time')).toBe('not a time');
  });

  it('aligns the columns and shows missing values as -', () => {
    const rows: CallRow[] = [
      legRow(leg, { voicemail: {} }),
      {
        callSid: `CA${'2'.repeat(32)}`,
        time: new Date(2025, 6, 1, 5).toISOString(),
        voicemail: false,
        callback: 'none',
      },
    ];
    const lines = tableLines(rows, new Date());
    expect(lines).toEqual([
      'Time                 Caller         Called        Agent  Disposition  SIP  Ring s  Next step       Voicemail  Callback  CallSid',
      `2025-07-01 10:05:09  +447700900123  +15550000001  alice  busy         486  0.2     callback-offer  yes        none      ${CALL_SID}`,
      `2025-07-01 05:00:00  -              -             -      -            -    -       -               no         none      CA${'2'.repeat(32)}`,
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
    [['--agnet', 'alice'], /Unknown option '--agnet'/],
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
    expect(out[0]).toMatch(/SCANS/);
  });
});

describe('redial calls on the local stack', () => {
  let stack: LocalStackProcess;
  const calls: Record<'busy' | 'answered' | 'declined', string> = { busy: '', answered: '', declined: '' };
  let between: Date;

  const call = (options: Partial<CallOptions>) =>
    simulateCall({
      baseUrl: stack.info.apiBaseUrl,
      authToken: stack.info.twilio.authToken,
      to: '+15550000001',
      ringSeconds: 0.2,
      ...options,
    }).then((transcript) => transcript.callSid);

  const stored = (callSid: string, done: (summary: Record<string, any>) => boolean) =>
    callTableReader(stack.info).waitForCall(callSid, (items) =>
      items.some((item) => item.sk === 'CALL' && done(item)),
    );

  /** The command's --json answer, with the local stack's state file. */
  const listed = async (...argv: string[]): Promise<Record<string, any>[]> => {
    const { code, out, err } = await run('--local-state', stack.stateFile, '--json', ...argv);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    return JSON.parse(out.join('\n'));
  };
  const sids = (rows: Record<string, any>[]) => rows.map((row) => row.callSid);

  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG]);
    calls.busy = await call({ agent: 'busy', digits: ['1'] });
    await stored(calls.busy, (summary) => summary.callbackRequest !== undefined);
    between = new Date();
    calls.answered = await call({ agent: 'answer' });
    await stored(calls.answered, (summary) => summary.disposition === 'answered');
    calls.declined = await call({ agent: 'decline', recordSeconds: 5 });
    await stored(calls.declined, (summary) => summary.voicemail !== undefined);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it("lists an agent's calls newest first, with the call's flags", async () => {
    const rows = await listed('--agent', 'alice');
    expect(sids(rows)).toEqual([calls.declined, calls.answered, calls.busy]);
    expect(rows[0]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      from: expect.stringMatching(/^\+/),
      to: '+15550000001',
      agentId: 'alice',
      disposition: 'declined-by-policy',
      sipResponseCode: 603,
      ringSeconds: 0.2,
      callerNextStep: 'callback-offer',
      voicemail: true,
      callback: 'booked',
      callSid: calls.declined,
    });
    expect(rows[2]).toMatchObject({ disposition: 'busy', voicemail: false, callback: 'requested' });
    expect(await listed('--agent', 'bob')).toEqual([]);
    expect(sids(await listed('--agent', 'alice', '--limit', '1'))).toEqual([calls.declined]);
  });

  it('lists by disposition, alone or with an agent', async () => {
    expect(sids(await listed('--disposition', 'busy'))).toEqual([calls.busy]);
    expect(sids(await listed('--agent', 'alice', '--disposition', 'answered'))).toEqual([calls.answered]);
    expect(await listed('--agent', 'bob', '--disposition', 'answered')).toEqual([]);
  });

  it('scans for every call without a filter', async () => {
    const rows = await listed();
    expect(sids(rows)).toEqual([calls.declined, calls.answered, calls.busy]);
    expect(rows.map((row) => row.disposition)).toEqual(['declined-by-policy', 'answered', 'busy']);
  });

  it('leaves out calls before --since, on an index and in the scan', async () => {
    const since = between.toISOString();
    expect(sids(await listed('--agent', 'alice', '--since', since))).toEqual([
      calls.declined,
      calls.answered,
    ]);
    expect(sids(await listed('--since', since))).toEqual([calls.declined, calls.answered]);
    expect(await listed('--since', '1m', '--disposition', 'busy')).toHaveLength(1);
    expect(await listed('--since', new Date(Date.now() + 60_000).toISOString())).toEqual([]);
  });

  it('prints a table by default', async () => {
    const { code, out } = await run('--local-state', stack.stateFile, '--agent', 'alice');
    expect(code).toBe(0);
    expect(out).toHaveLength(4);
    expect(out[0]).toMatch(
      /^Time +Caller +Called +Agent +Disposition +SIP +Ring s +Next step +Voicemail +Callback +CallSid$/,
    );
    expect(out[1]).toMatch(
      new RegExp(`alice +declined-by-policy +603 +0\\.2 +callback-offer +yes +booked +${calls.declined}$`),
    );
  });
});
