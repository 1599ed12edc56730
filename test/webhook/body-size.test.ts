import { bodyBytes, MAX_BODY_BYTES } from '../../lambdas/domain/twilio-request';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { loadWebhook, signedPost, webhookEvent } from '../support/webhook-in-process';

const webhook = loadWebhook();
afterAll(() => webhook.restore());
beforeEach(() => webhook.reset());

const CALL = {
  CallSid: `CA${'1'.repeat(32)}`,
  From: '+15005550006',
  To: '+442071234567',
  CallStatus: 'ringing',
};

/** A signed call-status post whose body is `bytes` long, padded with a parameter Twilio never sends. */
function postOf(bytes: number) {
  const base = new URLSearchParams({ ...CALL, Padding: '' }).toString();
  return signedPost(VOICE_ROUTES.callStatus, { ...CALL, Padding: 'x'.repeat(bytes - base.length) });
}

describe('the webhook body-size limit', () => {
  it('answers 413 over the limit, before the signature: an unsigned oversized body gets 413, not 403', async () => {
    const unsigned = { ...postOf(MAX_BODY_BYTES + 1), signature: undefined };
    const response = await webhook.handler(webhookEvent(unsigned));
    expect(response.statusCode).toBe(413);
    expect(webhook.published).toEqual([]);
    expect(
      webhook.logs.some((line) => line.message === 'Rejected a request without a valid X-Twilio-Signature'),
    ).toBe(false);
  });

  it('refuses a signed body one byte over the limit and publishes nothing', async () => {
    const response = await webhook.handler(webhookEvent(postOf(MAX_BODY_BYTES + 1)));
    expect(response.statusCode).toBe(413);
    expect(webhook.published).toEqual([]);
  });

  it('answers a signed body of exactly the limit as usual', async () => {
    const post = postOf(MAX_BODY_BYTES);
    expect(post.body).toHaveLength(MAX_BODY_BYTES);
    expect((await webhook.handler(webhookEvent(post))).statusCode).toBe(200);
  });

  it('measures a text body (REST API) in UTF-8 bytes, not characters', async () => {
    const body = '€'.repeat(Math.ceil(MAX_BODY_BYTES / 3) + 1);
    const response = await webhook.handler(
      webhookEvent({ path: VOICE_ROUTES.incoming, body, base64: false }),
    );
    expect(response.statusCode).toBe(413);
  });
});

describe('bodyBytes', () => {
  it.each([
    ['', false, 0],
    ['abc', false, 3],
    ['é', false, 2],
    [Buffer.from('abcd').toString('base64'), true, 4],
    [Buffer.from('abcde').toString('base64'), true, 5],
  ])('%p (base64 %p) is %p bytes', (body, isBase64Encoded, bytes) => {
    expect(bodyBytes({ body, isBase64Encoded })).toBe(bytes);
  });

  it('counts no body as empty', () => {
    expect(bodyBytes({})).toBe(0);
  });
});
