import type { AgentScenario } from '../../tools/twilio-emulator';
import { allEvents, callFake, type FakeRedial, startFakeRedial, twiml } from './fake-redial-server';

const SIP_DIAL = twiml(
  '<Dial action="/voice/dial-status?started=1" timeout="20"><Sip>sip:alice@pbx.example.com</Sip></Dial>',
);
const NUMBER_DIAL = twiml(
  '<Dial action="/voice/dial-status" timeout="20"><Number>+447700900303</Number></Dial>',
);

describe('<Dial>', () => {
  let server: FakeRedial;

  afterEach(() => server.close());

  async function dialWith(document: string, options: Parameters<typeof callFake>[1] = {}) {
    server = await startFakeRedial({
      '/voice/incoming': () => document,
      '/voice/dial-status': () => twiml('<Say>Sorry we missed you</Say>'),
      '/voice/leg-status': () => ({ status: 204 }),
    });
    const transcript = await callFake(server, options);
    const [action] = server.requestsTo('/voice/dial-status');
    return { transcript, action };
  }

  describe.each<[AgentScenario, Record<string, string>]>([
    [
      'answer',
      {
        DialCallStatus: 'completed',
        DialSipResponseCode: '200',
        DialBridged: 'true',
        DialCallDuration: '30',
      },
    ],
    ['decline', { DialCallStatus: 'busy', DialSipResponseCode: '603', DialBridged: 'false' }],
    ['busy', { DialCallStatus: 'busy', DialSipResponseCode: '486', DialBridged: 'false' }],
    ['unavailable', { DialCallStatus: 'no-answer', DialSipResponseCode: '480', DialBridged: 'false' }],
    ['fail', { DialCallStatus: 'failed', DialSipResponseCode: '503', DialBridged: 'false' }],
  ])('--agent %s on a <Sip> leg', (agent, expected) => {
    it('posts the SIP result to the Dial action', async () => {
      const { transcript, action } = await dialWith(SIP_DIAL, { agent });

      expect(action.method).toBe('POST');
      expect(action.path).toBe('/voice/dial-status?started=1');
      expect(action.params).toMatchObject({
        ...expected,
        CallStatus: 'in-progress',
        CallSid: transcript.callSid,
      });
      expect(action.params.DialCallSid).toMatch(/^CA[0-9a-f]{32}$/);
      expect(action.params.DialSipCallId).toMatch(/^[0-9a-f]{32}@/);
      if (agent !== 'answer') expect(action.params).not.toHaveProperty('DialCallDuration');
      expect(transcript.outcome.status).toBe('completed');
      expect(allEvents(transcript)).toContain('Caller hears: "Sorry we missed you"');
    });
  });

  describe.each<[AgentScenario, Record<string, string>]>([
    ['answer', { DialCallStatus: 'completed', DialBridged: 'true', DialCallDuration: '30' }],
    ['decline', { DialCallStatus: 'busy', DialBridged: 'false' }],
    ['busy', { DialCallStatus: 'busy', DialBridged: 'false' }],
    ['unavailable', { DialCallStatus: 'no-answer', DialBridged: 'false' }],
    ['fail', { DialCallStatus: 'failed', DialBridged: 'false' }],
  ])('--agent %s on a <Number> leg', (agent, expected) => {
    it('posts the result without any SIP parameter', async () => {
      const { action } = await dialWith(NUMBER_DIAL, { agent, sipHeaders: { 'X-Decline-Reason': 'user' } });

      expect(action.params).toMatchObject(expected);
      expect(Object.keys(action.params).filter((name) => name.startsWith('DialSip'))).toEqual([]);
    });
  });

  it('treats a bare number in <Dial> as a PSTN leg', async () => {
    const { action, transcript } = await dialWith(
      twiml('<Dial action="/voice/dial-status">+447700900303</Dial>'),
      {
        agent: 'busy',
      },
    );

    expect(action.params.DialCallStatus).toBe('busy');
    expect(action.params).not.toHaveProperty('DialSipResponseCode');
    expect(allEvents(transcript)[0]).toBe(
      'Twilio dials +447700900303 (timeout 30 s): the person is busy after 0.05 s → DialCallStatus=busy',
    );
  });

  it('describes the SIP leg in plain words', async () => {
    const { transcript } = await dialWith(SIP_DIAL, { agent: 'decline', ringSeconds: 0.1 });

    expect(allEvents(transcript)[0]).toBe(
      'Twilio dials sip:alice@pbx.example.com (timeout 20 s): agent declines after 0.1 s (SIP 603 Decline) → DialCallStatus=busy',
    );
  });

  it('really lets the phone ring for --ring-seconds before posting the action', async () => {
    const started = Date.now();
    await dialWith(SIP_DIAL, { agent: 'decline', ringSeconds: 0.3 });

    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('passes --sip-code and --sip-header on as the final SIP response', async () => {
    const { action } = await dialWith(SIP_DIAL, {
      agent: 'decline',
      sipCode: 486,
      sipHeaders: { 'X-Decline-Reason': 'dnd-button', 'X-Pbx': 'lab' },
    });

    expect(action.params).toMatchObject({
      DialCallStatus: 'busy',
      DialSipResponseCode: '486',
      'DialSipHeader_X-Decline-Reason': 'dnd-button',
      'DialSipHeader_X-Pbx': 'lab',
    });
  });

  it('ends with no-answer and 487 when the agent never answers within the timeout', async () => {
    const dialDocument = twiml(
      '<Dial action="/voice/dial-status" timeout="0.1"><Sip>sip:alice@pbx</Sip></Dial>',
    );
    const { action, transcript } = await dialWith(dialDocument, {
      agent: 'no-answer',
      sipHeaders: { 'X-Decline-Reason': 'user' },
    });

    expect(action.params).toMatchObject({
      DialCallStatus: 'no-answer',
      DialSipResponseCode: '487',
      DialBridged: 'false',
    });
    expect(action.params).not.toHaveProperty('DialSipHeader_X-Decline-Reason');
    expect(allEvents(transcript)[0]).toContain('no answer within the 0.1 s timeout');
  });

  it('ends a <Number> leg that nobody answers with no-answer and no SIP code', async () => {
    const dialDocument = twiml(
      '<Dial action="/voice/dial-status" timeout="0.1"><Number>+447700900303</Number></Dial>',
    );
    const { action } = await dialWith(dialDocument, { agent: 'no-answer' });

    expect(action.params).toMatchObject({ DialCallStatus: 'no-answer', DialBridged: 'false' });
    expect(action.params).not.toHaveProperty('DialSipResponseCode');
  });

  it('ends with no-answer when the phone rings as long as the timeout', async () => {
    const dialDocument = twiml(
      '<Dial action="/voice/dial-status" timeout="0.1"><Sip>sip:alice@pbx</Sip></Dial>',
    );
    const { action } = await dialWith(dialDocument, { agent: 'decline', ringSeconds: 0.1 });

    expect(action.params).toMatchObject({ DialCallStatus: 'no-answer', DialSipResponseCode: '487' });
  });

  it('reports canceled when the caller hangs up while it rings, and runs none of the answer', async () => {
    const { action, transcript } = await dialWith(SIP_DIAL, {
      agent: 'decline',
      ringSeconds: 5,
      callerHangupAfter: 0.05,
    });

    expect(action.params).toMatchObject({
      DialCallStatus: 'canceled',
      CallStatus: 'completed',
      DialBridged: 'false',
    });
    expect(transcript.outcome).toEqual({
      status: 'completed',
      detail: 'the caller hung up during the <Dial>',
      callStatus: 'completed',
    });
    expect(allEvents(transcript)).not.toContain('Caller hears: "Sorry we missed you"');
  });

  it('falls through to the next verb when the <Dial> has no action', async () => {
    server = await startFakeRedial({
      '/voice/incoming': () => twiml('<Dial><Sip>sip:alice@pbx</Sip></Dial><Say>Nobody answered</Say>'),
    });

    const transcript = await callFake(server, { agent: 'busy' });

    expect(server.requests.map((request) => request.path)).toEqual(['/voice/incoming', '/voice/call-status']);
    expect(allEvents(transcript)).toEqual([
      expect.stringContaining('Twilio dials sip:alice@pbx'),
      'The <Dial> has no action, so Twilio moves on to the next verb',
      'Caller hears: "Nobody answered"',
      'No verbs are left, so Twilio hangs up',
    ]);
  });

  it('honours method="GET" on the action', async () => {
    const { action } = await dialWith(
      twiml('<Dial action="/voice/dial-status?started=1" method="GET"><Sip>sip:alice@pbx</Sip></Dial>'),
      { agent: 'busy' },
    );

    expect(action.method).toBe('GET');
    expect(action.path).toMatch(/^\/voice\/dial-status\?started=1&AccountSid=/);
    expect(action.params).toMatchObject({ started: '1', DialCallStatus: 'busy', DialSipResponseCode: '486' });
  });

  describe('status callbacks of the dialled leg', () => {
    const legCallbacks = (events?: string) =>
      twiml(
        `<Dial action="/voice/dial-status"><Sip statusCallback="/voice/leg-status"${
          events ? ` statusCallbackEvent="${events}"` : ''
        }>sip:alice@pbx</Sip></Dial>`,
      );
    const callbacks = () => server.requestsTo('/voice/leg-status').map((request) => request.params);

    it('posts only completed by default, with the SIP code', async () => {
      const { transcript, action } = await dialWith(legCallbacks(), { agent: 'decline' });

      expect(callbacks()).toEqual([
        expect.objectContaining({
          CallStatus: 'busy',
          CallSid: action.params.DialCallSid,
          ParentCallSid: transcript.callSid,
          SipResponseCode: '603',
          SequenceNumber: '0',
          Direction: 'outbound-dial',
          To: 'sip:alice@pbx',
          CallDuration: '0',
        }),
      ]);
      expect(callbacks()[0].Timestamp).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    });

    it('posts every subscribed event in order before the action', async () => {
      const { transcript } = await dialWith(legCallbacks('initiated ringing answered completed'), {
        agent: 'answer',
      });

      expect(callbacks().map((params) => [params.CallStatus, params.SequenceNumber])).toEqual([
        ['initiated', '0'],
        ['ringing', '1'],
        ['in-progress', '2'],
        ['completed', '3'],
      ]);
      expect(callbacks()[3]).toMatchObject({ CallDuration: '30', SipResponseCode: '200' });
      expect(transcript.steps.map((step) => step.label)).toEqual([
        'incoming call',
        'initiated status callback',
        'ringing status callback',
        'answered status callback',
        'completed status callback',
        'dial action',
        'completed call status callback',
      ]);
    });

    it('stops the call when a status callback fails', async () => {
      server = await startFakeRedial({
        '/voice/incoming': () => legCallbacks(),
        '/voice/leg-status': () => ({ status: 500, body: 'boom' }),
      });

      const transcript = await callFake(server, { agent: 'busy' });

      expect(transcript.outcome.status).toBe('error');
      expect(transcript.outcome.detail).toMatch(/^completed status callback: .*answered HTTP 500/);
    });
  });
});

describe('a simulated clock (simulatedClock: true)', () => {
  let server: FakeRedial;

  afterEach(() => server.close());

  it('rings without waiting, and each webhook carries the call’s own time in X-Simulated-Time', async () => {
    server = await startFakeRedial({
      '/voice/incoming': () => SIP_DIAL,
      '/voice/dial-status': () => twiml('<Hangup/>'),
    });
    const started = Date.now();
    await callFake(server, { agent: 'decline', ringSeconds: 12, simulatedClock: true });
    const elapsed = Date.now() - started;

    const timeOf = (path: string) => Number(server.requestsTo(path)[0].headers['x-simulated-time']);
    const rang = timeOf('/voice/dial-status') - timeOf('/voice/incoming');
    expect(elapsed).toBeLessThan(5_000);
    expect(rang).toBeGreaterThanOrEqual(12_000);
    expect(rang).toBeLessThan(12_000 + elapsed + 1);
  });

  it('is not sent for a call whose waits are real', async () => {
    server = await startFakeRedial({ '/voice/incoming': () => twiml('<Hangup/>') });
    await callFake(server, {});
    expect(server.requests[0].headers['x-simulated-time']).toBeUndefined();
  });
});
