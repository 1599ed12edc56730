import { validateRequest } from 'twilio/lib/webhooks/webhooks';
import { simulateCall } from '../../tools/twilio-emulator';
import {
  AUTH_TOKEN,
  allEvents,
  CALL_STATUS_PATH,
  callFake,
  type FakeRedial,
  REDIAL_NUMBER,
  type ReceivedRequest,
  type Route,
  startFakeRedial,
  twiml,
} from './fake-redial-server';

const RFC_2822 = /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

const VOICEMAIL = twiml(
  '<Say>Leave a message</Say><Record action="/voice/recorded" ' +
    'recordingStatusCallback="/voice/recording-status" transcribeCallback="/voice/transcription"/>',
);

/** Redial's own <Dial>: the caller hears ringing until the agent answers. */
const BRIDGED_DIAL = twiml(
  '<Dial action="/voice/dial-status" timeout="20" answerOnBridge="true"><Sip>sip:alice@pbx</Sip></Dial>',
);

describe("the number's call status callback", () => {
  let server: FakeRedial;

  afterEach(() => server.close());

  async function call(routes: Record<string, Route>, options: Parameters<typeof callFake>[1] = {}) {
    server = await startFakeRedial({
      '/voice/recorded': () => twiml('<Say>Thanks, goodbye</Say><Hangup/>'),
      '/voice/recording-status': () => ({ status: 204 }),
      '/voice/transcription': () => ({ status: 204 }),
      '/voice/dial-status': () => twiml('<Say>Sorry we missed you</Say>'),
      ...routes,
    });
    return callFake(server, options);
  }

  const statusCallbacks = () => server.requestsTo(CALL_STATUS_PATH);
  const lastRequest = (): ReceivedRequest => server.requests[server.requests.length - 1];

  it('is the last request, after the record action, recording status and transcription callbacks', async () => {
    const transcript = await call({ '/voice/incoming': () => VOICEMAIL });

    expect(server.requests.map((request) => request.path)).toEqual([
      '/voice/incoming',
      '/voice/recorded',
      '/voice/recording-status',
      '/voice/transcription',
      '/voice/call-status',
    ]);
    expect(transcript.steps.at(-1)).toMatchObject({
      kind: 'callback',
      label: 'completed call status callback',
      status: 200,
      request: { method: 'POST', url: `${server.baseUrl}/voice/call-status` },
    });
    expect(transcript.outcome.status).toBe('completed');
  });

  it('carries the standard call parameters, CallStatus=completed and CallDuration for an answered call', async () => {
    const transcript = await call(
      { '/voice/incoming': () => twiml('<Say>Hi</Say>') },
      { from: '+447700900123', accountSid: 'AC0123456789abcdef0123456789abcdef' },
    );

    const params = lastRequest().params;
    expect(lastRequest().method).toBe('POST');
    expect(params).toEqual({
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      ApiVersion: '2010-04-01',
      CallSid: transcript.callSid,
      CallStatus: 'completed',
      Direction: 'inbound',
      From: '+447700900123',
      Caller: '+447700900123',
      To: REDIAL_NUMBER,
      Called: REDIAL_NUMBER,
      Timestamp: expect.stringMatching(RFC_2822),
      SequenceNumber: '0',
      CallbackSource: 'call-progress-events',
      CallDuration: '0',
    });
  });

  it('is signed like every other webhook', async () => {
    await call({ '/voice/incoming': () => twiml('<Hangup/>') });

    const [callback] = statusCallbacks();
    const signature = String(callback.headers['x-twilio-signature']);
    expect(
      validateRequest(AUTH_TOKEN, signature, `${server.baseUrl}/voice/call-status`, callback.params),
    ).toBe(true);
    expect(
      validateRequest('another-token', signature, `${server.baseUrl}/voice/call-status`, callback.params),
    ).toBe(false);
    expect(callback.headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
  });

  it('measures CallDuration from the verb that answered, not from the first ring', async () => {
    // A plain <Dial> answers the call as it starts, so the ringing counts…
    await call(
      { '/voice/incoming': () => twiml('<Dial><Sip>sip:alice@pbx</Sip></Dial>') },
      {
        agent: 'busy',
        ringSeconds: 1.2,
      },
    );
    expect(lastRequest().params.CallDuration).toBe('1');
    await server.close();

    // …while with answerOnBridge the call rings on until the <Say> of the dial action answers it.
    const transcript = await call(
      { '/voice/incoming': () => BRIDGED_DIAL },
      { agent: 'busy', ringSeconds: 1.2 },
    );
    expect(server.requestsTo('/voice/dial-status')[0].params.CallStatus).toBe('ringing');
    expect(lastRequest().params).toMatchObject({ CallStatus: 'completed', CallDuration: '0' });
    expect(allEvents(transcript)).toContain('Caller hears: "Sorry we missed you"');
  });

  it('counts the talk time of a bridged <Dial> and the length of a recorded message', async () => {
    await call({ '/voice/incoming': () => BRIDGED_DIAL }, { agent: 'answer', talkSeconds: 42 });
    expect(server.requestsTo('/voice/dial-status')[0].params).toMatchObject({
      CallStatus: 'in-progress',
      DialCallDuration: '42',
    });
    expect(lastRequest().params).toMatchObject({ CallStatus: 'completed', CallDuration: '42' });
    await server.close();

    await call({ '/voice/incoming': () => VOICEMAIL }, { recordSeconds: 9 });
    expect(lastRequest().params).toMatchObject({ CallStatus: 'completed', CallDuration: '9' });
  });

  it('reports canceled when the caller hangs up while a <Dial answerOnBridge> still rings', async () => {
    const transcript = await call(
      { '/voice/incoming': () => BRIDGED_DIAL },
      { agent: 'decline', ringSeconds: 5, callerHangupAfter: 0.05 },
    );

    expect(server.requestsTo('/voice/dial-status')[0].params).toMatchObject({
      CallStatus: 'canceled',
      DialCallStatus: 'canceled',
    });
    expect(lastRequest().params).toMatchObject({ CallStatus: 'canceled', CallDuration: '0' });
    expect(transcript.outcome).toEqual({
      status: 'completed',
      detail: 'the caller hung up during the <Dial>',
      callStatus: 'canceled',
    });
  });

  it.each([
    ['<Reject/>', 'no-answer'],
    ['<Reject reason="busy"/>', 'busy'],
  ])('reports the call ended unanswered at %s', async (verb, callStatus) => {
    await call({ '/voice/incoming': () => twiml(verb) });

    expect(lastRequest().params).toMatchObject({ CallStatus: callStatus, CallDuration: '0' });
  });

  it('goes to the URL of --status-callback', async () => {
    server = await startFakeRedial({
      '/voice/incoming': () => twiml('<Hangup/>'),
      '/hooks/ended': () => ({ status: 204 }),
    });

    const transcript = await callFake(server, { statusCallback: `${server.baseUrl}/hooks/ended?number=1` });

    expect(server.requests.map((request) => request.path)).toEqual([
      '/voice/incoming',
      '/hooks/ended?number=1',
    ]);
    expect(transcript.steps.at(-1)?.status).toBe(204);
  });

  it('is not posted at all with --status-callback none', async () => {
    const transcript = await call({ '/voice/incoming': () => VOICEMAIL }, { statusCallback: null });

    expect(statusCallbacks()).toEqual([]);
    expect(lastRequest().path).toBe('/voice/transcription');
    expect(transcript.steps.map((step) => step.label)).not.toContain('completed call status callback');
  });

  it('ends the call with an error when it is not answered with a 2xx, as other callbacks do', async () => {
    const transcript = await call({
      '/voice/incoming': () => twiml('<Hangup/>'),
      [CALL_STATUS_PATH]: () => ({ status: 500, body: 'boom' }),
    });

    expect(transcript.steps.at(-1)).toMatchObject({ label: 'completed call status callback', status: 500 });
    expect(transcript.outcome).toEqual({
      status: 'error',
      detail: expect.stringMatching(
        /^completed call status callback: http:\/\/127\.0\.0\.1:\d+\/voice\/call-status answered HTTP 500 Internal Server Error \(body: boom\)$/,
      ),
    });
  });

  it('is still posted after a webhook answered badly, which stays the reported error', async () => {
    const transcript = await call(
      { '/voice/incoming': () => ({ status: 502, body: 'bad gateway' }) },
      { fallbackUrl: null },
    );

    expect(server.requests.map((request) => request.path)).toEqual(['/voice/incoming', '/voice/call-status']);
    expect(lastRequest().params).toMatchObject({ CallStatus: 'completed', CallDuration: '0' });
    expect(transcript.outcome.detail).toMatch(/^incoming call: .*answered HTTP 502/);
  });

  it('never hides the original error when it fails too', async () => {
    const transcript = await call({
      '/voice/incoming': () => twiml('<Redirect>/voice/missing</Redirect>'),
      [CALL_STATUS_PATH]: () => ({ status: 503, body: 'down' }),
    });

    expect(transcript.steps.map((step) => [step.label, step.status])).toEqual([
      ['incoming call', 200],
      ['redirect', 404],
      ['completed call status callback', 503],
    ]);
    expect(transcript.outcome.status).toBe('error');
    expect(transcript.outcome.detail).toMatch(/^redirect: .*\/voice\/missing answered HTTP 404/);
    expect(allEvents(transcript).at(-1)).toMatch(
      /^The call status callback failed too: completed call status callback: .*answered HTTP 503/,
    );
  });

  it('is not tried on a server that could not be reached just now, but is on another one', async () => {
    server = await startFakeRedial({});
    const { baseUrl } = server;
    await server.close();
    server = await startFakeRedial({ '/hooks/ended': () => ({ status: 204 }) });
    const events: string[] = [];
    const options = { baseUrl, authToken: AUTH_TOKEN, to: REDIAL_NUMBER, fallbackUrl: null };

    const transcript = await simulateCall(options, { onEvent: (event) => events.push(event) });

    expect(transcript.steps).toEqual([]);
    expect(transcript.outcome.detail).toMatch(new RegExp(`^cannot reach ${baseUrl}/voice/incoming: `));
    expect(events).toEqual([
      'The call status callback is not posted: its server could not be reached just now',
    ]);

    const elsewhere = await simulateCall({ ...options, statusCallback: `${server.baseUrl}/hooks/ended` });

    expect(elsewhere.steps.map((step) => [step.label, step.status])).toEqual([
      ['completed call status callback', 204],
    ]);
    expect(elsewhere.outcome.detail).toMatch(new RegExp(`^cannot reach ${baseUrl}/voice/incoming: `));
  });

  it('is posted when the simulation stops at unsupported TwiML', async () => {
    const transcript = await call({ '/voice/incoming': () => twiml('<Enqueue>support</Enqueue>') });

    expect(transcript.outcome.status).toBe('unsupported');
    expect(lastRequest().params).toMatchObject({ CallStatus: 'completed' });
  });
});
