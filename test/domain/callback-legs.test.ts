import { answerCallbackAnswer } from '../../lambdas/domain/callback-legs';
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
