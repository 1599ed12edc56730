import { loadWebhook, signedPost, webhookEvent } from '../support/webhook-in-process';

const webhook = loadWebhook();
afterAll(() => webhook.restore());

/**
 * Found by the fuzzer: the route table was indexed with the raw path, so `toString` (or any
 * Object.prototype name) found a function that is no route, which then failed: a 5xx. API
 * Gateway routes only /voice/… paths here, but the handler no longer relies on that.
 */
describe('the webhook route table', () => {
  it.each(['toString', '__proto__', 'constructor', 'hasOwnProperty', '/voice/nothing'])(
    'answers %p with 404',
    async (path) => {
      const response = await webhook.handler(
        webhookEvent(signedPost(path, { CallSid: `CA${'1'.repeat(32)}` })),
      );
      expect(response.statusCode).toBe(404);
    },
  );
});
