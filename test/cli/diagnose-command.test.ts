import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROBE_CALL_SID } from '../../lambdas/domain/twilio-request';
import { runDiagnose } from '../../tools/cli/diagnose-command';
import type { DiagnoseReport } from '../../tools/cli/diagnose-report';
import {
  ACCOUNT_SID,
  API_KEY,
  AUTH_TOKEN,
  BILLING_NUMBER,
  MAIN_NUMBER,
  NOW,
  SALES_NUMBER,
  SUPPORT_NUMBER,
} from '../../tools/twilio-emulator/account-history-sample';
import { type SampleAccountOptions, startSampleAccount } from '../../tools/twilio-emulator/sample-account';

/**
 * `redial diagnose` against the sample account (issue 13's Done-when): Twilio's records served by
 * the account-history emulator, the numbers' TwiML by the account's web app, read through
 * twilio-node exactly as against Twilio, at the sample's "now".
 */

const FIXTURE_SOURCE: Record<string, string> = {
  person: 'person',
  'pbx-rule': 'pbx-rule',
  'twiml-reject': 'your-twiml',
  'busy-or-unavailable': 'not-a-decline',
};

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function diagnose(
  argv: string[],
  account: SampleAccountOptions = {},
  credentials: Record<string, string> = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: AUTH_TOKEN },
) {
  const started = await startSampleAccount(account);
  const run: Run = { code: 0, out: [], err: [] };
  try {
    run.code = await runDiagnose(
      argv,
      { out: (line) => run.out.push(line), err: (line) => run.err.push(line) },
      { now: () => NOW, env: { TWILIO_API_BASE_URL: started.api.url, ...credentials } },
    );
    return { ...run, ...started };
  } finally {
    await started.stop();
  }
}

async function jsonReport(
  argv: string[] = [],
  account: SampleAccountOptions = {},
  credentials?: Record<string, string>,
) {
  const run = await diagnose(['--json', '--timezone', 'UTC', ...argv], account, credentials);
  return { ...run, report: JSON.parse(run.out.join('\n')) as DiagnoseReport };
}

