import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { BadRequestError, hasValidSignature, readTwilioRequest } from '../../lambdas/domain/twilio-request';

const base = 'https://abc123.execute-api.eu-west-2.amazonaws.com';
const token = '12345678901234567890123456789012';
const params = { CallSid: `CA${'1'.repeat(32)}`, From: '+15005550006', To: '+442071234567' };

function request(body: string, options: { base64?: boolean; query?: string; signature?: string } = {}) {
  return {
    rawPath: '/voice/dial-status',
    rawQueryString: options.query ?? '',
    headers: {
      'Content-Type': 'application/x-www-form-urlencoded',
      'X-Twilio-Signature': options.signature ?? '',
      'I-Twilio-Idempotency-Token': 'token-1',
    },
    body: options.base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: options.base64 ?? false,
  };
}

describe('readTwilioRequest', () => {
  const query = 'agent=alice&pos=0&dialedAt=1795552714056';
  const url = `${base}/voice/dial-status?${query}`;
  const signature = getExpectedTwilioSignature(token, url, params);
  const body = new URLSearchParams(params).toString();

  it('decodes a base64 body (HTTP API) and rebuilds the signed URL from the public base URL', () => {
    const read = readTwilioRequest(request(body, { base64: true, query, signature }), `${base}/`);
    expect(read.url).toBe(url);
    expect(read.params).toEqual(params);
    expect(read.query.get('pos')).toBe('0');
    expect(read.idempotencyToken).toBe('token-1');
    expect(hasValidSignature(read, token)).toBe(true);
  });

  it('reads a plain-text body (REST API) the same way', () => {
    expect(hasValidSignature(readTwilioRequest(request(body, { query, signature }), base), token)).toBe(true);
  });

  it.each([
    ['a wrong token', request(body, { query, signature }), 'x'.repeat(32)],
    [
      'a changed parameter',
      request(body.replace('alice', 'bob').replace('%2B1500', '%2B1501'), { query, signature }),
      token,
    ],
    ['a changed query', request(body, { query: query.replace('pos=0', 'pos=1'), signature }), token],
    ['no signature', request(body, { query }), token],
  ])('rejects %s', (_name, req, authToken) => {
    expect(hasValidSignature(readTwilioRequest(req, base), authToken)).toBe(false);
  });

  it('refuses a body that is not a form post', () => {
    const json = { ...request('{"a":1}'), headers: { 'content-type': 'application/json' } };
    expect(() => readTwilioRequest(json, base)).toThrow(BadRequestError);
  });
});
