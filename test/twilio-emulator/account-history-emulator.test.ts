import { toBaseUrl, twilioRestClient } from '../../tools/cli/twilio-library-client';
import type { AccountHistory } from '../../tools/twilio-emulator/account-history';
import {
  type AccountHistoryEmulator,
  type AccountHistoryEmulatorOptions,
  startAccountHistoryEmulator,
} from '../../tools/twilio-emulator/account-history-emulator';
import {
  ACCOUNT_SID,
  API_KEY,
  AUTH_TOKEN,
  MAIN_NUMBER,
  NOW,
  PERSON_ENDPOINT,
  SALES_NUMBER,
  type SeededHistory,
  seededAccountHistory,
} from '../../tools/twilio-emulator/account-history-sample';

const DAY_MS = 24 * 60 * 60 * 1000;
const RFC_2822 = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const CALLS_PATH = `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`;

describe('account-history emulator', () => {
  let seeded: SeededHistory;
  let emulator: AccountHistoryEmulator;

  async function start(overrides: Partial<AccountHistoryEmulatorOptions> = {}, history?: AccountHistory) {
    await emulator?.stop();
    emulator = await startAccountHistoryEmulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      apiKeys: [API_KEY],
      history: history ?? seeded.history,
      ...overrides,
    });
  }

  beforeEach(async () => {
    seeded = seededAccountHistory();
    await start();
  });

  afterEach(() => emulator.stop());

  const client = (password = AUTH_TOKEN) =>
    twilioRestClient(ACCOUNT_SID, password, { baseUrl: emulator.url, requestClient: {} });

  /** A GET as any HTTP client would send it, with the account's Basic auth unless told otherwise. */
  async function get(path: string, user = ACCOUNT_SID, password = AUTH_TOKEN) {
    const authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const response = await fetch(emulator.url + path, { headers: { authorization } });
    // Any: the test reads Twilio's JSON field by field, as a client without the library would.
    const body: any = await response.json();
    return { status: response.status, headers: response.headers, body };
  }

  const retained = () =>
    seeded.history.alerts.filter((alert) => NOW.getTime() - alert.dateGenerated.getTime() < 30 * DAY_MS);

  describe('through the twilio library', () => {
    it('lists Monitor alerts across pages, newest first, parsed into the library’s fields', async () => {
      const alerts = await client().monitor.v1.alerts.list({ pageSize: 4 });

      expect(alerts).toHaveLength(retained().length);
      const times = alerts.map((alert) => alert.dateGenerated.getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
      const pages = emulator.requests().filter((request) => request.path === '/v1/Alerts');
      expect(pages).toHaveLength(Math.ceil(retained().length / 4));
      expect(pages[1].query.get('PageToken')).toBe('PT4');
      const decline = alerts.find((alert) => alert.errorCode === '31603');
      expect(decline).toMatchObject({ accountSid: ACCOUNT_SID, logLevel: 'error', apiVersion: '2010-04-01' });
      expect(decline?.resourceSid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(decline?.sid).toMatch(/^NO[0-9a-f]{32}$/);
      expect(decline?.moreInfo).toBe('https://www.twilio.com/docs/errors/31603');
    });

    it('filters alerts by StartDate, EndDate and LogLevel', async () => {
      const startDate = new Date('2026-12-01T00:00:00Z');
      const endDate = new Date('2026-12-02T23:59:59Z');
      const inWindow = await client().monitor.v1.alerts.list({ startDate, endDate });
      const expected = retained().filter(
        (alert) => alert.dateGenerated >= startDate && alert.dateGenerated <= endDate,
      );
      expect(inWindow.map((alert) => alert.sid).sort()).toEqual(expected.map((alert) => alert.sid).sort());
      expect(inWindow.length).toBeGreaterThan(0);

      const warnings = await client().monitor.v1.alerts.list({ logLevel: 'warning' });
      expect(warnings.map((alert) => alert.errorCode)).toEqual(['13224']);
    });

    it('fetches a call and lists its child legs by ParentCallSid', async () => {
      const person = seeded.expected.find((call) => call.source === 'person');
      const parent = await client()
        .calls(person?.callSid ?? '')
        .fetch();
      expect(parent).toMatchObject({ direction: 'inbound', to: MAIN_NUMBER, parentCallSid: null });
      expect(parent.startTime).toBeInstanceOf(Date);

      const legs = await client().calls.list({ parentCallSid: parent.sid });
      expect(legs).toHaveLength(1);
      expect(legs[0]).toMatchObject({ parentCallSid: parent.sid, to: PERSON_ENDPOINT, status: 'busy' });
      expect(legs[0].direction).toBe('outbound-dial');
      expect((legs[0].endTime.getTime() - legs[0].startTime.getTime()) / 1000).toBe(person?.ringSeconds);
    });

    it('fetches a Voice Insights call summary with its SIP response and edges', async () => {
      const parent = seeded.expected.find((call) => call.source === 'pbx-rule')?.callSid ?? '';
      const [leg] = await client().calls.list({ parentCallSid: parent });
      const summary = await client().insights.v1.calls(leg.sid).summary().fetch();

      expect(summary).toMatchObject({
        callSid: leg.sid,
        callType: 'sip',
        callState: 'busy',
        processingState: 'complete',
      });
      expect(summary.properties).toMatchObject({ last_sip_response_num: 603, disconnected_by: 'callee' });
      expect(summary.sipEdge).toHaveProperty('metrics.inbound');
      expect(summary.startTime).toBeInstanceOf(Date);
      expect(summary.connectDuration).toBe(0);
    });

    it('lists incoming phone numbers across pages, with their voice and fallback URLs', async () => {
      const numbers = await client().incomingPhoneNumbers.list({ pageSize: 2 });

      expect(numbers.map((number) => number.phoneNumber)).toEqual(
        seeded.history.numbers.map((number) => number.phoneNumber),
      );
      const sales = numbers.find((number) => number.phoneNumber === SALES_NUMBER);
      expect(sales).toMatchObject({ voiceUrl: 'https://voice.example.com/voice/sales', voiceMethod: 'POST' });
      expect(sales?.voiceFallbackUrl).toBeNull();
      expect(
        emulator.requests().filter((request) => request.path.endsWith('IncomingPhoneNumbers.json')),
      ).toHaveLength(2);
    });

    it('filters numbers by any part of their digits, as PhoneNumber does', async () => {
      const exact = await client().incomingPhoneNumbers.list({ phoneNumber: SALES_NUMBER });
      const partial = await client().incomingPhoneNumbers.list({ phoneNumber: '555010000' });
      expect(exact.map((number) => number.phoneNumber)).toEqual([SALES_NUMBER]);
      expect(partial).toHaveLength(4);
    });

    it('authenticates with an API key and secret as well as the auth token', async () => {
      const byKey = twilioRestClient(API_KEY.sid, API_KEY.secret, {
        baseUrl: emulator.url,
        accountSid: ACCOUNT_SID,
      });
      await expect(byKey.incomingPhoneNumbers.list()).resolves.toHaveLength(4);
      expect(emulator.requests().at(-1)).toMatchObject({ user: API_KEY.sid, status: 200 });
    });

    it('rejects a wrong auth token with 401 and error 20003', async () => {
      await expect(client('wrong').monitor.v1.alerts.list()).rejects.toMatchObject({
        status: 401,
        code: 20003,
      });
    });

    it('answers 403 and error 17000 for a summary on an account without Voice Insights', async () => {
      await start({}, { ...seeded.history, insightsEnabled: false });
      const callSid = seeded.expected[0].callSid;
      await expect(client().insights.v1.calls(callSid).summary().fetch()).rejects.toMatchObject({
        status: 403,
        code: 17000,
      });
    });

    it('surfaces the 30-day refusal and a 429 as RestExceptions a caller can tell apart', async () => {
      const startDate = new Date(NOW.getTime() - 31 * DAY_MS);
      await expect(client().monitor.v1.alerts.list({ startDate })).rejects.toMatchObject({
        status: 400,
        code: 20001,
      });
      await start({ rateLimit: { first: 1 } });
      await expect(client().incomingPhoneNumbers.list()).rejects.toMatchObject({ status: 429, code: 20429 });
    });

    it('lets the library back off through 429s when it auto-retries', async () => {
      await start({ rateLimit: { first: 2, retryAfterSeconds: 0 } });
      const retrying = twilioRestClient(ACCOUNT_SID, AUTH_TOKEN, {
        baseUrl: emulator.url,
        requestClient: { autoRetry: true, maxRetries: 3, maxRetryDelay: 50 },
      });
      await expect(retrying.incomingPhoneNumbers.list()).resolves.toHaveLength(4);
      expect(emulator.requests().map((request) => request.status)).toEqual([429, 429, 200]);
    });
  });

  describe('Twilio’s JSON, as any client reads it', () => {
    it('pages Calls in the 2010 style, keeping the filters in the page links', async () => {
      const first = await get(`${CALLS_PATH}?To=${encodeURIComponent(MAIN_NUMBER)}&PageSize=5`);
      const all = seeded.history.calls.filter((call) => call.to === MAIN_NUMBER);
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ page: 0, page_size: 5, start: 0, end: 4, previous_page_uri: null });
      expect(first.body.calls).toHaveLength(5);
      expect(first.body.first_page_uri).toBe(`${CALLS_PATH}?To=%2B15550100001&PageSize=5&Page=0`);
      expect(first.body.next_page_uri).toBe(
        `${CALLS_PATH}?To=%2B15550100001&PageSize=5&Page=1&PageToken=PT5`,
      );
      expect(first.body.calls[0].start_time).toMatch(RFC_2822);
      expect(first.body.calls[0].duration).toMatch(/^\d+$/);

      let page = first.body;
      const seen = [...page.calls];
      while (page.next_page_uri) {
        page = (await get(page.next_page_uri)).body;
        seen.push(...page.calls);
      }
      expect(page).toMatchObject({ start: 5 * page.page, end: all.length - 1, next_page_uri: null });
      expect(page.previous_page_uri).toContain(`Page=${page.page - 1}`);
      expect(seen).toHaveLength(all.length);
    });

    it('filters Calls by StartTime>= and StartTime<= (a bare date: the whole day)', async () => {
      const query = 'StartTime>=2026-12-02&StartTime<=2026-12-02';
      const { body } = await get(`${CALLS_PATH}?${query}&PageSize=1000`);
      const days = new Set(body.calls.map((call: { start_time: string }) => call.start_time.slice(0, 16)));
      expect([...days]).toEqual(['Wed, 02 Dec 2026']);
      const expected = seeded.history.calls.filter((call) =>
        call.startTime.toISOString().startsWith('2026-12-02'),
      );
      expect(body.calls).toHaveLength(expected.length);
    });

    it('writes Monitor’s meta object with absolute URLs to the emulator', async () => {
      const { body } = await get('/v1/Alerts?PageSize=10&LogLevel=error');
      expect(body.meta).toMatchObject({ key: 'alerts', page: 0, page_size: 10, previous_page_url: null });
      expect(body.meta.url).toBe(`${emulator.url}/v1/Alerts?LogLevel=error&PageSize=10&Page=0`);
      expect(body.meta.next_page_url).toBe(
        `${emulator.url}/v1/Alerts?LogLevel=error&PageSize=10&Page=1&PageToken=PT10`,
      );
      expect(body.alerts[0].date_generated).toMatch(ISO_8601);
      expect(Object.keys(body.alerts[0]).sort()).toEqual(
        [
          'account_sid',
          'alert_text',
          'api_version',
          'date_created',
          'date_generated',
          'date_updated',
          'error_code',
          'log_level',
          'more_info',
          'request_method',
          'request_url',
          'resource_sid',
          'service_sid',
          'sid',
          'url',
        ].sort(),
      );
    });

    it('answers a StartDate past the 30 days Monitor keeps with 400 and error 20001', async () => {
      const tooOld = new Date(NOW.getTime() - 31 * DAY_MS).toISOString().slice(0, 10);
      const { status, body } = await get(`/v1/Alerts?StartDate=${tooOld}`);
      expect(status).toBe(400);
      expect(body).toMatchObject({ code: 20001, status: 400 });
      expect(body.message).toContain('30 days');

      const oldest = new Date(NOW.getTime() - 29 * DAY_MS).toISOString().slice(0, 10);
      expect((await get(`/v1/Alerts?StartDate=${oldest}`)).status).toBe(200);
    });

    it('never lists an alert older than 30 days', async () => {
      const { body } = await get('/v1/Alerts?PageSize=1000');
      expect(body.alerts).toHaveLength(retained().length);
      expect(seeded.history.alerts.length).toBeGreaterThan(retained().length);
    });

    it('answers a wrong API key secret with 401, error 20003 and a Basic challenge', async () => {
      const { status, headers, body } = await get('/v1/Alerts', API_KEY.sid, 'wrong');
      expect(status).toBe(401);
      expect(body).toEqual({
        code: 20003,
        message: 'Authenticate',
        more_info: 'https://www.twilio.com/docs/errors/20003',
        status: 401,
      });
      expect(headers.get('www-authenticate')).toContain('Basic');
    });

    it('answers unknown paths, another account and unknown calls with 404 and error 20404', async () => {
      for (const path of [
        '/v1/Nothing',
        `/2010-04-01/Accounts/AC${'f'.repeat(32)}/Calls.json`,
        `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/CA${'0'.repeat(32)}.json`,
        `/v1/Voice/CA${'0'.repeat(32)}/Summary`,
      ]) {
        const { status, body } = await get(path);
        expect({ path, status, code: body.code }).toEqual({ path, status: 404, code: 20404 });
      }
    });

    it('answers every Kth request with 429, error 20429 and Retry-After', async () => {
      await start({ rateLimit: { every: 3, retryAfterSeconds: 2 } });
      const answers = [];
      for (let i = 0; i < 6; i++) answers.push(await get('/v1/Alerts'));
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 429, 200, 200, 429]);
      expect(answers[2].body).toMatchObject({ code: 20429, status: 429 });
      expect(answers[2].headers.get('retry-after')).toBe('2');
    });

    it('answers a summary of a call that ended over 30 days ago with error 17002', async () => {
      const old = { ...seeded.history.summaries[0], endTime: new Date(NOW.getTime() - 31 * DAY_MS) };
      await start({}, { ...seeded.history, summaries: [old] });
      const { status, body } = await get(`/v1/Voice/${old.callSid}/Summary`);
      expect({ status, code: body.code }).toEqual({ status: 404, code: 17002 });
    });
  });

  it('seeds the known mix that diagnose will be checked against', () => {
    const count = (source: string) => seeded.expected.filter((call) => call.source === source).length;
    const sources = ['person', 'pbx-rule', 'twiml-reject', 'busy-or-unavailable'];
    expect(sources.map(count)).toEqual([4, 7, 2, 2]);
    const alerted = (code: string) =>
      new Set(
        retained()
          .filter((alert) => alert.errorCode === code)
          .map((alert) => alert.resourceSid),
      );
    const declines = alerted('31603');
    const refusals = seeded.expected.filter((call) => call.source === 'busy-or-unavailable');
    expect(
      seeded.expected.filter((call) => !refusals.includes(call)).every((call) => declines.has(call.callSid)),
    ).toBe(true);
    expect(
      refusals.map((call) => [alerted('31486').has(call.callSid), alerted('31480').has(call.callSid)]),
    ).toEqual([
      [true, false],
      [false, true],
    ]);
    const ruleHours = seeded.expected
      .filter((call) => call.source === 'pbx-rule')
      .map((call) => seeded.history.calls.find((c) => c.sid === call.callSid)?.startTime.getUTCHours() ?? -1);
    expect(ruleHours.every((hour) => hour >= 19 && hour <= 22)).toBe(true);
    expect(seeded.twiml['/voice/support']).toMatch(/<Response>\s*<Reject/);
    const withoutFallback = seeded.history.numbers.filter((number) => !number.voiceFallbackUrl);
    expect(withoutFallback.map((number) => number.phoneNumber)).toEqual([SALES_NUMBER]);
  });

  it('moves every Twilio host to the local base URL, and nothing else', () => {
    const base = 'http://127.0.0.1:4000';
    expect(toBaseUrl('https://monitor.twilio.com/v1/Alerts?PageSize=5', base)).toBe(
      `${base}/v1/Alerts?PageSize=5`,
    );
    expect(toBaseUrl('https://insights.twilio.com/v1/Voice/CA1/Summary', base)).toBe(
      `${base}/v1/Voice/CA1/Summary`,
    );
    expect(toBaseUrl('https://api.twilio.com:443/2010-04-01/Accounts', base)).toBe(
      `${base}/2010-04-01/Accounts`,
    );
    expect(toBaseUrl(`${base}/v1/Alerts`, 'http://elsewhere')).toBe(`${base}/v1/Alerts`);
    expect(toBaseUrl('https://twilio.com.evil.example/x', base)).toBe('https://twilio.com.evil.example/x');
  });
});
