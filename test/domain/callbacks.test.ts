import {
  automaticCallback,
  callbackRecord,
  firstDueTime,
  requestedCallback,
} from '../../lambdas/domain/callbacks';
import { parseConfig } from '../../lambdas/domain/config';
import type { DialOutcomeEvent } from '../../lambdas/domain/events';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson());
const callSid = `CA${'a'.repeat(32)}`;

function dial(
  disposition: DialOutcomeEvent['disposition'],
  huntExhausted: boolean,
  occurredAt: string,
): DialOutcomeEvent {
  return {
    type: 'dial-outcome',
    version: 1,
    idempotencyKey: `dial-outcome:${callSid}:0`,
    occurredAt,
    callSid,
    accountSid: `AC${'b'.repeat(32)}`,
    from: '+15005550006',
    to: '+442071234567',
    agentId: 'alice',
    huntPosition: 0,
    huntExhausted,
    legKind: 'sip',
    dialCallStatus: 'busy',
    sipHeaders: {},
    ringSeconds: 0.1,
    disposition,
    rule: 'test',
    callerNextStep: 'callback-offer',
  };
}

// Monday 2027-01-11, London (GMT): open 09:00–17:30.
describe('automatic callbacks', () => {
  it('books one for a PBX-rule decline and for busy or unavailable once the hunt is exhausted', () => {
    expect(
      automaticCallback(dial('declined-by-policy', false, '2027-01-11T10:00:00.000Z'), config),
    ).toBeDefined();
    expect(automaticCallback(dial('busy', true, '2027-01-11T10:00:00.000Z'), config)).toBeDefined();
    expect(automaticCallback(dial('unavailable', true, '2027-01-11T10:00:00.000Z'), config)).toBeDefined();
  });

  it('books none while the hunt goes on, for a person’s decline, or an answered call', () => {
    expect(automaticCallback(dial('busy', false, '2027-01-11T10:00:00.000Z'), config)).toBeUndefined();
    expect(
      automaticCallback(dial('declined-by-user', true, '2027-01-11T10:00:00.000Z'), config),
    ).toBeUndefined();
    expect(automaticCallback(dial('answered', true, '2027-01-11T10:00:00.000Z'), config)).toBeUndefined();
  });

  it('is due after the initial delay, or at the next opening when that falls while closed', () => {
    const due = (occurredAt: string) => {
      const request = automaticCallback(dial('busy', true, occurredAt), config);
      if (!request) throw new Error('expected a callback');
      return firstDueTime(request, config).toISOString();
    };
    expect(due('2027-01-11T10:00:00.000Z')).toBe('2027-01-11T10:02:00.000Z');
    expect(due('2027-01-11T17:29:00.000Z')).toBe('2027-01-12T09:00:00.000Z');
  });
});

describe('callbacks across daylight saving', () => {
  it('books an after-hours request on the Saturday clocks go forward for Monday 09:00 BST', () => {
    // 2027-03-28 is the last Sunday of March: London moves from GMT to BST.
    const request = requestedCallback({
      type: 'callback-requested',
      version: 1,
      idempotencyKey: `callback-requested:${callSid}`,
      occurredAt: '2027-03-27T18:00:00.000Z',
      callSid,
      from: '+15005550006',
      to: '+442071234567',
      reason: 'closed',
    });
    expect(firstDueTime(request, config).toISOString()).toBe('2027-03-29T08:00:00.000Z');
  });
});

describe('requested callbacks', () => {
  it('waits for the opening the caller was promised', () => {
    const request = requestedCallback({
      type: 'callback-requested',
      version: 1,
      idempotencyKey: `callback-requested:${callSid}`,
      occurredAt: '2027-01-11T20:00:00.000Z',
      callSid,
      from: '+15005550006',
      to: '+442071234567',
      reason: 'closed',
      notBefore: '2027-01-12T09:00:00.000Z',
    });
    const item = callbackRecord(request, config);
    expect(item).toMatchObject({
      callbackId: callSid,
      state: 'pending',
      attempts: 0,
      maxAttempts: 3,
      dueAt: '2027-01-12T09:00:00.000Z',
      requestedBy: 'caller',
      huntList: ['alice', 'bob', 'carol'],
    });
  });
});
