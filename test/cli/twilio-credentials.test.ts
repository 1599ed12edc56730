import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { resolveTwilioCredentials } from '../../tools/cli/twilio-credentials';
import { CannotRunError, UsageError } from '../../tools/command-line/errors';
import {
  type SecretsManagerEmulator,
  startSecretsManagerEmulator,
} from '../../tools/local-stack/secrets-manager-emulator';

/** Where `redial diagnose` finds the Twilio credentials: the environment, or a stack's secret. */

const ACCOUNT_SID = `AC${'a1'.repeat(16)}`;
const API_KEY = `SK${'b2'.repeat(16)}`;
const TOKEN = 'c3'.repeat(16);
const API_SECRET = 'key-secret-value';
const OR_STACK = "or pass --stack <name> to read them from a deployed stack's secret";

/** The rejection's class and message, and that no secret's value is in the message. */
async function failure(promise: Promise<unknown>): Promise<{ kind: string; message: string }> {
  const error = await promise.then(
    () => new Error('resolved'),
    (reason: Error) => reason,
  );
  for (const secret of [TOKEN, API_SECRET]) expect(error.message).not.toContain(secret);
  return { kind: error.constructor.name, message: error.message };
}

describe('Twilio credentials from the environment', () => {
  const resolve = (env: NodeJS.ProcessEnv) => resolveTwilioCredentials({}, env);

  it('takes the account SID and auth token, which can sign', async () => {
    await expect(resolve({ TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: TOKEN })).resolves.toEqual({
      accountSid: ACCOUNT_SID,
      username: ACCOUNT_SID,
      password: TOKEN,
      authToken: TOKEN,
      from: 'TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN',
    });
  });

  it('takes an API key and its secret, with no auth token', async () => {
    const env = { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: API_SECRET };
    await expect(resolve(env)).resolves.toEqual({
      accountSid: ACCOUNT_SID,
      username: API_KEY,
      password: API_SECRET,
      from: 'TWILIO_API_KEY and TWILIO_API_SECRET',
    });
  });

  it('prefers the auth token to an API key, even a malformed one', async () => {
    const env = {
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: TOKEN,
      TWILIO_API_KEY: 'not-a-key',
      TWILIO_API_SECRET: API_SECRET,
    };
    await expect(resolve(env)).resolves.toMatchObject({ username: ACCOUNT_SID, authToken: TOKEN });
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    [
      'nothing',
      {},
      `no Twilio credentials: set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN, or TWILIO_ACCOUNT_SID, TWILIO_API_KEY and TWILIO_API_SECRET; ${OR_STACK}`,
    ],
    [
      'the account SID alone',
      { TWILIO_ACCOUNT_SID: ACCOUNT_SID },
      `TWILIO_AUTH_TOKEN is not set (TWILIO_ACCOUNT_SID is): set it, or TWILIO_API_KEY and TWILIO_API_SECRET; ${OR_STACK}`,
    ],
    [
      'the auth token alone',
      { TWILIO_AUTH_TOKEN: TOKEN },
      `TWILIO_ACCOUNT_SID is not set (TWILIO_AUTH_TOKEN is): set it, ${OR_STACK}`,
    ],
    [
      'the API key alone',
      { TWILIO_API_KEY: API_KEY },
      `TWILIO_API_SECRET and TWILIO_ACCOUNT_SID are not set (TWILIO_API_KEY is): set them, ${OR_STACK}`,
    ],
    [
      'the API secret alone',
      { TWILIO_API_SECRET: API_SECRET },
      `TWILIO_API_KEY and TWILIO_ACCOUNT_SID are not set (TWILIO_API_SECRET is): set them, ${OR_STACK}`,
    ],
    [
      'an API key without its secret',
      { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: API_KEY },
      `TWILIO_API_SECRET is not set (TWILIO_API_KEY and TWILIO_ACCOUNT_SID are): set it, ${OR_STACK}`,
    ],
    [
      'an API key and secret without the account SID',
      { TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: API_SECRET },
      `TWILIO_ACCOUNT_SID is not set (TWILIO_API_KEY and TWILIO_API_SECRET are): set it, ${OR_STACK}`,
    ],
    [
      'an empty auth token, as unset',
      { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_AUTH_TOKEN: '' },
      `TWILIO_AUTH_TOKEN is not set (TWILIO_ACCOUNT_SID is): set it, or TWILIO_API_KEY and TWILIO_API_SECRET; ${OR_STACK}`,
    ],
  ])('names what is missing: %s', async (_case, env, message) => {
    await expect(failure(resolve(env))).resolves.toEqual({ kind: UsageError.name, message });
  });

  it.each<[string, NodeJS.ProcessEnv, string]>([
    [
      'an account SID beside a token',
      { TWILIO_ACCOUNT_SID: 'AC123', TWILIO_AUTH_TOKEN: TOKEN },
      'TWILIO_ACCOUNT_SID is not an account SID (AC and 32 hex digits)',
    ],
    [
      'an account SID beside an API key',
      { TWILIO_ACCOUNT_SID: API_KEY, TWILIO_API_KEY: API_KEY, TWILIO_API_SECRET: API_SECRET },
      'TWILIO_ACCOUNT_SID is not an account SID (AC and 32 hex digits)',
    ],
    [
      'an API key',
      { TWILIO_ACCOUNT_SID: ACCOUNT_SID, TWILIO_API_KEY: ACCOUNT_SID, TWILIO_API_SECRET: API_SECRET },
      'TWILIO_API_KEY is not an API key SID (SK and 32 hex digits)',
    ],
    [
      'a secret pasted as the account SID',
      { TWILIO_ACCOUNT_SID: TOKEN, TWILIO_AUTH_TOKEN: TOKEN },
      'TWILIO_ACCOUNT_SID is not an account SID (AC and 32 hex digits)',
    ],
  ])('names a malformed variable without its value: %s', async (_case, env, message) => {
    await expect(failure(resolve(env))).resolves.toEqual({ kind: UsageError.name, message });
  });
});

