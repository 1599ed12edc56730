import { twilioCalls } from '../../lambdas/aws/twilio-calls';
import { CALL_SID, startTwilioTestServer, type TwilioTestServer, twilioError } from './fake-twilio-api';

/** The secret as it stands; the test rotates it. Powertools' cache is the module's own business. */
const ACCOUNT_SID = `AC${'1'.repeat(32)}`;
let secret = { accountSid: ACCOUNT_SID, authToken: 'first-token' };
jest.mock('../../lambdas/aws/twilio-credentials', () => ({ twilioCredentials: async () => secret }));

const call = {
  to: 'sip:alice@redial.sip.twilio.com',
  from: '+442071234567',
  url: 'https://x.example/voice/callback-answer?callback=CA1&attempt=1',
  statusCallback: 'https://x.example/voice/callback-status?callback=CA1&attempt=1',
  timeoutSeconds: 20,
};

function basicCredentials(authorization: string | undefined): string {
  const [scheme, encoded] = (authorization ?? '').split(' ');
  expect(scheme).toBe('Basic');
  return Buffer.from(encoded ?? '', 'base64').toString('utf8');
}

describe('the callback worker’s Twilio calls', () => {
  let twilio: TwilioTestServer;

  beforeAll(async () => {
    twilio = await startTwilioTestServer();
  });
  beforeEach(() => {
    twilio.reset();
    secret = { accountSid: ACCOUNT_SID, authToken: 'first-token' };
  });
  afterAll(() => twilio.close());

  it('POST Calls.json as a form with Basic auth, and resolve with the new call’s sid', async () => {
    const place = twilioCalls({ credentialsSecret: 'arn:secret', apiBaseUrl: twilio.baseUrl });

    await expect(place(call)).resolves.toBe(CALL_SID);

    expect(twilio.received).toHaveLength(1);
    const [request] = twilio.received;
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`);
    expect(basicCredentials(request.headers.authorization)).toBe(`${ACCOUNT_SID}:first-token`);
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['user-agent']).toMatch(/^redial-callback-worker /);
    // The fields twilio-node's calls.create sent for the same call, StatusCallbackEvent once per event.
    const form = new URLSearchParams(request.body);
    expect([...form]).toEqual([
      ['To', call.to],
      ['From', call.from],
      ['Url', call.url],
      ['Method', 'POST'],
      ['StatusCallback', call.statusCallback],
      ['StatusCallbackMethod', 'POST'],
      ['Timeout', '20'],
      ['StatusCallbackEvent', 'initiated'],
      ['StatusCallbackEvent', 'ringing'],
      ['StatusCallbackEvent', 'answered'],
      ['StatusCallbackEvent', 'completed'],
    ]);
  });

  it('reach the API at the base URL given, a trailing slash or not', async () => {
    const place = twilioCalls({ credentialsSecret: 'arn:secret', apiBaseUrl: `${twilio.baseUrl}/` });

    await place(call);

    expect(twilio.received.map((request) => request.path)).toEqual([
      `/2010-04-01/Accounts/${ACCOUNT_SID}/Calls.json`,
    ]);
  });

  it('reject with Twilio’s error code and message, once', async () => {
    twilio.answer(twilioError(400, 21211, "The 'To' number +44 is not a valid phone number."));
    const place = twilioCalls({ credentialsSecret: 'arn:secret', apiBaseUrl: twilio.baseUrl });

    await expect(place(call)).rejects.toMatchObject({
      status: 400,
      code: 21211,
      message: expect.stringMatching(
        /^Twilio error 21211: The 'To' number \+44 is not a valid phone number\./,
      ),
    });
    expect(twilio.received).toHaveLength(1);
  });

  it('use a rotated auth token from the next call on, not from the next cold start', async () => {
    const place = twilioCalls({ credentialsSecret: 'arn:secret', apiBaseUrl: twilio.baseUrl });

    await place(call);
    secret = { ...secret, authToken: 'rotated-token' };
    await place(call);

    expect(twilio.received.map((request) => basicCredentials(request.headers.authorization))).toEqual([
      `${ACCOUNT_SID}:first-token`,
      `${ACCOUNT_SID}:rotated-token`,
    ]);
  });
});
