import { checkEvents, type RedialEvent } from '../../lambdas/domain/events';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { loadWebhook, signedPost, webhookEvent } from '../support/webhook-in-process';

const webhook = loadWebhook();
afterAll(() => webhook.restore());
beforeEach(() => webhook.reset());

/**
 * Found by the fuzzer: a signed request without a CallSid made an event that failed its schema;
 * the SQS publisher refused it, so the webhook kept it in the outbox, where it failed every
 * outbox drain after it. Such events are now dropped, logged with the reason, before delivery.
 */
describe('events that fail their schema', () => {
  it('are dropped with a log line naming the field, and the caller still gets TwiML', async () => {
    const post = signedPost(VOICE_ROUTES.callStatus, {
      CallStatus: 'completed',
      From: '+15005550006',
      To: '+442071234567',
    });
    const response = await webhook.handler(webhookEvent(post));
    expect(response).toMatchObject({ statusCode: 200, body: expect.stringContaining('<Response') });
    expect(webhook.published).toEqual([]);
    const dropped = webhook.logs.find(
      (line) => line.message === 'Dropped events that do not match their schema',
    );
    expect(dropped).toMatchObject({ level: 'ERROR', path: VOICE_ROUTES.callStatus });
    expect(JSON.stringify(dropped)).toContain('callSid: Invalid input: expected string, received undefined');
  });

  it('leave a valid event of the same request to be queued', async () => {
    const post = signedPost(VOICE_ROUTES.callStatus, {
      CallSid: `CA${'1'.repeat(32)}`,
      CallStatus: 'completed',
      From: '+15005550006',
      To: '+442071234567',
    });
    expect((await webhook.handler(webhookEvent(post))).statusCode).toBe(200);
    expect(webhook.published).toEqual([expect.objectContaining({ QueueUrl: expect.any(String) })]);
  });
});

describe('checkEvents', () => {
  const valid = {
    type: 'call-ended',
    version: 1,
    idempotencyKey: 'call-ended:CA1',
    occurredAt: '2026-11-25T10:00:00.000Z',
    callSid: `CA${'1'.repeat(32)}`,
    from: '+15005550006',
    to: '+442071234567',
    callStatus: 'completed',
    durationSeconds: 12,
  } as RedialEvent;

  it('splits valid events from invalid ones, with every complaint', () => {
    const invalid = { ...valid, callSid: '', durationSeconds: -1 } as RedialEvent;
    expect(checkEvents([valid, invalid])).toEqual({
      valid: [valid],
      invalid: [
        {
          event: invalid,
          reason: 'callSid: must be a CA… SID; durationSeconds: Too small: expected number to be >=0',
        },
      ],
    });
  });
});
