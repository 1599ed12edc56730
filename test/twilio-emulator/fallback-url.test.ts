import {
  allEvents,
  callFake,
  type FakeRedial,
  type Route,
  startFakeRedial,
  twiml,
} from './fake-redial-server';

/**
 * The number's Voice Fallback URL, as Twilio uses it: when a TwiML request fails (an HTTP error,
 * no connection, no answer), Twilio requests the fallback with the call's parameters, ErrorCode
 * and ErrorUrl, and carries on with the fallback's TwiML.
 */
describe('the fallback URL', () => {
  let server: FakeRedial;

  afterEach(() => server.close());

  const voicemail = () =>
    twiml('<Say>Sorry</Say><Record action="/voice/fallback?step=recorded" recordingStatusCallback="/rec"/>');

  async function call(routes: Record<string, Route>) {
    server = await startFakeRedial({
      '/voice/fallback': (request) =>
        request.path.includes('step=recorded') ? twiml('<Say>Thanks</Say><Hangup/>') : voicemail(),
      '/rec': () => ({ status: 204 }),
      ...routes,
    });
    return callFake(server, { recordSeconds: 0.05 });
  }

  it('is requested with ErrorCode 11200 and ErrorUrl when the voice URL answers 5xx, and its TwiML runs', async () => {
    const transcript = await call({ '/voice/incoming': () => ({ status: 500, body: 'boom' }) });

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

  it('serves an action URL that fails too, but never its own failure (no loop)', async () => {
    const transcript = await call({
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
