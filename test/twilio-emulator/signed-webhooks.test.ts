import {
  AUTH_TOKEN,
  callFake,
  type FakeRedial,
  REDIAL_NUMBER,
  startFakeRedial,
  twiml,
} from './fake-redial-server';

describe('signed webhooks', () => {
  let server: FakeRedial;

  afterEach(() => server.close());

  it('signs every request so that validateRequest accepts it, GET and query strings included', async () => {
    server = await startFakeRedial({
      '/voice/incoming': () => twiml('<Redirect method="GET">/voice/menu?lang=en&amp;note=a%20b</Redirect>'),
      '/voice/menu': () =>
        twiml('<Dial action="/voice/dial-status?started=1700000000"><Sip>sip:alice@pbx</Sip></Dial>'),
      '/voice/dial-status': () => twiml('<Hangup/>'),
    });

    const transcript = await callFake(server);

    expect(transcript.outcome).toEqual({
      status: 'completed',
      detail: 'Twilio hung up (<Hangup>)',
      callStatus: 'completed',
    });
    expect(
      server.requests.map((request) => `${request.method} ${request.path.split('&AccountSid')[0]}`),
    ).toEqual([
      'POST /voice/incoming',
      'GET /voice/menu?lang=en&note=a%20b',
      'POST /voice/dial-status?started=1700000000',
      'POST /voice/call-status',
    ]);
    expect(server.requests[1].params).toMatchObject({ lang: 'en', note: 'a b', CallSid: transcript.callSid });
  });

  it('sends what Twilio sends with an incoming call', async () => {
    server = await startFakeRedial({ '/voice/incoming': () => twiml('<Say>Hi</Say>') });

    const transcript = await callFake(server, { from: '+447700900123' });

    const [incoming] = server.requests;
    expect(incoming.params).toEqual({
      AccountSid: 'ACdeadbeefdeadbeefdeadbeefdeadbeef',
      ApiVersion: '2010-04-01',
      CallSid: transcript.callSid,
      CallStatus: 'ringing',
      Called: REDIAL_NUMBER,
      Caller: '+447700900123',
      Direction: 'inbound',
      From: '+447700900123',
      To: REDIAL_NUMBER,
    });
    expect(transcript.callSid).toMatch(/^CA[0-9a-f]{32}$/);
    expect(incoming.headers['user-agent']).toBe('TwilioProxy/1.1');
    expect(incoming.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(incoming.headers['i-twilio-idempotency-token']).toEqual(expect.any(String));
  });

  it('uses a fresh idempotency token for each request', async () => {
    server = await startFakeRedial({
      '/voice/incoming': () => twiml('<Redirect>/voice/next</Redirect>'),
      '/voice/next': () => twiml('<Hangup/>'),
    });

    await callFake(server);

    const tokens = server.requests.map((request) => request.headers['i-twilio-idempotency-token']);
    expect(new Set(tokens).size).toBe(3);
  });

  it('reports the 403 of a server that holds another auth token', async () => {
    server = await startFakeRedial({ '/voice/incoming': () => twiml('<Say>Hi</Say>') }, 'another-token');

    const transcript = await callFake(server);

    expect(transcript.steps.map((step) => [step.label, step.status])).toEqual([
      ['incoming call', 403],
      ['completed call status callback', 403],
    ]);
    expect(transcript.outcome.status).toBe('error');
    expect(transcript.outcome.detail).toMatch(/^incoming call: .*\/voice\/incoming answered HTTP 403/);
    expect(transcript.outcome.detail).toContain('X-Twilio-Signature did not verify');
    expect(AUTH_TOKEN).not.toBe('another-token');
  });

  it('reports an API that cannot be reached, for a number without a fallback', async () => {
    server = await startFakeRedial({});
    const { baseUrl } = server;
    await server.close();
    server = await startFakeRedial({});

    const transcript = await callFake(server, { baseUrl, fallbackUrl: null });

    expect(transcript.steps).toEqual([]);
    expect(transcript.outcome).toEqual({
      status: 'error',
      detail: expect.stringMatching(new RegExp(`^cannot reach ${baseUrl}/voice/incoming: .*ECONNREFUSED`)),
    });
  });
});
