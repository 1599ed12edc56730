import { allEvents, callFake, type FakeRedial, startFakeRedial, twiml } from './fake-redial-server';

const MENU = twiml(
  '<Gather action="/voice/choice" numDigits="1" timeout="7"><Say>Press 1 for a callback</Say></Gather><Say>No choice made</Say>',
);

describe('<Gather>', () => {
  let server: FakeRedial;

  afterEach(() => server.close());

  async function gatherWith(document: string, digits?: string[]) {
    server = await startFakeRedial({
      '/voice/incoming': () => document,
      '/voice/choice': (request) => twiml(`<Say>You chose ${request.params.Digits || 'nothing'}</Say>`),
    });
    return callFake(server, { digits });
  }

  it('posts the keys pressed with --digits to the action', async () => {
    const transcript = await gatherWith(MENU, ['1']);

    const [choice] = server.requestsTo('/voice/choice');
    expect(choice.params).toMatchObject({ Digits: '1', CallStatus: 'in-progress' });
    expect(allEvents(transcript)).toEqual([
      'Caller hears: "Press 1 for a callback"',
      'Caller presses 1',
      'Caller hears: "You chose 1"',
      'No verbs are left, so Twilio hangs up',
    ]);
  });

  it('stops at numDigits and at finishOnKey', async () => {
    await gatherWith(MENU, ['42']);
    expect(server.requestsTo('/voice/choice')[0].params.Digits).toBe('4');
    await server.close();

    await gatherWith(twiml('<Gather action="/voice/choice"/>'), ['123#9']);
    expect(server.requestsTo('/voice/choice')[0].params.Digits).toBe('123');
  });

  it('moves on to the next verb on silence, as Twilio does after the timeout', async () => {
    const transcript = await gatherWith(MENU);

    expect(server.requestsTo('/voice/choice')).toEqual([]);
    expect(allEvents(transcript)).toEqual([
      'Caller hears: "Press 1 for a callback"',
      'Caller presses nothing: the Gather times out after 7 s',
      'Twilio moves on to the next verb',
      'Caller hears: "No choice made"',
      'No verbs are left, so Twilio hangs up',
    ]);
  });

  it('posts empty Digits on silence when actionOnEmptyResult is true', async () => {
    const transcript = await gatherWith(twiml('<Gather action="/voice/choice" actionOnEmptyResult="true"/>'));

    expect(server.requestsTo('/voice/choice')[0].params.Digits).toBe('');
    expect(allEvents(transcript)).toContain('Caller hears: "You chose nothing"');
  });

  it('posts to the current document without an action, and gives each Gather the next --digits entry', async () => {
    server = await startFakeRedial({
      '/voice/incoming': (request) =>
        request.params.Digits === undefined
          ? twiml('<Gather numDigits="1"/>')
          : twiml('<Redirect>/voice/menu</Redirect>'),
      '/voice/menu': (request) =>
        request.params.Digits === undefined
          ? twiml('<Gather/><Hangup/>')
          : twiml(`<Say>Got ${request.params.Digits}</Say>`),
    });

    await callFake(server, { digits: ['1', ''] });

    expect(server.requests.map((request) => [request.path, request.params.Digits])).toEqual([
      ['/voice/incoming', undefined],
      ['/voice/incoming', '1'],
      ['/voice/menu', undefined],
      ['/voice/call-status', undefined],
    ]);
  });
});

describe('<Record>', () => {
  let server: FakeRedial;

  afterEach(() => server.close());

  const VOICEMAIL = twiml(
    '<Say>Leave a message</Say><Record action="/voice/recorded" maxLength="120" ' +
      'recordingStatusCallback="/voice/recording-status" transcribeCallback="/voice/transcription"/>',
  );

  async function recordWith(document: string, recordSeconds?: number) {
    server = await startFakeRedial({
      '/voice/incoming': () => document,
      '/voice/recorded': () => twiml('<Say>Thanks, goodbye</Say><Hangup/>'),
      '/voice/recording-status': () => ({ status: 204 }),
      '/voice/transcription': () => ({ status: 200, body: '' }),
    });
    return callFake(server, { recordSeconds, accountSid: 'AC0123456789abcdef0123456789abcdef' });
  }

  it('posts the recording to the action, then the recording and transcription callbacks', async () => {
    const transcript = await recordWith(VOICEMAIL);

    const [recorded] = server.requestsTo('/voice/recorded');
    expect(recorded.params).toMatchObject({
      RecordingDuration: '12',
      Digits: '#',
      CallStatus: 'in-progress',
    });
    expect(recorded.params.RecordingSid).toMatch(/^RE[0-9a-f]{32}$/);
    expect(recorded.params.RecordingUrl).toBe(
      `https://api.twilio.com/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Recordings/${recorded.params.RecordingSid}`,
    );
    expect(server.requestsTo('/voice/recording-status')[0].params).toEqual({
      AccountSid: 'AC0123456789abcdef0123456789abcdef',
      CallSid: transcript.callSid,
      RecordingSid: recorded.params.RecordingSid,
      RecordingUrl: recorded.params.RecordingUrl,
      RecordingStatus: 'completed',
      RecordingDuration: '12',
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
    });
    expect(server.requestsTo('/voice/transcription')[0].params).toMatchObject({
      TranscriptionStatus: 'completed',
      TranscriptionText: expect.stringContaining('Please call me back'),
      TranscriptionSid: expect.stringMatching(/^TR[0-9a-f]{32}$/),
      RecordingSid: recorded.params.RecordingSid,
    });
    expect(transcript.steps.map((step) => step.label)).toEqual([
      'incoming call',
      'record action',
      'recording status callback',
      'transcription callback',
      'completed call status callback',
    ]);
    expect(allEvents(transcript)).toEqual([
      'Caller hears: "Leave a message"',
      'Caller hears a beep',
      'Caller leaves a 12 s message and presses #',
      'Caller hears: "Thanks, goodbye"',
      'Twilio hangs up',
    ]);
  });

  it('sends Digits=hangup when no key can end the recording, and runs none of the answer', async () => {
    const transcript = await recordWith(twiml('<Record action="/voice/recorded" finishOnKey=""/>'), 30);

    expect(server.requestsTo('/voice/recorded')[0].params).toMatchObject({
      Digits: 'hangup',
      RecordingDuration: '30',
      CallStatus: 'completed',
    });
    expect(allEvents(transcript)).not.toContain('Caller hears: "Thanks, goodbye"');
    expect(transcript.outcome.detail).toBe('the caller hung up after leaving a message');
  });

  it('cuts the message at maxLength', async () => {
    await recordWith(twiml('<Record action="/voice/recorded" maxLength="10"/>'), 25);

    const params = server.requestsTo('/voice/recorded')[0].params;
    expect(params.RecordingDuration).toBe('10');
    expect(params).not.toHaveProperty('Digits');
  });

  it('requests no action when the caller hangs up without a word (--record-seconds 0)', async () => {
    const transcript = await recordWith(VOICEMAIL, 0);

    expect(server.requests.map((request) => request.path)).toEqual(['/voice/incoming', '/voice/call-status']);
    expect(transcript.outcome).toEqual({
      status: 'completed',
      detail: 'the caller hung up at <Record> without leaving a message',
      callStatus: 'completed',
    });
  });
});
