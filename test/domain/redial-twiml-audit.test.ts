import type { Agent, Prompt } from '../../lambdas/domain/config';
import * as twiml from '../../lambdas/domain/twiml';
import { auditTwiml } from '../../tools/cli/twiml-audit';

/** Redial's own answers must pass its audit: no <Reject>, and every <Dial> reports back. */

const prompt = (text: string): Prompt => ({ text, voice: 'Polly.Amy', language: 'en-GB' });
const agent = (dial: string): Agent => ({
  id: 'alice',
  name: 'Alice',
  dial,
  alerts: { email: [], sms: [], https: [] },
});

const voicemail: twiml.VoicemailOptions = {
  prompt: prompt('Leave a message after the tone.'),
  actionUrl: 'https://api.example.com/voice/recorded',
  recordingStatusUrl: 'https://api.example.com/voice/recording-status',
  maxLengthSeconds: 120,
};

const dial = (target: string, extras: Partial<twiml.DialAgentOptions> = {}) =>
  twiml.dialAgentTwiml({
    agent: agent(target),
    timeoutSeconds: 20,
    actionUrl: 'https://api.example.com/voice/dial-done',
    statusCallbackUrl: 'https://api.example.com/voice/leg-status',
    ...extras,
  });

type Builder = Extract<keyof typeof twiml, `${string}Twiml`>;

// Typed by the module's exports, so a new *Twiml builder fails type checking until it has samples here.
const SAMPLES: Record<Builder, () => string[]> = {
  callbackBriefingTwiml: () => [
    twiml.callbackBriefingTwiml({
      prompt: prompt('Callback.'),
      text: 'Callback for plus 1 5 0 0. Press 1.',
      acceptUrl: 'https://api.example.com/voice/callback-accept?callback=CA1&attempt=1',
    }),
  ],
  dialCustomerTwiml: () => [
    twiml.dialCustomerTwiml({
      customer: '+15005550006',
      callerId: '+442071234567',
      actionUrl: 'https://api.example.com/voice/callback-dial-status?callback=CA1&attempt=1',
    }),
  ],
  dialAgentTwiml: () => [
    dial('sip:alice@pbx.example.com'),
    dial('+447700900101', { callerId: '+442071234567', greeting: prompt('Connecting you now.') }),
  ],
  voicemailTwiml: () => [
    twiml.voicemailTwiml(voicemail),
    twiml.voicemailTwiml({ ...voicemail, transcriptionUrl: 'https://api.example.com/voice/transcribed' }),
  ],
  callbackOfferTwiml: () => [
    twiml.callbackOfferTwiml({
      offer: prompt('Press 1 and we will call you back.'),
      choiceUrl: 'https://api.example.com/voice/choice',
      voicemail,
    }),
    twiml.callbackOfferTwiml({
      preamble: prompt('We are closed.'),
      offer: prompt('Press 1 and we will call you back.'),
      choiceUrl: 'https://api.example.com/voice/choice',
      voicemail,
    }),
  ],
  sayAndHangUpTwiml: () => [
    twiml.sayAndHangUpTwiml(),
    twiml.sayAndHangUpTwiml({ prompt: prompt('Thank you.') }, { prompt: prompt('{when}'), text: 'tomorrow' }),
  ],
  emptyTwiml: () => [twiml.emptyTwiml()],
};

describe("Redial's own TwiML", () => {
  it('has samples for every exported *Twiml builder', () => {
    const builders = Object.keys(twiml).filter((name) => name.endsWith('Twiml'));

    expect(Object.keys(SAMPLES).sort()).toEqual(builders.sort());
  });

  it('samples a <Dial>, so the audit has something to check', () => {
    expect(SAMPLES.dialAgentTwiml().join('')).toContain('<Dial ');
  });

  it.each(Object.entries(SAMPLES))('%s passes the audit', (name, samples) => {
    for (const xml of samples()) expect(auditTwiml(xml, name)).toEqual([]);
  });
});
