import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import type { EmulatedCall, TwilioRestEmulator } from '../../tools/twilio-emulator/twilio-rest-emulator';
import { startTwilioRestEmulator } from '../../tools/twilio-emulator/twilio-rest-emulator';
import {
  AUTH_TOKEN,
  CALLBACK_CUSTOMER,
  callbackRoutes,
  type FakeRedial,
  REDIAL_NUMBER,
  startFakeRedial,
} from './fake-redial-server';

const ACCOUNT_SID = 'AC0123456789abcdef0123456789abcdef';
const AGENT_SIP = 'sip:alice@pbx.example.com';
const RFC_2822 = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

/** twilio-node's HTTP client, sending to the emulator what it would send to api.twilio.com. */
class EmulatorRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request<T>({ ...opts, uri: opts.uri.replace('https://api.twilio.com', this.baseUrl) });
  }
}

describe('Twilio REST emulator', () => {
  let redial: FakeRedial;
  let emulator: TwilioRestEmulator;
  let log: string[];

  beforeEach(async () => {
    redial = await startFakeRedial(callbackRoutes());
    log = [];
    emulator = await startTwilioRestEmulator({
      accountSid: ACCOUNT_SID,
      authToken: AUTH_TOKEN,
      ringSeconds: 0.05,
      log: (line) => log.push(line),
    });
  });

  afterEach(async () => {
    await emulator.stop();
    await redial.close();
  });

  const client = (authToken = AUTH_TOKEN) =>
    twilio(ACCOUNT_SID, authToken, { httpClient: new EmulatorRequestClient(emulator.url) });

  /** Places a callback call the way Redial's worker does, and waits until the emulator has played it. */
  async function callBack(to: string, callback = 'CAcustomer0001', attempt = 1) {
    const query = `callback=${callback}&attempt=${attempt}`;
    const created = await client().calls.create({
      to,
      from: REDIAL_NUMBER,
      url: `${redial.baseUrl}/voice/callback-answer?${query}`,
      method: 'POST',
      statusCallback: `${redial.baseUrl}/voice/callback-status?${query}`,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      timeout: 20,
    });
    const call = emulated(created.sid);
    await call.ended;
    return { created, call };
  }

  const emulated = (sid: string): EmulatedCall => {
    const call = emulator.calls().find((candidate) => candidate.sid === sid);
    if (!call) throw new Error(`the emulator has no call ${sid}`);
    return call;
  };
  const paths = () => redial.requests.map((request) => request.path.split('?')[0]);
  const statusCallbacks = () => redial.requestsTo('/voice/callback-status').map((request) => request.params);

  it('plays an answered callback: the agent presses 1 and the customer answers', async () => {
    const { created, call } = await callBack(AGENT_SIP);

    expect(created).toMatchObject({ status: 'queued', direction: 'outbound-api', to: AGENT_SIP });
    expect(created.sid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(paths()).toEqual([
      '/voice/callback-status',
      '/voice/callback-status',
      '/voice/callback-status',
      '/voice/callback-answer',
      '/voice/callback-accept',
      '/voice/callback-dial-status',
      '/voice/callback-status',
    ]);
    const [answer] = redial.requestsTo('/voice/callback-answer');
    expect(answer.params).toMatchObject({
      CallSid: created.sid,
      CallStatus: 'in-progress',
      Direction: 'outbound-api',
      From: REDIAL_NUMBER,
      To: AGENT_SIP,
    });
    expect(redial.requestsTo('/voice/callback-accept')[0]).toMatchObject({
      path: '/voice/callback-accept?callback=CAcustomer0001&attempt=1',
      params: expect.objectContaining({ Digits: '1' }),
    });
    const [dialStatus] = redial.requestsTo('/voice/callback-dial-status');
    expect(dialStatus.params).toMatchObject({ DialCallStatus: 'completed', DialBridged: 'true' });
    expect(Object.keys(dialStatus.params).filter((name) => name.startsWith('DialSip'))).toEqual([]);
    expect(call.status).toBe('completed');
    expect(log).toContainEqual(expect.stringMatching(/Agent presses 1$/));
    expect(log).toContainEqual(
      expect.stringContaining(`Twilio dials ${CALLBACK_CUSTOMER} (timeout 30 s): customer answers`),
    );
  });

  it('posts the status callbacks asked for, in order, signed like any webhook', async () => {
    const { created, call } = await callBack(AGENT_SIP);

    expect(statusCallbacks().map((params) => [params.CallStatus, params.SequenceNumber])).toEqual([
      ['initiated', '0'],
      ['ringing', '1'],
      ['in-progress', '2'],
      ['completed', '3'],
    ]);
    const completed = statusCallbacks()[3];
    expect(completed).toMatchObject({
      CallSid: created.sid,
      AccountSid: ACCOUNT_SID,
      Direction: 'outbound-api',
      ApiVersion: '2010-04-01',
      CallbackSource: 'call-progress-events',
      From: REDIAL_NUMBER,
      To: AGENT_SIP,
      SipResponseCode: '200',
    });
    expect(Number(completed.CallDuration)).toBeGreaterThanOrEqual(30);
    expect(completed.Timestamp).toMatch(RFC_2822);
    // The fake answers 403 to any request whose X-Twilio-Signature does not verify.
    expect(call.steps.map((step) => step.status)).toEqual([204, 204, 204, 200, 200, 200, 204]);
  });

  it('serves the call resource as it stands', async () => {
    const { created, call } = await callBack(AGENT_SIP);

    const fetched = await client().calls(created.sid).fetch();

    expect(fetched).toMatchObject({
      sid: created.sid,
      accountSid: ACCOUNT_SID,
      status: 'completed',
      direction: 'outbound-api',
      from: REDIAL_NUMBER,
      to: AGENT_SIP,
      apiVersion: '2010-04-01',
      uri: `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls/${created.sid}.json`,
      duration: String(call.duration),
    });
    expect(fetched.startTime).toBeInstanceOf(Date);
    expect(fetched.endTime).toBeInstanceOf(Date);
  });

  it.each([
    ['busy', 'busy', '486', 'agent is busy after 0.05 s (SIP 486 Busy Here) → busy'],
    ['decline', 'busy', '603', 'agent declines after 0.05 s (SIP 603 Decline) → busy'],
    [
      'unavailable',
      'no-answer',
      '480',
      'agent is unavailable after 0.05 s (SIP 480 Temporarily Unavailable)',
    ],
    ['fail', 'failed', '503', 'agent fails after 0.05 s (SIP 503 Service Unavailable) → failed'],
  ] as const)(
    'reports an agent who does "%s" on a SIP URI as %s, SIP %s, and requests no Url',
    async (agent, status, sipCode, described) => {
      emulator.setScript('CAcustomer0001', { agent: [agent], customer: ['answer'] });

      const { created, call } = await callBack(AGENT_SIP);

      expect(paths()).toEqual(['/voice/callback-status', '/voice/callback-status', '/voice/callback-status']);
      expect(statusCallbacks().map((params) => params.CallStatus)).toEqual(['initiated', 'ringing', status]);
      expect(statusCallbacks()[2]).toMatchObject({ SipResponseCode: sipCode, CallDuration: '0' });
      expect(call.status).toBe(status);
      expect((await client().calls(created.sid).fetch()).status).toBe(status);
      expect(log).toContainEqual(expect.stringContaining(`${created.sid} to ${AGENT_SIP}: ${described}`));
    },
  );

  it('rings an agent who never answers until the call Timeout, then reports no-answer (SIP 487)', async () => {
    emulator.setScript('CAquiet', { agent: ['no-answer'], customer: ['answer'] });
    const created = await client().calls.create({
      to: AGENT_SIP,
      from: REDIAL_NUMBER,
      url: `${redial.baseUrl}/voice/callback-answer?callback=CAquiet&attempt=1`,
      statusCallback: `${redial.baseUrl}/voice/callback-status`,
      timeout: 0.2,
    });
    await emulated(created.sid).ended;

    expect(statusCallbacks()).toEqual([
      expect.objectContaining({ CallStatus: 'no-answer', SipResponseCode: '487', SequenceNumber: '0' }),
    ]);
  });

  it('gives a phone number no SIP code', async () => {
    emulator.setScript('CAcustomer0001', { agent: ['busy'], customer: ['answer'] });

    await callBack('+447700900101');

    expect(statusCallbacks()[2].CallStatus).toBe('busy');
    expect(statusCallbacks()[2]).not.toHaveProperty('SipResponseCode');
  });

  it('lets the scripted customer be busy', async () => {
    emulator.setScript('CAcustomer0001', { agent: ['answer'], customer: ['busy'] });

    const { call } = await callBack(AGENT_SIP);

    expect(redial.requestsTo('/voice/callback-dial-status')[0].params).toMatchObject({
      DialCallStatus: 'busy',
      DialBridged: 'false',
    });
    expect(call.status).toBe('completed');
    expect(log).toContainEqual(
      expect.stringContaining('customer is busy after 0.05 s → DialCallStatus=busy'),
    );
  });

  it('plays the agent pressing nothing when the script says so', async () => {
    emulator.setScript('CAcustomer0001', { agent: ['answer'], customer: ['answer'], digits: [''] });

    await callBack(AGENT_SIP);

    expect(redial.requestsTo('/voice/callback-accept')[0].params).not.toHaveProperty('Digits');
    expect(redial.requestsTo('/voice/callback-dial-status')).toEqual([]);
  });

  it('plays a script set through the control endpoint over two attempts, keyed by callback', async () => {
    const response = await fetch(`${emulator.url}/__emulator/scripts`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ key: 'CAcustomer0002', agent: ['busy', 'answer'], customer: ['answer'] }),
    });
    expect(response.status).toBe(204);

    const first = await callBack(AGENT_SIP, 'CAcustomer0002', 1);
    const second = await callBack(AGENT_SIP, 'CAcustomer0002', 2);
    const other = await callBack(AGENT_SIP, 'CAsomeoneelse', 1);

    expect(
      [first.call, second.call, other.call].map((call) => [call.status, call.index, call.scripted]),
    ).toEqual([
      ['busy', 0, true],
      ['completed', 1, true],
      ['completed', 0, false],
    ]);
    expect(redial.requestsTo('/voice/callback-answer').map((request) => request.path)).toEqual([
      '/voice/callback-answer?callback=CAcustomer0002&attempt=2',
      '/voice/callback-answer?callback=CAsomeoneelse&attempt=1',
    ]);
  });

  it('refuses a control request that is not a script', async () => {
    const response = await fetch(`${emulator.url}/__emulator/scripts`, {
      method: 'POST',
      body: JSON.stringify({ key: 'CAx', agent: ['sleepy'], customer: [] }),
    });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message:
        'not a callback script: agent[0] must be one of answer, busy, decline, unavailable, no-answer, fail, got "sleepy"; customer must not be empty',
    });
  });

  it('answers wrong credentials with 401, which twilio-node rejects with code 20003', async () => {
    const placing = client('not-the-auth-token').calls.create({
      to: AGENT_SIP,
      from: REDIAL_NUMBER,
      url: `${redial.baseUrl}/voice/callback-answer`,
    });

    await expect(placing).rejects.toMatchObject({ status: 401, code: 20003, message: 'Authenticate' });
    expect(emulator.calls()).toEqual([]);
  });

  it('answers a call without Url with 400 and code 21205', async () => {
    const placing = client().calls.create({ to: AGENT_SIP, from: REDIAL_NUMBER } as never);

    await expect(placing).rejects.toMatchObject({ status: 400, code: 21205 });
  });

  it('answers an unknown call with 404', async () => {
    await expect(client().calls('CA00000000000000000000000000000000').fetch()).rejects.toMatchObject({
      status: 404,
      code: 20404,
    });
  });

  it('logs a status callback that cannot be delivered, and plays the call on', async () => {
    const created = await client().calls.create({
      to: AGENT_SIP,
      from: REDIAL_NUMBER,
      url: `${redial.baseUrl}/voice/callback-answer?callback=CAx&attempt=1`,
      statusCallback: 'http://127.0.0.1:9/voice/callback-status',
    });
    const call = emulated(created.sid);
    await call.ended;

    expect(call.status).toBe('completed');
    expect(log).toContainEqual(expect.stringMatching(/completed status callback failed: cannot reach/));
  });
});
