import { postTwilioForm, TwilioRestError } from '../../lambdas/aws/twilio-rest-client';
import {
  type Answer,
  json,
  startTwilioTestServer,
  type TwilioTestServer,
  twilioError,
} from './fake-twilio-api';

const credentials = { accountSid: `AC${'1'.repeat(32)}`, authToken: 'token' };
const PATH = `/2010-04-01/Accounts/${credentials.accountSid}/Calls.json`;
const form = new URLSearchParams({ To: '+447700900101' });

/** Never answers: the client's timeout has to end the request. */
const silent: Answer = () => {};

describe('the Twilio REST client', () => {
  let twilio: TwilioTestServer;
  const post = (options: Parameters<typeof postTwilioForm>[3] = {}) =>
    postTwilioForm(credentials, PATH, form, { baseUrl: twilio.baseUrl, ...options });

  beforeAll(async () => {
    twilio = await startTwilioTestServer();
  });
  beforeEach(() => twilio.reset());
  afterAll(() => twilio.close());

  it('resolves with the JSON Twilio answered', async () => {
    twilio.answer(json(201, { sid: 'CA1', status: 'queued' }));

    await expect(post()).resolves.toEqual({ sid: 'CA1', status: 'queued' });
    expect(twilio.received[0].body).toBe('To=%2B447700900101');
  });

  it('tries a 429 again and resolves with the answer that follows', async () => {
    twilio.answer(twilioError(429, 20429, 'Too Many Requests'));

    await expect(post()).resolves.toMatchObject({ sid: expect.stringMatching(/^CA/) });
    expect(twilio.received).toHaveLength(2);
  });

  it('waits as long as Retry-After says before trying again', async () => {
    twilio.answer(twilioError(429, 20429, 'Too Many Requests', { 'Retry-After': '1' }));
    const started = Date.now();

    await post();

    expect(twilio.received).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('does not wait for a Retry-After longer than it allows: the error is thrown', async () => {
    twilio.answer(twilioError(429, 20429, 'Too Many Requests', { 'Retry-After': '120' }));

    await expect(post()).rejects.toMatchObject({ status: 429, code: 20429 });
    expect(twilio.received).toHaveLength(1);
  });

  it('gives up on 429 after three tries, with the last error', async () => {
    const busy = twilioError(429, 20429, 'Too Many Requests');
    twilio.answer(busy, busy, busy, json(201, { sid: 'CA-never' }));

    await expect(post()).rejects.toMatchObject({ status: 429, code: 20429 });
    expect(twilio.received).toHaveLength(3);
  });

  it('does not send a create again after a 5xx: Twilio may have queued the call', async () => {
    twilio.answer(twilioError(503, 20503, 'Service unavailable'));

    await expect(post()).rejects.toThrow(
      'Twilio error 20503: Service unavailable (HTTP 503, https://www.twilio.com/docs/errors/20503)',
    );
    expect(twilio.received).toHaveLength(1);
  });

  it('does not try a 4xx again', async () => {
    twilio.answer(twilioError(400, 21205, 'Url parameter is required'));

    const error = await post().catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(TwilioRestError);
    expect(error).toMatchObject({
      status: 400,
      code: 21205,
      twilioMessage: 'Url parameter is required',
      moreInfo: 'https://www.twilio.com/docs/errors/21205',
    });
    expect(twilio.received).toHaveLength(1);
  });

  it('says the status and the start of the body of an error that is not Twilio’s JSON', async () => {
    twilio.answer((_request, response) => {
      response.writeHead(403, { 'content-type': 'text/html' });
      response.end('<html>Forbidden</html>');
    });

    await expect(post()).rejects.toThrow('Twilio answered HTTP 403: <html>Forbidden</html>');
  });

  it('ends a request Twilio does not answer at its timeout, without trying again', async () => {
    twilio.answer(silent);

    await expect(post({ timeoutMs: 200 })).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(twilio.received).toHaveLength(1);
  });
});
