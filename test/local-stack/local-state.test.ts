import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, localClients, localCredentials } from '../../tools/local-stack/local-resources';
import type { LocalStackInfo } from '../../tools/local-stack/local-stack';
import { stateFileContent } from '../../tools/local-stack/local-stack';

const endpoint = 'http://127.0.0.1:1';
const emulators = {
  endpoints: { DYNAMODB: endpoint, SQS: endpoint, SNS: endpoint, SECRETS_MANAGER: endpoint },
  functionEndpoints: { DYNAMODB: endpoint, SQS: endpoint, SNS: endpoint, SECRETS_MANAGER: endpoint },
  external: [],
  stop: async () => {},
};

function info(credentials: LocalStackInfo['credentials']): LocalStackInfo {
  return {
    apiBaseUrl: 'http://127.0.0.1:3000',
    region: 'us-east-1',
    accountId: '000000000000',
    endpoints: { sqs: endpoint },
    credentials,
    stackName: 'Redial',
    resources: {
      table: 'table',
      topicArn: 'arn:aws:sns:us-east-1:000000000000:topic',
      queues: {},
      alertPrinterQueueUrl: 'http://sqs.us-east-1.localhost:1/000000000000/printer',
      subscriptions: [],
    },
    functions: {},
    twilio: { accountSid: 'AC0', authToken: 'token', apiBaseUrl: 'http://127.0.0.1:2' },
    numbers: [],
  };
}

describe("local.json's credentials", () => {
  it('hold only accessKeyId and secretAccessKey, even after the AWS SDK has marked the object', async () => {
    const credentials = localCredentials();
    // An SDK client marks the credentials object it is given when it first resolves it.
    await new SQSClient({ region: 'us-east-1', endpoint, credentials }).config.credentials();
    expect(credentials).toHaveProperty('$source');

    const written = JSON.parse(stateFileContent(info(credentials)));

    expect(written.credentials).toEqual({ accessKeyId: 'local', secretAccessKey: 'local' });
  });

  it("are never the object the local stack's own clients sign with", async () => {
    const clients = localClients(emulators, 'us-east-1');
    for (const client of Object.values(clients)) await client.config.credentials();

    expect(Object.keys(LOCAL_CREDENTIALS)).toEqual(['accessKeyId', 'secretAccessKey']);
    expect(Object.keys(localCredentials())).toEqual(['accessKeyId', 'secretAccessKey']);
  });
});