/**
 * CloudFormation's DescribeStacks over its awsQuery protocol (a form-encoded POST, XML back), as
 * @aws-sdk/client-cloudformation speaks it; `stacks` maps a stack's name to its outputs. `regions`
 * keeps the region each request was signed for (its SigV4 credential scope).
 */
async function startFakeCloudFormation(stacks: Record<string, Record<string, string>>) {
  const regions: string[] = [];
  const server: Server = createServer((req, res) => {
    regions.push(/Credential=[^/]+\/\d+\/([^/]+)\//.exec(req.headers.authorization ?? '')?.[1] ?? '');
    readForm(req).then((form) => {
      const name = form.get('StackName') ?? '';
      if (form.get('Action') !== 'DescribeStacks')
        return xml(res, 400, queryError('InvalidAction', 'unknown'));
      const outputs = stacks[name];
      if (!outputs)
        return xml(res, 400, queryError('ValidationError', `Stack with id ${name} does not exist`));
      xml(res, 200, describeStacksResponse(name, outputs));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    regions,
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

function xml(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/xml' });
  res.end(`<?xml version="1.0" encoding="UTF-8"?>\n${body}`);
}

const NS = 'http://cloudformation.amazonaws.com/doc/2010-05-15/';
const META = '<ResponseMetadata><RequestId>fake-request</RequestId></ResponseMetadata>';

const queryError = (code: string, message: string) =>
  `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${message}</Message></Error><RequestId>fake-request</RequestId></ErrorResponse>`;

function describeStacksResponse(name: string, outputs: Record<string, string>): string {
  const members = Object.entries(outputs)
    .map(
      ([key, value]) => `<member><OutputKey>${key}</OutputKey><OutputValue>${value}</OutputValue></member>`,
    )
    .join('');
  const stack =
    `<member><StackName>${name}</StackName><StackId>arn:aws:cloudformation:eu-west-2:123456789012:stack/${name}/1</StackId>` +
    `<CreationTime>2027-01-11T10:00:00.000Z</CreationTime><StackStatus>CREATE_COMPLETE</StackStatus><Outputs>${members}</Outputs></member>`;
  return `<DescribeStacksResponse xmlns="${NS}"><DescribeStacksResult><Stacks>${stack}</Stacks></DescribeStacksResult>${META}</DescribeStacksResponse>`;
}

describe('Twilio credentials from a deployed stack (--stack)', () => {
  const REGION = 'eu-west-2';
  let secretsManager: SecretsManagerEmulator;
  let cloudFormation: Awaited<ReturnType<typeof startFakeCloudFormation>>;
  let before: Record<string, string | undefined>;

  const createSecret = async (name: string, value: object) => {
    const client = new SecretsManagerClient({});
    await client.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify(value) }));
    client.destroy();
  };

  beforeAll(async () => {
    secretsManager = await startSecretsManagerEmulator(REGION, '123456789012');
    cloudFormation = await startFakeCloudFormation({
      Redial: { TwilioCredentialsSecret: 'RedialTwilioCreds-good', VoiceWebhookUrl: 'https://x/voice' },
      Unset: { TwilioCredentialsSecret: 'RedialTwilioCreds-unset' },
      NoToken: { TwilioCredentialsSecret: 'RedialTwilioCreds-no-token' },
      BadSid: { TwilioCredentialsSecret: 'RedialTwilioCreds-bad-sid' },
      Other: { BucketName: 'bucket' },
    });
    const environment = {
      AWS_ENDPOINT_URL_CLOUDFORMATION: cloudFormation.endpoint,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secretsManager.endpoint,
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      AWS_REGION: REGION,
    };
    before = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
    Object.assign(process.env, environment);
    await createSecret('RedialTwilioCreds-good', { accountSid: ACCOUNT_SID, authToken: TOKEN });
    // As lib/twilio-account.ts creates it: the placeholder SID and a generated token.
    await createSecret('RedialTwilioCreds-unset', {
      accountSid: 'AC-set-me-after-deploy',
      authToken: 'GeneratedXyz',
    });
    await createSecret('RedialTwilioCreds-no-token', { accountSid: ACCOUNT_SID });
    await createSecret('RedialTwilioCreds-bad-sid', { accountSid: API_KEY, authToken: TOKEN });
  });

  afterAll(async () => {
    for (const [name, value] of Object.entries(before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await Promise.all([secretsManager.stop(), cloudFormation.stop()]);
  });

  const PUT = (name: string) =>
    `set accountSid and authToken in it: aws secretsmanager put-secret-value --secret-id ${name} --secret-string '{"accountSid":"AC…","authToken":"…"}'`;

  it("reads the secret the stack's output names, over the environment's TWILIO_* variables", async () => {
    const env = { ...process.env, TWILIO_ACCOUNT_SID: `AC${'f'.repeat(32)}`, TWILIO_AUTH_TOKEN: 'other' };
    await expect(resolveTwilioCredentials({ stack: 'Redial' }, env)).resolves.toEqual({
      accountSid: ACCOUNT_SID,
      username: ACCOUNT_SID,
      password: TOKEN,
      authToken: TOKEN,
      from: "stack Redial's secret RedialTwilioCreds-good",
    });
  });

  it('takes the region from --region before AWS_REGION', async () => {
    cloudFormation.regions.length = 0;
    await resolveTwilioCredentials({ stack: 'Redial', region: 'us-east-1' }, { AWS_REGION: REGION });
    await resolveTwilioCredentials({ stack: 'Redial' }, { AWS_REGION: 'ap-southeast-2' });
    expect(cloudFormation.regions).toEqual(['us-east-1', 'ap-southeast-2']);
  });

  it.each([
    [
      'the placeholder account SID',
      'Unset',
      `stack Unset: secret RedialTwilioCreds-unset still has the placeholder accountSid; ${PUT('RedialTwilioCreds-unset')}`,
    ],
    [
      'no auth token',
      'NoToken',
      `stack NoToken: secret RedialTwilioCreds-no-token has no authToken; ${PUT('RedialTwilioCreds-no-token')}`,
    ],
    [
      'an account SID of the wrong shape',
      'BadSid',
      `stack BadSid: secret RedialTwilioCreds-bad-sid's accountSid is not an account SID (AC and 32 hex digits); ${PUT('RedialTwilioCreds-bad-sid')}`,
    ],
    ['a stack that does not exist', 'Missing', 'stack Missing: Stack with id Missing does not exist'],
    [
      'a stack without the output',
      'Other',
      'stack Other: no TwilioCredentialsSecret output (is it a Redial stack?)',
    ],
  ])('cannot run with %s, and says what to do', async (_case, stack, message) => {
    await expect(failure(resolveTwilioCredentials({ stack }))).resolves.toEqual({
      kind: CannotRunError.name,
      message,
    });
  });
});
