import { classifyDeclineSource, type DialledLeg } from '../../../lambdas/domain/analytics/decline-source';
import type { DeclineSettings } from '../../../lambdas/domain/dial-outcome';

const SETTINGS: DeclineSettings = {
  humanRingThresholdSeconds: 3,
  reasonHeader: 'X-Decline-Reason',
  userDeclineValues: ['user'],
  policyDeclineValues: ['after-hours', 'screening'],
};

const leg = (overrides: Partial<DialledLeg>): DialledLeg => ({
  endpoint: 'sip:alice@pbx.example.com',
  status: 'busy',
  sipResponseCode: 603,
  ringSeconds: 8,
  ...overrides,
});

const REJECT = { url: 'https://example.com/voice', line: 2 };

describe("an account's 603, by its source", () => {
  it('a 603 after ringing past the threshold: a person, with the ring time and code as evidence', () => {
    expect(classifyDeclineSource({ leg: leg({}) }, SETTINGS)).toEqual({
      source: 'person',
      rule: 'SIP 603 after ringing at least the human threshold',
      evidence: ['dialled sip:alice@pbx.example.com', 'SIP 603', 'rang 8 s'],
    });
  });

  it('a 603 at once: the PBX’s rules', () => {
    const finding = classifyDeclineSource({ leg: leg({ ringSeconds: 0 }) }, SETTINGS);
    expect(finding).toMatchObject({ source: 'pbx-rule', rule: 'SIP 603 faster than the human threshold' });
  });

  it('the PBX’s decline header wins over the ring time, either way, and is shown', () => {
    const fastPerson = leg({ ringSeconds: 0, sipHeaders: { 'X-Decline-Reason': 'user' } });
    const slowRule = leg({ ringSeconds: 9, sipHeaders: { 'X-Decline-Reason': 'after-hours' } });
    expect(classifyDeclineSource({ leg: fastPerson }, SETTINGS).source).toBe('person');
    const rule = classifyDeclineSource({ leg: slowRule }, SETTINGS);
    expect(rule.source).toBe('pbx-rule');
    expect(rule.evidence).toContain('X-Decline-Reason: after-hours');
  });

  it('no dialled leg and a <Reject> in the number’s TwiML: your TwiML, with its line', () => {
    expect(classifyDeclineSource({ reject: REJECT }, SETTINGS)).toEqual({
      source: 'your-twiml',
      rule: "no dialled leg, and the number's TwiML rejects",
      evidence: ['<Reject> on line 2 of https://example.com/voice'],
    });
  });

  it('a dialled leg decides even when the TwiML has a <Reject> on another path', () => {
    expect(classifyDeclineSource({ leg: leg({}), reject: REJECT }, SETTINGS).source).toBe('person');
  });

  it('a leg that ended otherwise (480, no answer) is not a decline', () => {
    const unavailable = leg({ status: 'no-answer', sipResponseCode: 480 });
    expect(classifyDeclineSource({ leg: unavailable }, SETTINGS).source).toBe('not-a-decline');
  });

  it('neither a leg nor a <Reject>: the records cannot say', () => {
    expect(classifyDeclineSource({}, SETTINGS).source).toBe('unknown');
  });

  it('no leg, and TwiML that could not be read: unknown, saying why', () => {
    expect(classifyDeclineSource({ twimlUnread: 'answered HTTP 500' }, SETTINGS)).toEqual({
      source: 'unknown',
      rule: "no dialled leg, and the number's TwiML could not be read",
      evidence: ["no child call, and the voice URL's TwiML could not be read: answered HTTP 500"],
    });
  });
});
