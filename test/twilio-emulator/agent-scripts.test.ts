import { dialCallStatusForSipCode, playAgentScript } from '../../tools/twilio-emulator/agent-scripts';

describe('dialCallStatusForSipCode', () => {
  it.each([
    [200, 'completed'],
    [486, 'busy'],
    [600, 'busy'],
    [603, 'busy'],
    [404, 'no-answer'],
    [408, 'no-answer'],
    [480, 'no-answer'],
    [487, 'no-answer'],
    [500, 'failed'],
    [503, 'failed'],
    [403, 'failed'],
  ])('maps SIP %i to %s', (code, status) => {
    expect(dialCallStatusForSipCode(code)).toBe(status);
  });
});

describe('playAgentScript', () => {
  const script = { agent: 'answer' as const, ringSeconds: 4, talkSeconds: 30 };

  it('answers after the ring time and reports the talk time', () => {
    expect(playAgentScript(script, 'sip', 20)).toEqual({
      status: 'completed',
      ringSeconds: 4,
      answered: true,
      talkSeconds: 30,
      sipResponseCode: 200,
      callerHungUp: false,
      agentResponded: true,
      description: 'agent answers after 4 s (SIP 200 OK) and talks for 30 s',
    });
  });

  it('lets the caller hang up mid-conversation', () => {
    const outcome = playAgentScript({ ...script, callerHangupAfter: 14 }, 'number', 20);

    expect(outcome).toMatchObject({ status: 'completed', talkSeconds: 10, callerHungUp: true });
    expect(outcome.sipResponseCode).toBeUndefined();
    expect(outcome.description).toBe('the person answers after 4 s and the caller hangs up after 10 s');
  });

  it('lets whoever acts first end the ringing', () => {
    expect(playAgentScript({ ...script, callerHangupAfter: 3 }, 'sip', 20)).toMatchObject({
      status: 'canceled',
      ringSeconds: 3,
      sipResponseCode: 487,
      callerHungUp: true,
    });
    expect(playAgentScript(script, 'sip', 4)).toMatchObject({
      status: 'no-answer',
      ringSeconds: 4,
      sipResponseCode: 487,
    });
    expect(playAgentScript({ ...script, agent: 'no-answer' }, 'number', 25)).toMatchObject({
      status: 'no-answer',
      ringSeconds: 25,
      agentResponded: false,
    });
  });

  it('describes an overridden SIP code without the scenario name', () => {
    const outcome = playAgentScript({ ...script, agent: 'decline', sipCode: 480 }, 'sip', 20);

    expect(outcome).toMatchObject({ status: 'no-answer', sipResponseCode: 480 });
    expect(outcome.description).toBe('agent responds after 4 s (SIP 480 Temporarily Unavailable)');
  });
});
