import { type AttemptOutcome, agentLegOutcome } from '../../lambdas/domain/callback-attempts';
import { classifyDialOutcome, type DeclineSettings } from '../../lambdas/domain/dial-outcome';
import type { Disposition } from '../../lambdas/domain/dispositions';
import {
  type LegMeaning,
  SIP_RESPONSES,
  sipCodesMeaning,
  sipResponse,
  UNANSWERED_STATUSES,
  type UnansweredStatus,
  unansweredMeaning,
} from '../../lambdas/domain/sip-responses';

const settings: DeclineSettings = {
  humanRingThresholdSeconds: 3,
  reasonHeader: 'X-Decline-Reason',
  userDeclineValues: ['user'],
  policyDeclineValues: ['after-hours'],
};

/** The meaning each classifier's answer stands for: the two must always land on the same one. */
const DIAL_MEANING: Partial<Record<Disposition, LegMeaning>> = {
  'declined-by-user': 'declined',
  'declined-by-policy': 'declined',
  busy: 'busy',
  unavailable: 'unavailable',
  failed: 'failed',
  abandoned: 'canceled',
};
const AGENT_LEG_MEANING: Partial<Record<AttemptOutcome, LegMeaning>> = {
  'agent-declined': 'declined',
  'agent-busy': 'busy',
  'agent-unavailable': 'unavailable',
  failed: 'failed',
};

const dialMeaning = (status: string, code: number | undefined, ringSeconds = 8) =>
  DIAL_MEANING[
    classifyDialOutcome(
      { dialCallStatus: status, sipResponseCode: code, ringSeconds, sipHeaders: {} },
      settings,
    ).disposition
  ];
const agentLegMeaning = (status: string, code: number | undefined) => {
  const outcome = agentLegOutcome(status, code);
  return outcome && AGENT_LEG_MEANING[outcome];
};

const STATUSES_WITH_A_CODE: UnansweredStatus[] = ['busy', 'no-answer', 'failed'];
/** Every listed code, and a few of the 5xx the `5xx` row stands for. */
const CODES = SIP_RESPONSES.flatMap((response) =>
  response.code === '5xx' ? [500, 502, 503, 504, 599] : [response.code],
);

describe('the SIP response table', () => {
  it('lists each code once, with a reason and a note', () => {
    const codes = SIP_RESPONSES.map((response) => response.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const response of SIP_RESPONSES) {
      expect(response.reason).not.toBe('');
      expect(response.note).not.toBe('');
    }
  });

  it.each([
    [404, 'unavailable'],
    [408, 'unavailable'],
    [480, 'unavailable'],
    [486, 'busy'],
    [600, 'busy'],
    [603, 'declined'],
    [403, 'failed'],
    [410, 'failed'],
    [484, 'failed'],
    [488, 'failed'],
    [500, 'failed'],
    [503, 'failed'],
    [599, 'failed'],
    [604, 'failed'],
    [606, 'failed'],
    [487, 'by-status'],
  ] as const)('SIP %s means %s', (code, meaning) => {
    expect(sipResponse(code)?.meaning).toBe(meaning);
  });

  it('leaves codes it does not list to the status', () => {
    expect(sipResponse(401)).toBeUndefined();
    expect(sipResponse(607)).toBeUndefined();
    expect(unansweredMeaning('busy', 401)).toBe('busy');
    expect(unansweredMeaning('failed', 607)).toBe('failed');
  });

  it('groups codes by meaning', () => {
    expect(sipCodesMeaning('busy')).toEqual([486, 600]);
    expect(sipCodesMeaning('unavailable')).toEqual([404, 408, 480]);
    expect(sipCodesMeaning('declined')).toEqual([603]);
    expect(sipCodesMeaning('failed')).toEqual([403, 410, 484, 488, 604, 606]);
  });
});

describe('unansweredMeaning', () => {
  it.each([
    ['busy', 'busy'],
    ['no-answer', 'unavailable'],
    ['failed', 'failed'],
    ['canceled', 'canceled'],
  ] as const)('reads DialCallStatus %s without a code as %s', (status, meaning) => {
    expect(unansweredMeaning(status)).toBe(meaning);
    expect(UNANSWERED_STATUSES[status].meaning).toBe(meaning);
  });

  it('lets a code win over the status', () => {
    expect(unansweredMeaning('busy', 480)).toBe('unavailable');
    expect(unansweredMeaning('no-answer', 503)).toBe('failed');
    expect(unansweredMeaning('busy', 603)).toBe('declined');
  });

  it('reads 487 by the status: the caller hung up, or the dial timed out', () => {
    expect(unansweredMeaning('canceled', 487)).toBe('canceled');
    expect(unansweredMeaning('no-answer', 487)).toBe('unavailable');
  });

  it('says canceled whatever the code once our side ended the leg', () => {
    expect(unansweredMeaning('canceled', 603)).toBe('canceled');
  });

  it('says nothing of a status that is no unanswered end, unless a code does', () => {
    expect(unansweredMeaning('completed')).toBeUndefined();
    expect(unansweredMeaning('exploded', 487)).toBeUndefined();
    expect(unansweredMeaning('exploded', 486)).toBe('busy');
  });
});

describe('the inbound dial and the callback agent leg read the table alike', () => {
  const cases = CODES.flatMap((code) => STATUSES_WITH_A_CODE.map((status) => [code, status] as const));

  it.each(cases)('SIP %s with status %s', (code, status) => {
    const listed = sipResponse(code)?.meaning;
    const expected =
      listed === undefined || listed === 'by-status' ? UNANSWERED_STATUSES[status].meaning : listed;
    expect(dialMeaning(status, code)).toBe(expected);
    expect(agentLegMeaning(status, code)).toBe(expected);
  });

  it.each(STATUSES_WITH_A_CODE)('status %s without a code', (status) => {
    expect(dialMeaning(status, undefined)).toBe(UNANSWERED_STATUSES[status].meaning);
    expect(agentLegMeaning(status, undefined)).toBe(UNANSWERED_STATUSES[status].meaning);
  });

  it('takes 404 as unavailable on both', () => {
    expect(dialMeaning('failed', 404)).toBe('unavailable');
    expect(agentLegMeaning('failed', 404)).toBe('unavailable');
    expect(agentLegOutcome('failed', 404)).toBe('agent-unavailable');
  });

  it('takes 603 as a decline on both, however fast it came', () => {
    expect(dialMeaning('busy', 603, 0.1)).toBe('declined');
    expect(dialMeaning('busy', 603, 8)).toBe('declined');
    expect(agentLegOutcome('busy', 603)).toBe('agent-declined');
  });

  it('takes canceled as our side ending the leg: an abandoned dial, a failed agent leg', () => {
    for (const code of [undefined, 487, 603]) {
      expect(dialMeaning('canceled', code)).toBe('canceled');
      expect(agentLegOutcome('canceled', code)).toBe('failed');
    }
  });
});
