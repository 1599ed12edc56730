import { finalCode, profileEndpoints } from '../../../lambdas/domain/analytics/endpoint-profile';
import { parseConfig } from '../../../lambdas/domain/config';
import { callWith, dial, seededConfig } from '../../support/seeded-calls';

const config = seededConfig();
const at = (minute: number) => `2026-11-02T10:${String(minute).padStart(2, '0')}:00Z`;

describe('profileEndpoints', () => {
  it('lists each final code with its count, share and median ring time', () => {
    const calls = [
      callWith(at(0), [dial('alice', 'declined-by-user', at(0), { ringSeconds: 5 })]),
      callWith(at(1), [dial('alice', 'declined-by-user', at(1), { ringSeconds: 9 })]),
      callWith(at(2), [dial('alice', 'declined-by-policy', at(2), { ringSeconds: 0.04 })]),
      callWith(at(3), [dial('alice', 'busy', at(3))]),
      callWith(at(4), [dial('alice', 'answered', at(4))]),
      callWith(at(5), [dial('alice', 'no-answer', at(5), { sipResponseCode: undefined })]),
    ];
    const [alice] = profileEndpoints(calls, config);
    expect(alice).toMatchObject({
      agentId: 'alice',
      name: 'Alice',
      dial: 'sip:alice@pbx.example.com',
      dials: 6,
    });
    expect(alice.codes[0]).toEqual({
      code: '603',
      count: 3,
      share: 3 / 6,
      medianRingSeconds: 5,
      underOneSecond: 1,
    });
    expect(alice.codes.map((code) => code.code)).toEqual(['603', '200', '486', 'no-answer']);
    expect(alice.recommendations).toEqual([]);
  });

  it('recommends 480 where most dials end in a 603 faster than a person', () => {
    const calls = Array.from({ length: 10 }, (_, minute) =>
      callWith(at(minute), [dial('bob', minute < 6 ? 'declined-by-policy' : 'answered', at(minute))]),
    );
    const [bob] = profileEndpoints(calls, config);
    expect(bob.recommendations).toHaveLength(1);
    expect(bob.recommendations[0]).toContain('answers 6 of 10 dials (60%) with 603 in under 1 s');
    expect(bob.recommendations[0]).toContain('return 480 Temporarily Unavailable when nobody is available');
  });

  it('recommends 480 for an after-hours rule that fires while Redial is open', () => {
    const calls = [
      ...Array.from({ length: 3 }, (_, minute) =>
        callWith(at(minute), [dial('carol', 'declined-by-policy', at(minute))]),
      ),
      ...Array.from({ length: 20 }, (_, minute) =>
        callWith(at(10 + minute), [dial('carol', 'answered', at(10 + minute))]),
      ),
    ];
    const inDrift = (leg: { occurredAt: string }) => leg.occurredAt < at(5);
    const [carol] = profileEndpoints(calls, config, inDrift);
    expect(carol.recommendations).toEqual([
      expect.stringContaining('its after-hours rule should return 480'),
    ]);
    expect(profileEndpoints(calls, config)[0].recommendations).toEqual([]);
  });

  it('calls any 603 from an always-answering agent a fault, and says what a phone number hides', () => {
    const raw = {
      ...config,
      agents: [
        { id: 'ivr', name: 'Front desk', dial: 'sip:ivr@pbx.example.com', alwaysAnswers: true },
        { id: 'mobile', name: 'Mo', dial: '+447700900303' },
      ],
      numbers: [{ number: '+442071234567', huntList: ['ivr', 'mobile'] }],
    };
    const withAttendant = parseConfig(raw);
    const calls = [
      callWith(at(0), [dial('ivr', 'declined-by-user', at(0))]),
      ...Array.from({ length: 5 }, (_, minute) =>
        callWith(at(minute + 1), [dial('ivr', 'answered', at(minute + 1))]),
      ),
      callWith(at(9), [dial('mobile', 'busy', at(9), { legKind: 'number', sipResponseCode: undefined })]),
    ];
    const [ivr, mobile] = profileEndpoints(calls, withAttendant);
    // Only where the config knows `alwaysAnswers` (a newer field) is the attendant's 603 a fault.
    const knowsAlwaysAnswers =
      (withAttendant.agents[0] as { alwaysAnswers?: boolean }).alwaysAnswers === true;
    expect(ivr.recommendations).toEqual(
      knowsAlwaysAnswers ? [expect.stringContaining('returned 603 on 1 of its 6 dials')] : [],
    );
    expect(mobile.codes).toEqual([
      { code: 'busy', count: 1, share: 1, medianRingSeconds: 0.3, underOneSecond: 1 },
    ]);
    expect(mobile.recommendations).toEqual([expect.stringContaining('a rejected call reads as busy')]);
  });

  it('names an answered dial 200, and a dial without a code by its status', () => {
    expect(finalCode(dial('alice', 'answered', at(0)))).toBe('200');
    expect(finalCode(dial('alice', 'busy', at(0), { sipResponseCode: undefined }))).toBe('busy');
    expect(finalCode(dial('alice', 'failed', at(0)))).toBe('503');
  });
});