describe('redial diagnose against the sample account', () => {
  it('gives every call its known source, by Redial’s own rules', async () => {
    const { report, sample, code } = await jsonReport();
    const got = Object.fromEntries(report.calls.map((call) => [call.callSid, call.source]));
    const want = Object.fromEntries(
      sample.expected.map((call) => [call.callSid, FIXTURE_SOURCE[call.source]]),
    );
    expect(got).toEqual(want);
    expect(report.bySource).toEqual({
      person: 4,
      'pbx-rule': 7,
      'your-twiml': 2,
      'not-a-decline': 2,
      unknown: 0,
    });
    const refusals = report.calls.filter((call) => call.source === 'not-a-decline');
    expect(refusals.map((call) => call.alertCode).sort()).toEqual(['31480', '31486']);
    expect(code).toBe(1);
  });

  it('rests each call on its evidence: ring time, SIP code, Insights, the TwiML line', async () => {
    const { report, sample } = await jsonReport();
    const person = sample.expected.find((call) => call.source === 'person');
    expect(report.calls.find((call) => call.callSid === person?.callSid)?.evidence).toEqual([
      `dialled ${person?.endpoint}`,
      'SIP 603',
      `rang ${person?.ringSeconds} s`,
      'post-dial delay 180 ms',
      'disconnected by the callee',
    ]);
    const rejected = report.calls.find((call) => call.source === 'your-twiml');
    expect(rejected?.evidence).toEqual([`<Reject> on line 3 of ${sample.history.numbers[1].voiceUrl}`]);
  });

  it('counts each number’s calls by source, busiest first (a tie by number)', async () => {
    const { report } = await jsonReport();
    const counts = report.byNumber.map(({ number, bySource }) => [
      number,
      bySource.person,
      bySource['pbx-rule'],
      bySource['your-twiml'],
      bySource['not-a-decline'],
    ]);
    expect(counts).toEqual([
      [MAIN_NUMBER, 4, 5, 0, 2],
      [SUPPORT_NUMBER, 0, 0, 2, 0],
      [SALES_NUMBER, 0, 2, 0, 0],
    ]);
  });

  it('names the after-hours rule with its hours and days, and the person’s declines apart', async () => {
    const { report } = await jsonReport();
    expect(report.patterns.map((pattern) => pattern.description)).toEqual([
      "sip:frontdesk@pbx.example.com: 5 calls declined by the PBX's rules, Tue, Thu–Sun, 19:00–23:00 (UTC)",
      'sip:alice@pbx.example.com: 4 calls declined by a person, Mon–Wed, Fri, 10:00–16:00 (UTC)',
      "+15550100002: 2 calls rejected by the number's own TwiML, Tue, Thu, 09:00–14:00 (UTC)",
      'sip:alice@pbx.example.com: 2 calls refused but not declined (busy or unavailable), Wed, Fri, 11:00–16:00 (UTC)',
      "sip:sales@pbx.example.com: 2 calls declined by the PBX's rules, Mon, Wed, 21:00–23:00 (UTC)",
    ]);
  });

  it('recommends each change once, with its evidence', async () => {
    const { report, sample } = await jsonReport();
    const url = (number: string) => sample.history.numbers.find((n) => n.phoneNumber === number)?.voiceUrl;
    expect(report.recommendations.map((found) => [found.kind, found.evidence])).toEqual([
      [
        'route-after-hours-in-twiml',
        [expect.stringContaining('sip:frontdesk'), expect.stringContaining('sip:sales')],
      ],
      ['pbx-480-not-603', [expect.stringContaining('sip:frontdesk'), expect.stringContaining('sip:sales')]],
      ['review-reject', [`${SUPPORT_NUMBER}: 2 calls rejected by its own TwiML`]],
      ['add-dial-action', [`${SUPPORT_NUMBER}: <Dial> without action on line 4`]],
      ['add-dial-action', [`${SALES_NUMBER}: <Dial> without action on line 3`]],
      [
        'set-fallback-url',
        [
          `${SALES_NUMBER}: no voice fallback URL`,
          `${SALES_NUMBER}: Twilio got no TwiML once (11200 HTTP retrieval failure)`,
        ],
      ],
      ['fix-voice-url', [`${BILLING_NUMBER}: ${url(BILLING_NUMBER)} answered an HTML page, not TwiML`]],
    ]);
    expect(report.recommendations[2].text).toContain(`line 3 of ${url(SUPPORT_NUMBER)}`);
  });

  it('fetches each voice URL as Twilio would: its method, a ringing inbound call, signed; Redial records no call', async () => {
    const { app, sample } = await diagnose(['--json']);
    const requests = app.requests();
    expect(requests.map((request) => request.path).sort()).toEqual(
      sample.history.numbers.map((number) => new URL(number.voiceUrl ?? '').pathname).sort(),
    );
    for (const request of requests) {
      expect(request).toMatchObject({ method: 'POST', signed: true });
      expect(request.params).toMatchObject({
        CallSid: PROBE_CALL_SID,
        CallStatus: 'ringing',
        Direction: 'inbound',
      });
    }
  });

  it('asks a GET voice URL with the parameters in its signed URL; a TwiML app’s URLs for a number that names one; not a trunk’s number', async () => {
    const { report, app } = await jsonReport([], {
      documents: { '/voice/by-get': { body: '<Response><Hangup/></Response>' } },
      extraNumbers: [
        {
          sid: `PN${'e'.repeat(32)}`,
          phoneNumber: '+15550100005',
          voiceUrl: '/voice/by-get',
          voiceMethod: 'GET',
        },
        {
          sid: `PN${'f'.repeat(32)}`,
          phoneNumber: '+15550100006',
          voiceUrl: '',
          trunkSid: `TK${'1'.repeat(32)}`,
        },
        {
          sid: `PN${'d'.repeat(32)}`,
          phoneNumber: '+15550100007',
          voiceUrl: '/voice/main',
          voiceApplicationSid: `AP${'2'.repeat(32)}`,
        },
        {
          sid: `PN${'c'.repeat(32)}`,
          phoneNumber: '+15550100008',
          voiceUrl: null,
          voiceApplicationSid: `AP${'3'.repeat(32)}`,
        },
      ],
      applications: [
        { sid: `AP${'2'.repeat(32)}`, friendlyName: 'IVR', voiceUrl: '/voice/support', voiceMethod: 'POST' },
      ],
    });
    expect(app.requests().find((request) => request.path === '/voice/by-get')).toMatchObject({
      method: 'GET',
      signed: true,
      params: expect.objectContaining({ To: '+15550100005', CallSid: PROBE_CALL_SID }),
    });
    const numbers = Object.fromEntries(report.numbers.map((number) => [number.number, number]));
    expect(numbers['+15550100005']).toMatchObject({ findings: [] });
    expect(numbers['+15550100005'].twimlProblem).toBeUndefined();
    expect(numbers['+15550100006'].routedBy).toBe(`SIP trunk TK${'1'.repeat(32)}`);
    // A number's own voice URL is unused when it names a TwiML app: the app's is asked and audited.
    expect(numbers['+15550100007']).toMatchObject({
      via: `TwiML app IVR (AP${'2'.repeat(32)})`,
      voiceUrl: expect.stringMatching(/\/voice\/support$/),
      findings: [expect.objectContaining({ kind: 'reject', line: 3 }), expect.objectContaining({ line: 4 })],
    });
    expect(app.requests().filter((request) => request.path === '/voice/main')).toHaveLength(1);
    expect(numbers['+15550100008'].twimlProblem).toMatch(
      /^its TwiML app could not be read: HTTP 404, error 20404/,
    );
  });

  it('reads one number and the calls to it with --number', async () => {
    const { report } = await jsonReport(['--number', MAIN_NUMBER]);
    expect(report.numbers.map((number) => number.number)).toEqual([MAIN_NUMBER]);
    expect(new Set(report.calls.map((call) => call.number))).toEqual(new Set([MAIN_NUMBER]));
    expect(report.bySource).toMatchObject({ person: 4, 'pbx-rule': 5, 'your-twiml': 0 });
  });

  it('prints the report for a terminal, and writes the page with --html', async () => {
    const page = join(mkdtempSync(join(tmpdir(), 'diagnose-')), 'diagnose.html');
    const { out, code } = await diagnose(['--timezone', 'UTC', '--html', page]);
    const text = out.join('\n');
    expect(text).toMatch(/^Declines on AC0+d1a9, Sat 2026-11-28 12:00 – Sat 2026-12-05 12:00 \(UTC\)/);
    expect(text).toMatch(/^ {2}The PBX's rules +7$/m);
    expect(text).toContain(
      "sip:frontdesk@pbx.example.com: 5 calls declined by the PBX's rules, Tue, Thu–Sun, 19:00–23:00 (UTC)",
    );
    expect(text).toMatch(/^ {2}1\. Route calls outside opening hours/m);
    expect(text).not.toMatch(/undefined|NaN/);
    expect(out.at(-1)).toMatch(/^Wrote .*diagnose\.html \(\d+ KB\)/);
    expect(readFileSync(page, 'utf8')).toContain('Where this account');
    expect(code).toBe(1);
  });
});

describe('redial diagnose, when the account cannot give everything', () => {
  it('without Voice Insights: says so once, and classifies from the alerts', async () => {
    const { report } = await jsonReport([], { insightsEnabled: false });
    expect(report.insights).toBe('not enabled');
    expect(report.problems.filter((line) => line.includes('Voice Insights is not enabled'))).toHaveLength(1);
    expect(report.bySource).toMatchObject({ person: 4, 'pbx-rule': 7, 'your-twiml': 2 });
  });

  it('with wrong credentials: one clear line, the report still printed, exit 2', async () => {
    const { report, code, err } = await jsonReport(
      [],
      {},
      {
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_AUTH_TOKEN: 'not-the-token',
      },
    );
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^Twilio refused the credentials from TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN \(HTTP 401, error 20003\)/,
      ),
    ]);
    expect(report.counts).toEqual({ alerts: 0, calls: 0, legs: 0, numbers: 0 });
    expect({ code, err }).toEqual({ code: 2, err: [] });
  });

  it('past the 30 days Monitor keeps: reads what it can and says from when', async () => {
    const { report } = await jsonReport(['--since', '40d']);
    expect(report.problems[0]).toMatch(
      /^Monitor keeps alerts for 30 days: read from 2026-11-05T12:01:00.000Z, not 2026-10-26/,
    );
    expect(report.calls).toHaveLength(15);
  });

  it('a window wholly past the 30 days: says so, asks Monitor nothing, and still audits the numbers', async () => {
    const { report, api, code } = await jsonReport(['--since', '60d', '--until', '40d']);
    expect(report.problems[0]).toMatch(/^Monitor keeps alerts for 30 days: the whole window ends before /);
    expect(api.requests().some((request) => request.path === '/v1/Alerts')).toBe(false);
    expect(report.numbers).toHaveLength(4);
    expect(code).toBe(1);
  });

  it('a voice URL that times out, or answers HTML: a line each, and the rest of the report', async () => {
    const { report } = await jsonReport(['--twiml-timeout', '0.3'], {
      documents: { '/voice/main': { body: '<Response/>', delayMs: 2_000 } },
    });
    expect(report.problems).toEqual([
      expect.stringMatching(
        /^The voice URL of \+15550100001 \(http:.*\/voice\/main\) did not answer within 0.3 s/,
      ),
      expect.stringMatching(
        /^The voice URL of \+15550100004 \(http:.*\/billing\) answered an HTML page, not TwiML$/,
      ),
    ]);
    expect(report.calls).toHaveLength(15);
  });

  it('with an API key: reads the records, and says the unsigned TwiML requests were refused', async () => {
    const { report } = await jsonReport(
      [],
      {},
      {
        TWILIO_ACCOUNT_SID: ACCOUNT_SID,
        TWILIO_API_KEY: API_KEY.sid,
        TWILIO_API_SECRET: API_KEY.secret,
      },
    );
    expect(report.calls).toHaveLength(15);
    expect(report.numbers.find((number) => number.number === MAIN_NUMBER)?.twimlProblem).toBe(
      'answered HTTP 403 (the request was unsigned: API-key credentials cannot sign as Twilio does; use the auth token)',
    );
    // Without the TwiML, a call that dialled nobody cannot be put down to a <Reject>.
    expect(report.calls.filter((call) => call.number === SUPPORT_NUMBER)).toEqual([
      expect.objectContaining({
        source: 'unknown',
        evidence: [expect.stringMatching(/could not be read: answered HTTP 403/)],
      }),
      expect.objectContaining({ source: 'unknown' }),
    ]);
  });

  it('waits out Twilio’s rate limit and reads everything', async () => {
    const { report, api } = await jsonReport([], { rateLimit: { every: 4, retryAfterSeconds: 0 } });
    expect(api.requests().some((request) => request.status === 429)).toBe(true);
    expect(report.calls).toHaveLength(15);
    expect(report.problems).toHaveLength(1);
  });

  it.each([
    [['--number', '07700 900123'], '--number must be an E.164 number like +442071234567, not "07700 900123"'],
    [
      ['--timezone', 'Mars/Olympus'],
      '--timezone must be an IANA time zone like Europe/London, not "Mars/Olympus"',
    ],
    [['--region', 'eu-west-2'], '--region goes with --stack'],
    [['--since', '2026-12-05', '--until', '2026-12-01'], '--since must be before --until (default: now)'],
  ])('refuses %j before reading anything', async (argv, message) => {
    const { code, err, api } = await diagnose(argv);
    expect(code).toBe(2);
    expect(err).toEqual([`redial diagnose: ${message} (see redial diagnose --help)`]);
    expect(api.requests()).toEqual([]);
  });

  it('without credentials: says which variables, or --stack', async () => {
    const { code, err } = await diagnose([], {}, {});
    expect(code).toBe(2);
    expect(err[0]).toMatch(
      /^redial diagnose: no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN/,
    );
  });
});
