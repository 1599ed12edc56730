import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { twilioCalls } from '../../lambdas/aws/twilio-calls';

/** The secret as it stands; the test rotates it. Powertools' cache is the module's own business. */
let secret = { accountSid: `AC${'1'.repeat(32)}`, authToken: 'first-token' };
jest.mock('../../lambdas/aws/twilio-credentials', () => ({ twilioCredentials: async () => secret }));

describe('the callback worker’s Twilio calls', () => {
  const seen: string[] = [];
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const [, credentials] = (req.headers.authorization ?? '').split(' ');
      seen.push(Buffer.from(credentials ?? '', 'base64').toString('utf8'));
      req.resume().on('end', () => {
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ sid: `CA${'2'.repeat(32)}`, status: 'queued' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('use a rotated auth token from the next call on, not from the next cold start', async () => {
    const place = twilioCalls({ credentialsSecret: 'arn:secret', apiBaseUrl: baseUrl });
    const call = {
      to: '+447700900101',
      from: '+442071234567',
      url: 'https://x.example/a',
      statusCallback: 'https://x.example/s',
      timeoutSeconds: 20,
    };

    await place(call);
    secret = { ...secret, authToken: 'rotated-token' };
    await place(call);

    expect(seen).toEqual([`${secret.accountSid}:first-token`, `${secret.accountSid}:rotated-token`]);
  });
});
