import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient } from '@aws-sdk/client-sqs';
import { LOCAL_CREDENTIALS, localClients, localCredentials } from '../../tools/local-stack/local-resources';
import {
  LocalStateError,
  readLocalState,
  stateFileContent,
  writeLocalState,
} from '../../tools/local-stack/state-file';
import { localState } from '../support/local-state-fixture';

const endpoint = 'http://127.0.0.1:1';
const emulators = {
  endpoints: { DYNAMODB: endpoint, SQS: endpoint, SNS: endpoint, SECRETS_MANAGER: endpoint },
  functionEndpoints: { DYNAMODB: endpoint, SQS: endpoint, SNS: endpoint, SECRETS_MANAGER: endpoint },
  external: [],
  stop: async () => {},
};

describe('the local state file', () => {
  const file = join(mkdtempSync(join(tmpdir(), 'redial-state-')), '.redial', 'local.json');

  it('reads back what the local stack wrote', () => {
    const state = localState({ numbers: ['+442071234567', '+441614960000'] });
    writeLocalState(file, state);
    expect(readLocalState(file)).toEqual(state);
  });

  it('is absent, not an error, where the stack never ran', () => {
    expect(readLocalState(join(tmpdir(), 'no-such-dir', 'local.json'))).toBeUndefined();
  });

  it('names the file and the first field that is wrong', () => {
    const { twilio, ...withoutTwilio } = localState();
    writeFileSync(file, JSON.stringify({ ...withoutTwilio, twilio: { ...twilio, authToken: 7 } }));
    expect(() => readLocalState(file)).toThrow(LocalStateError);
    expect(() => readLocalState(file)).toThrow(
      `${file} is not a local stack state file (twilio.authToken: Invalid input: expected string, received number); restart the local stack with npm start`,
    );
  });
});

describe("local.json's credentials", () => {
  it('hold only accessKeyId and secretAccessKey, even after the AWS SDK has marked the object', async () => {
    const credentials = localCredentials();
    // An SDK client marks the credentials object it is given when it first resolves it.
    await new SQSClient({ region: 'us-east-1', endpoint, credentials }).config.credentials();
    expect(credentials).toHaveProperty('$source');

    const written = JSON.parse(stateFileContent(localState({ credentials })));

    expect(written.credentials).toEqual({ accessKeyId: 'local', secretAccessKey: 'local' });
  });

  it("are never the object the local stack's own clients sign with", async () => {
    const clients = localClients(emulators, 'us-east-1');
    for (const client of Object.values(clients)) await client.config.credentials();

    expect(Object.keys(LOCAL_CREDENTIALS)).toEqual(['accessKeyId', 'secretAccessKey']);
    expect(Object.keys(localCredentials())).toEqual(['accessKeyId', 'secretAccessKey']);
  });
});
