import { simulateCall } from '../../tools/twilio-emulator';
import {
  AUTH_TOKEN,
  allEvents,
  callFake,
  type FakeRedial,
  REDIAL_NUMBER,
  type Route,
  startFakeRedial,
  twiml,
} from './fake-redial-server';

describe('call flow', () => {
  let server: FakeRedial;

  afterEach(() => server.close());

  async function call(routes: Record<string, Route>, options: Parameters<typeof callFake>[1] = {}) {
    server = await startFakeRedial(routes);
    return callFake(server, options);
  }

  it('turns <Say>, <Play> and <Pause> into what the caller hears', async () => {
    const transcript = await call({
      '/voice/incoming': () =>
        twiml(
          '<Say voice="Polly.Amy" language="en-GB">Thanks for calling Harbour Dental.</Say>' +
            '<Play loop="2">https://example.com/hold.mp3</Play><Pause length="0.1"/><Play digits="ww1234"/>' +
            '<Say>Goodbye</Say>',
        ),
    });

    expect(transcript.steps[0].verbs.map((verb) => verb.name)).toEqual([
      'Say',
      'Play',
      'Pause',
      'Play',
      'Say',
    ]);
    expect(allEvents(transcript)).toEqual([
      'Caller hears: "Thanks for calling Harbour Dental." (Polly.Amy, en-GB)',
      'Caller hears the audio https://example.com/hold.mp3, 2 times',
      'Caller hears 0.1 s of silence',
      'Twilio plays the DTMF tones ww1234',
      'Caller hears: "Goodbye"',
      'No verbs are left, so Twilio hangs up',
    ]);
    expect(transcript.outcome).toEqual({
      status: 'completed',
      detail: 'the TwiML ran out of verbs, so Twilio hung up',
      callStatus: 'completed',
    });
  });

  it('follows <Redirect> relative to the current document, still ringing until a verb answers', async () => {
    const transcript = await call({
      '/voice/incoming': () => twiml('<Redirect>menu/start?step=2</Redirect>'),
      '/voice/menu/start': () => twiml('<Say>Welcome</Say><Redirect method="POST">/voice/bye</Redirect>'),
      '/voice/bye': () => twiml('<Hangup/>'),
    });

    expect(
      transcript.steps.map((step) => [step.label, step.request.url.replace(server.baseUrl, '')]),
    ).toEqual([
      ['incoming call', '/voice/incoming'],
      ['redirect', '/voice/menu/start?step=2'],
      ['redirect', '/voice/bye'],
      ['completed call status callback', '/voice/call-status'],
    ]);
    expect(transcript.steps.map((step) => step.request.params.CallStatus)).toEqual([
      'ringing',
      'ringing',
      'in-progress',
      'completed',
    ]);
    expect(transcript.outcome).toEqual({
      status: 'completed',
      detail: 'Twilio hung up (<Hangup>)',
      callStatus: 'completed',
    });
  });

  it('stops at <Hangup> without running what follows', async () => {
    const transcript = await call({ '/voice/incoming': () => twiml('<Hangup/><Say>Never heard</Say>') });

    expect(allEvents(transcript)).toEqual(['Twilio hangs up']);
  });

  it.each([
    ['<Reject/>', 'no-answer', 'a not-in-service message'],
    ['<Reject reason="busy"/>', 'busy', 'a busy tone'],
  ])('ends the call unanswered at %s', async (verb, callStatus, heard) => {
    const transcript = await call({ '/voice/incoming': () => twiml(verb) });

    expect(transcript.outcome).toMatchObject({ status: 'rejected', callStatus });
    expect(allEvents(transcript)).toEqual([`Twilio rejects the call: the caller hears ${heard}`]);
  });

  it.each([
    ['<Enqueue>support</Enqueue>', '<Enqueue>'],
    ['<Dial><Client>alice</Client></Dial>', '<Dial><Client>'],
    ['<Dial></Dial>', 'A <Dial> with nothing to dial'],
  ])('notes %s as unsupported and stops', async (verbs, what) => {
    const transcript = await call({
      '/voice/incoming': () => twiml(`<Say>Hold on</Say>${verbs}<Say>Later</Say>`),
    });

    expect(transcript.outcome).toEqual({
      status: 'unsupported',
      detail: `${what} is not supported by the simulator`,
    });
    expect(allEvents(transcript)).toEqual([
      'Caller hears: "Hold on"',
      `${what} is not supported by the simulator: stopping here`,
    ]);
  });

  it('gives up on a loop after --max-steps TwiML requests', async () => {
    const transcript = await call(
      { '/voice/incoming': () => twiml('<Redirect>/voice/incoming</Redirect>') },
      { maxSteps: 3 },
    );

    expect(transcript.steps.map((step) => step.label)).toEqual([
      'incoming call',
      'redirect',
      'redirect',
      'completed call status callback',
    ]);
    expect(transcript.outcome).toEqual({
      status: 'error',
      detail: expect.stringContaining('--max-steps is 3, so the call flow probably loops'),
    });
  });

  it('stops with the status and body of an answer that is not 200, on a number without a fallback', async () => {
    const transcript = await call(
      { '/voice/incoming': () => ({ status: 502, body: '{"message":"Internal server error"}' }) },
      { fallbackUrl: null },
    );

    expect(transcript.steps[0].status).toBe(502);
    expect(transcript.outcome.detail).toMatch(
      /^incoming call: http:\/\/127\.0\.0\.1:\d+\/voice\/incoming answered HTTP 502 Bad Gateway \(body: \{"message":"Internal server error"\}\)$/,
    );
  });

  it('stops at a 404 with a hint about the URL', async () => {
    const transcript = await call({});

    expect(transcript.outcome.detail).toContain('answered HTTP 404 Not Found — no such route: check --url');
  });

  it.each([
    ['a body that is not XML', 'OK', 'text/plain', 'not well-formed XML (line 1)'],
    ['malformed XML', '<Response><Say>Hi</Response>', 'text/xml', "Expected closing tag 'Say'"],
    [
      'XML that is not TwiML',
      '<html><body>Hi</body></html>',
      'text/html',
      'expected one <Response> root element, found <html>',
    ],
  ])('stops at %s', async (_name, body, contentType, problem) => {
    const transcript = await call({ '/voice/incoming': () => ({ status: 200, body, contentType }) });

    expect(transcript.outcome.status).toBe('error');
    expect(transcript.outcome.detail).toContain(
      `answered 200 but not with TwiML (Content-Type: ${contentType}): `,
    );
    expect(transcript.outcome.detail).toContain(problem);
  });

  it('hangs up after an empty <Response>', async () => {
    const transcript = await call({ '/voice/incoming': () => twiml('') });

    expect(transcript.steps[0].verbs).toEqual([]);
    expect(transcript.outcome.status).toBe('completed');
  });

  /**
   * The number's Voice Fallback URL, as Twilio uses it: when a TwiML request fails (an HTTP error,
   * no connection, no answer), Twilio requests the fallback with the call's parameters, ErrorCode
   * and ErrorUrl, and carries on with the fallback's TwiML.
   */
  describe('the fallback URL', () => {
    const voicemail = () =>
      twiml(
        '<Say>Sorry</Say><Record action="/voice/fallback?step=recorded" recordingStatusCallback="/rec"/>',
      );

    const callWithFallback = (routes: Record<string, Route>) =>
      call(
        {
          '/voice/fallback': (request) =>
            request.path.includes('step=recorded') ? twiml('<Say>Thanks</Say><Hangup/>') : voicemail(),
          '/rec': () => ({ status: 204 }),
          ...routes,
        },
        { recordSeconds: 0.05 },
      );

    it('is requested with ErrorCode 11200 and ErrorUrl when the voice URL answers 5xx, and its TwiML runs', async () => {
      const transcript = await callWithFallback({ '/voice/incoming': () => ({ status: 500, body: 'boom' }) });

      expect(transcript.steps.map((step) => [step.label, step.status])).toEqual([
        ['incoming call', 500],
        ['fallback after incoming call', 200],
        ['record action', 200],
        ['recording status callback', 204],
        ['completed call status callback', 200],
      ]);
      const [fallback] = server.requestsTo('/voice/fallback');
      expect(fallback.params).toMatchObject({
        ErrorCode: '11200',
        ErrorUrl: `${server.baseUrl}/voice/incoming`,
        From: '+15005550006',
        CallStatus: 'ringing',
      });
      expect(allEvents(transcript)[0]).toMatch(
        /^incoming call failed \(.*answered HTTP 500.*\): Twilio requests the number's fallback URL$/,
      );
      expect(transcript.outcome.status).toBe('completed');
    });

    it('is requested with ErrorCode 11205 when the voice URL cannot be reached', async () => {
      const down = await startFakeRedial({});
      const downUrl = down.baseUrl;
      await down.close();
      server = await startFakeRedial({
        '/voice/fallback': (request) =>
          request.path.includes('step=recorded') ? twiml('<Hangup/>') : twiml('<Say>Sorry</Say><Hangup/>'),
      });

      // The status callback would go to the server that is down: none here.
      const transcript = await callFake(server, {
        baseUrl: downUrl,
        fallbackUrl: `${server.baseUrl}/voice/fallback`,
        statusCallback: null,
      });

      expect(transcript.steps.map((step) => [step.label, step.status])).toEqual([
        ['incoming call', 0],
        ['fallback after incoming call', 200],
      ]);
      expect(server.requestsTo('/voice/fallback')[0].params).toMatchObject({
        ErrorCode: '11205',
        ErrorUrl: `${downUrl}/voice/incoming`,
      });
      expect(transcript.outcome.status).toBe('completed');
    });

    it('is not requested on the server that just refused the connection (it would refuse again)', async () => {
      server = await startFakeRedial({});
      const { baseUrl } = server;
      await server.close();
      server = await startFakeRedial({});
      const events: string[] = [];

      const transcript = await simulateCall(
        { baseUrl, authToken: AUTH_TOKEN, to: REDIAL_NUMBER, statusCallback: null },
        { onEvent: (event) => events.push(event) },
      );

      expect(transcript.steps).toEqual([]);
      expect(transcript.outcome.detail).toMatch(new RegExp(`^cannot reach ${baseUrl}/voice/incoming: `));
      expect(events).toEqual(['The fallback URL is not requested: its server could not be reached just now']);
    });

    it('serves an action URL that fails too, but never its own failure (no loop)', async () => {
      const transcript = await callWithFallback({
        '/voice/incoming': () => twiml('<Redirect>/voice/broken</Redirect>'),
        '/voice/broken': () => ({ status: 503 }),
        '/voice/fallback': () => ({ status: 500, body: 'fallback down' }),
      });

      expect(transcript.steps.map((step) => [step.label, step.status])).toEqual([
        ['incoming call', 200],
        ['redirect', 503],
        ['fallback after redirect', 500],
        ['completed call status callback', 200],
      ]);
      expect(transcript.outcome.detail).toMatch(/^fallback after redirect: .*answered HTTP 500/);
    });
  });
});
