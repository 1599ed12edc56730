import {
  afterAttempt,
  agentLegOutcome,
  type CallbackView,
  candidateAgents,
  customerLegOutcome,
  retryDelaySeconds,
} from '../../lambdas/domain/callback-attempts';
import { parseConfig } from '../../lambdas/domain/config';
import { exampleConfigJson } from '../support/example-config';

const config = parseConfig(exampleConfigJson()); // retry 600 s, backoff ×2, 3 attempts
const callback: CallbackView = {
  callbackId: `CA${'a'.repeat(32)}`,
  agentId: 'bob',
  huntList: ['alice', 'bob', 'carol'],
  attempts: 1,
  maxAttempts: 3,
};
// Monday 2027-01-11 10:00 London (GMT), open until 17:30.
const endedAt = new Date('2027-01-11T10:00:00.000Z');
const ended = (outcome: Parameters<typeof afterAttempt>[1]['outcome'], number = 1, agentId = 'bob') => ({
  number,
  agentId,
  outcome,
  endedAt,
});

describe('outbound legs', () => {
  it.each([
    ['busy', 603, 'agent-declined'],
    ['busy', 486, 'agent-busy'],
    ['busy', 600, 'agent-busy'],
    ['busy', undefined, 'agent-busy'],
    ['no-answer', 480, 'agent-unavailable'],
    ['no-answer', 408, 'agent-unavailable'],
    ['failed', 404, 'agent-unavailable'],
    ['no-answer', 487, 'agent-unavailable'],
    ['no-answer', undefined, 'agent-unavailable'],
    ['failed', 503, 'failed'],
    ['busy', 503, 'failed'],
    ['failed', 604, 'failed'],
    ['failed', 410, 'failed'],
    ['failed', undefined, 'failed'],
    ['canceled', 487, 'failed'],
  ] as const)('an agent leg ending %s with SIP %s is %s', (status, sip, outcome) => {
    expect(agentLegOutcome(status, sip)).toBe(outcome);
  });

  it('says nothing of progress or completion', () => {
    for (const status of ['queued', 'initiated', 'ringing', 'in-progress', 'completed']) {
      expect(agentLegOutcome(status, 200)).toBeUndefined();
    }
  });

  it('reads the customer leg from DialCallStatus', () => {
    expect(customerLegOutcome('completed')).toBe('connected');
    expect(customerLegOutcome('busy')).toBe('customer-busy');
    expect(customerLegOutcome('no-answer')).toBe('customer-no-answer');
    expect(customerLegOutcome('failed')).toBe('failed');
    expect(customerLegOutcome('canceled')).toBe('customer-no-answer');
    expect(customerLegOutcome('exploded')).toBe('failed');
  });
});

describe('after an attempt', () => {
  it('completes when connected', () => {
    expect(afterAttempt(callback, ended('connected'), config)).toEqual({
      state: 'completed',
      excludedAgents: [],
    });
  });

  it('never calls an agent who declined (603) again, and moves on to the next at once', () => {
    const next = afterAttempt(callback, ended('agent-declined'), config);
    expect(next).toMatchObject({
      state: 'pending',
      excludedAgents: ['bob'],
      dueAt: endedAt,
      alert: 'agent-declined',
    });
    expect(candidateAgents({ ...callback, excludedAgents: next.excludedAgents })).toEqual(['alice', 'carol']);
  });

  it('is exhausted, with an alert, when every agent has declined', () => {
    const last = { ...callback, excludedAgents: ['alice', 'carol'] };
    expect(afterAttempt(last, ended('agent-declined'), config)).toMatchObject({
      state: 'exhausted',
      alert: 'exhausted',
    });
  });

  it('retries a busy customer after the delay, with backoff and bounded jitter', () => {
    const first = afterAttempt(callback, ended('customer-busy', 1), config).dueAt?.getTime() ?? 0;
    const second =
      afterAttempt({ ...callback, attempts: 2 }, ended('customer-busy', 2), config).dueAt?.getTime() ?? 0;
    const waited = (at: number) => (at - endedAt.getTime()) / 1000;
    expect(waited(first)).toBeGreaterThanOrEqual(480);
    expect(waited(first)).toBeLessThanOrEqual(720);
    expect(waited(second)).toBeGreaterThanOrEqual(960);
    expect(waited(second)).toBeLessThanOrEqual(1440);
  });

  it('computes the same due time when the same outcome is applied twice', () => {
    expect(retryDelaySeconds(callback.callbackId, 2, config)).toBe(
      retryDelaySeconds(callback.callbackId, 2, config),
    );
  });

  it('is exhausted after the last allowed attempt', () => {
    const last = { ...callback, attempts: 3 };
    expect(afterAttempt(last, ended('customer-no-answer', 3), config)).toMatchObject({
      state: 'exhausted',
      alert: 'exhausted',
    });
  });

  it('never falls due while closed: a retry past closing waits for the next opening', () => {
    const lateEnd = { ...ended('agent-busy'), endedAt: new Date('2027-01-11T17:25:00.000Z') };
    expect(afterAttempt(callback, lateEnd, config).dueAt?.toISOString()).toBe('2027-01-12T09:00:00.000Z');
  });
});
