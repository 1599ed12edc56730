import { parseConfig } from '../../lambdas/domain/config';
import { answerFallback, fallbackOrigin } from '../../lambdas/domain/voice-fallback';
import { auditTwiml } from '../../tools/cli/twiml-audit';
import { readTwiml } from '../../tools/twilio-emulator/twiml-reader';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson());
const base = 'https://api.example.com';
const CALLER = '+15005550006';
const LINE = '+442071234567';

/** Twilio's request to the fallback after the webhook failed: the call's parameters, ErrorCode and ErrorUrl. */
const failedCall = (params: Record<string, string> = {}) => ({
  CallSid: `CA${'a'.repeat(32)}`,
  From: CALLER,
  To: LINE,
  ErrorCode: '11200',
  ErrorUrl: `${base}/voice/incoming`,
  ...params,
});

const fallback = (params: Record<string, string>, query = '') =>
  answerFallback(params, new URLSearchParams(query), { config, publicBaseUrl: base });

describe('the voice fallback', () => {
  it("apologises, plays the config's voicemail prompt and records, reporting to the main API", () => {
    const verbs = readTwiml(fallback(failedCall()));

    expect(verbs.map((verb) => [verb.name, verb.text])).toEqual([
      ['Say', config.prompts.fallbackApology.text],
      ['Say', config.prompts.voicemail.text],
      ['Record', ''],
    ]);
    const record = verbs[2].attributes;
    expect(record).toMatchObject({
      action: `${base}/voice/fallback?step=recorded`,
      maxLength: String(config.voicemail.maxLengthSeconds),
      recordingStatusCallbackMethod: 'POST',
    });
    const callback = new URL(record.recordingStatusCallback);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${base}/voice/recording-status`);
    expect(Object.fromEntries(callback.searchParams)).toEqual({ via: 'fallback', from: CALLER, to: LINE });
  });

  it('thanks the caller and hangs up on its <Record> action, so Twilio never loops back to the start', () => {
    const verbs = readTwiml(
      fallback(failedCall({ RecordingUrl: 'https://api.twilio.com/x' }), 'step=recorded'),
    );
    expect(verbs.map((verb) => [verb.name, verb.text])).toEqual([
      ['Say', config.prompts.voicemailThanks.text],
      ['Hangup', ''],
    ]);
  });

  it.each([
    ['markup', '</Say><Redirect>https://evil.example/</Redirect>'],
    ['a query of its own', '+15005550006&via=x&to=+1'],
    ['a withheld caller', 'anonymous'],
    ['a SIP address', 'sip:alice@evil.example'],
    ['a control character', '+15005550006\u0000'],
  ])('leaves out a From that is %s (unverified input never reaches TwiML or a URL)', (_what, from) => {
    const body = fallback(failedCall({ From: from, To: `${LINE}<Play>x</Play>` }));
    const callback = new URL(readTwiml(body)[2].attributes.recordingStatusCallback);
    expect(Object.fromEntries(callback.searchParams)).toEqual({ via: 'fallback' });
    expect(body).not.toContain('evil.example');
    expect(body).not.toContain('<Redirect');
    expect(body).not.toContain('<Play');
  });

  it('never reflects ErrorUrl or ErrorCode', () => {
    const body = fallback(failedCall({ ErrorUrl: 'https://evil.example/x', ErrorCode: '<Hangup/>' }));
    expect(body).not.toContain('evil.example');
    expect(readTwiml(body).map((verb) => verb.name)).toEqual(['Say', 'Say', 'Record']);
  });

  it("passes Redial's own TwiML audit", () => {
    expect(auditTwiml(fallback(failedCall()), 'fallback')).toEqual([]);
    expect(auditTwiml(fallback(failedCall(), 'step=recorded'), 'fallback thanks')).toEqual([]);
  });
});

describe("the main path reading the fallback's mark", () => {
  it('takes the caller and line from a marked query, E.164 only', () => {
    expect(fallbackOrigin(new URLSearchParams({ via: 'fallback', from: CALLER, to: LINE }))).toEqual({
      from: CALLER,
      to: LINE,
    });
    expect(fallbackOrigin(new URLSearchParams({ via: 'fallback', from: 'anonymous' }))).toEqual({
      from: undefined,
      to: undefined,
    });
  });

  it('sees no fallback without the mark', () => {
    expect(fallbackOrigin(new URLSearchParams({ from: CALLER, to: LINE }))).toBeUndefined();
  });
});
