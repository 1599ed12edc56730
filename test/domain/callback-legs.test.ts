import { answerCallbackAccept, answerCallbackAnswer } from '../../lambdas/domain/callback-legs';
import { NOT_XML_CHARACTER } from '../../lambdas/domain/twiml';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { exampleConfig } from '../support/example-config';

const context = {
  config: exampleConfig(),
  publicBaseUrl: 'https://redial.example',
  now: new Date('2026-11-25T10:00:00Z'),
};

function agentAnswered(at: string, reason = 'busy') {
  const query = new URLSearchParams({
    callback: `CA${'1'.repeat(32)}`,
    attempt: '1',
    agent: 'alice',
    customer: '+15005550006',
    reason,
    at,
  });
  return {
    path: VOICE_ROUTES.callbackAnswer,
    url: `https://redial.example${VOICE_ROUTES.callbackAnswer}?${query}`,
    query,
    params: { CallSid: `CA${'2'.repeat(32)}` },
  };
}

/**
 * Found by the fuzzer: an `at` that is no time (`at=%00`) threw a RangeError from the time
 * formatter, failing the agent's call with Twilio's application error. The briefing now says
 * "earlier" instead.
 */
describe('answerCallbackAnswer', () => {
  it.each(['\u0000', 'yesterday', '', '2026-13-45T99:00:00Z'])(
    'briefs the agent when the request time %p is unreadable',
    (at) => {
      const { twiml, events } = answerCallbackAnswer(agentAnswered(at), context);
      expect(twiml).toContain('earlier');
      expect(events).toHaveLength(1);
    },
  );

  it('says when the customer asked when the time is readable', () => {
    const { twiml } = answerCallbackAnswer(agentAnswered('2026-11-25T09:30:00Z'), context);
    expect(twiml).not.toContain('earlier');
    expect(twiml).toContain('09:30');
  });

  /**
   * Found by the fuzzer: a reason carrying a character XML cannot hold (reason=%00) made the TwiML
   * builder throw, a 5xx. Spoken text now leaves such characters out.
   */
  it.each(['\u0000', '\u0007', '\ufffe'])('leaves %p out of the reason it speaks', (bad) => {
    const { twiml } = answerCallbackAnswer(agentAnswered('2026-11-25T09:30:00Z', `odd${bad}reason`), context);
    expect(twiml).toContain('oddreason');
    expect(twiml).not.toContain(bad);
  });
});

/**
 * Found by the fuzzer: the accepting leg's From (the callback's caller ID) went unchecked into an
 * attribute, so a control character in it made a document Twilio cannot parse.
 */
describe('answerCallbackAccept', () => {
  it('dials the customer with what XML cannot carry left out of the caller ID and number', () => {
    const request = agentAnswered('2026-11-25T09:30:00Z');
    request.query.set('customer', '+1500555\u00070006');
    const accepted = { ...request, params: { Digits: '1', From: '+442071234567\u0000' } };
    const { twiml } = answerCallbackAccept(accepted, context);
    expect(twiml).not.toMatch(NOT_XML_CHARACTER);
    expect(twiml).toContain('callerId="+442071234567"');
    expect(twiml).toContain('<Number>+15005550006</Number>');
  });
});
