import {
  classifyDialOutcome,
  type DeclineSettings,
  DIAL_OUTCOME_TABLE,
  type DialSignal,
} from '../../lambdas/domain/dial-outcome';
import { SIP_RESPONSES, sipCodesMeaning } from '../../lambdas/domain/sip-responses';

const settings: DeclineSettings = {
  humanRingThresholdSeconds: 3,
  reasonHeader: 'X-Decline-Reason',
  userDeclineValues: ['user'],
  policyDeclineValues: ['after-hours', 'screening'],
};

const sipLeg = (
  dialCallStatus: string,
  sipResponseCode: number,
  ringSeconds = 8,
  sipHeaders = {},
): DialSignal => ({
  dialCallStatus,
  sipResponseCode,
  ringSeconds,
  sipHeaders,
});
const numberLeg = (dialCallStatus: string, ringSeconds = 8): DialSignal => ({
  dialCallStatus,
  ringSeconds,
  sipHeaders: {},
});

const classify = (signal: DialSignal) => classifyDialOutcome(signal, settings).disposition;

describe('classifyDialOutcome', () => {
  it.each([
    ['completed on a SIP leg', sipLeg('completed', 200), 'answered'],
    ['completed on a number leg', numberLeg('completed'), 'answered'],
    ['answered (Twilio’s other spelling)', numberLeg('answered'), 'answered'],
    ['603 after ringing past the threshold', sipLeg('busy', 603, 8), 'declined-by-user'],
    ['603 within milliseconds', sipLeg('busy', 603, 0.1), 'declined-by-policy'],
    ['486 busy here', sipLeg('busy', 486), 'busy'],
    ['600 busy everywhere', sipLeg('busy', 600), 'busy'],
    ['busy on a number leg (no SIP code)', numberLeg('busy'), 'busy'],
    ['480 temporarily unavailable', sipLeg('no-answer', 480), 'unavailable'],
    ['408 request timeout', sipLeg('no-answer', 408), 'unavailable'],
    ['404 not found', sipLeg('failed', 404), 'unavailable'],
    ['no-answer with 487 after the dial timeout', sipLeg('no-answer', 487), 'unavailable'],
    ['no-answer on a number leg', numberLeg('no-answer'), 'unavailable'],
    ['failed on a number leg', numberLeg('failed'), 'failed'],
    ['503 service unavailable', sipLeg('failed', 503), 'failed'],
    ['500 even with a busy status', sipLeg('busy', 500), 'failed'],
    ['403 forbidden', sipLeg('failed', 403), 'failed'],
    ['another final response (401)', sipLeg('failed', 401), 'failed'],
    ['410 gone', sipLeg('failed', 410), 'failed'],
    ['484 address incomplete', sipLeg('failed', 484), 'failed'],
    ['488 not acceptable here', sipLeg('failed', 488), 'failed'],
    ['604 does not exist anywhere, even with a no-answer status', sipLeg('no-answer', 604), 'failed'],
    ['606 not acceptable', sipLeg('failed', 606), 'failed'],
    ['480 even with a busy status', sipLeg('busy', 480), 'unavailable'],
    ['a code the table does not list (401) with a busy status', sipLeg('busy', 401), 'busy'],
    ['canceled: the caller hung up', numberLeg('canceled', 4), 'abandoned'],
    ['canceled with SIP 487', sipLeg('canceled', 487, 4), 'abandoned'],
  ])('%s → %s', (_name, signal, expected) => {
    expect(classify(signal)).toBe(expected);
  });

  describe('the human threshold for 603', () => {
    it('counts a decline at exactly the threshold as a person', () => {
      expect(classify(sipLeg('busy', 603, 3))).toBe('declined-by-user');
    });
    it('counts a decline just under the threshold as a rule', () => {
      expect(classify(sipLeg('busy', 603, 2.9))).toBe('declined-by-policy');
    });
  });

  describe('the PBX decline header', () => {
    it('marks a fast 603 as a person when the header says so', () => {
      expect(classify(sipLeg('busy', 603, 0.2, { 'X-Decline-Reason': 'user' }))).toBe('declined-by-user');
    });
    it('marks a slow 603 as a rule when the header says so', () => {
      expect(classify(sipLeg('busy', 603, 12, { 'X-Decline-Reason': 'after-hours' }))).toBe(
        'declined-by-policy',
      );
    });
    it('matches header name and value without regard to case', () => {
      expect(classify(sipLeg('busy', 603, 12, { 'x-decline-reason': 'SCREENING' }))).toBe(
        'declined-by-policy',
      );
    });
    it('falls back to timing for a value it does not know', () => {
      expect(classify(sipLeg('busy', 603, 12, { 'X-Decline-Reason': 'mystery' }))).toBe('declined-by-user');
    });
    it('ignores the header when none is configured', () => {
      const withoutHeader = { ...settings, reasonHeader: undefined };
      const signal = sipLeg('busy', 603, 12, { 'X-Decline-Reason': 'after-hours' });
      expect(classifyDialOutcome(signal, withoutHeader).disposition).toBe('declined-by-user');
    });
  });

  it('records an unknown DialCallStatus as unknown instead of failing', () => {
    expect(classifyDialOutcome(numberLeg('exploded'), settings)).toEqual({
      disposition: 'unknown',
      rule: 'unrecognised DialCallStatus "exploded"',
    });
    expect(classify(numberLeg(''))).toBe('unknown');
  });

  it('names the rule that matched', () => {
    expect(classifyDialOutcome(sipLeg('busy', 603, 0.1), settings).rule).toBe(
      'SIP 603 faster than the human threshold',
    );
  });

  it.each([
    [sipLeg('no-answer', 487), 'SIP 480/408/404, or DialCallStatus no-answer'],
    [sipLeg('canceled', 487), 'DialCallStatus canceled: the caller hung up first'],
    [sipLeg('failed', 604), 'SIP 403/410/484/488/604/606: the address cannot be reached as configured'],
    [sipLeg('failed', 502), 'SIP 5xx: the PBX or carrier failed'],
    [numberLeg('failed'), 'DialCallStatus failed: any other final response'],
  ])('names the rule for %j', (signal, rule) => {
    expect(classifyDialOutcome(signal, settings).rule).toBe(rule);
  });

  it('names in each rule exactly the SIP codes the table gives that meaning', () => {
    const codesIn = (rule: string) =>
      /^SIP ([\d/]+)[,:]/
        .exec(rule)?.[1]
        .split('/')
        .map(Number)
        .sort((a, b) => a - b);
    const ruleFor = (disposition: string, rule: RegExp) =>
      DIAL_OUTCOME_TABLE.filter((row) => row.disposition === disposition && rule.test(row.rule));
    expect(ruleFor('busy', /^SIP \d/).map((row) => codesIn(row.rule))).toEqual([sipCodesMeaning('busy')]);
    expect(ruleFor('unavailable', /^SIP \d/).map((row) => codesIn(row.rule))).toEqual([
      sipCodesMeaning('unavailable'),
    ]);
    expect(ruleFor('failed', /^SIP \d+\//).map((row) => codesIn(row.rule))).toEqual([
      sipCodesMeaning('failed'),
    ]);
    for (const row of DIAL_OUTCOME_TABLE.filter((candidate) => candidate.rule.startsWith('SIP 603'))) {
      expect(row.disposition).toMatch(/^declined-by-/);
    }
    expect(sipCodesMeaning('declined')).toEqual([603]);
    expect(SIP_RESPONSES.filter((response) => response.code === '5xx')).toHaveLength(1);
  });
});
