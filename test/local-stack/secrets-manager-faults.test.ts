import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { FAULT_SERVICES } from '../../tools/local-stack/fault-plan';
import { type FaultServer, startFaultServer } from '../../tools/local-stack/fault-server';

/** Secrets Manager in a fault plan: what breaks the webhook outright (the voice fallback's test). */
describe('secretsmanager faults', () => {
  let server: FaultServer;
  beforeAll(async () => {
    server = await startFaultServer();
  });
  afterAll(() => server.stop());

  it('is a service a fault plan may name', () => {
    expect(FAULT_SERVICES).toContain('secretsmanager');
  });

  it.each([
    ['secretsmanager/throttle', 'ThrottlingException'],
    ['secretsmanager/error', 'InternalServiceError'],
  ])('answers %s as Secrets Manager does: the SDK throws %s', async (route, name) => {
    const client = new SecretsManagerClient({
      endpoint: `${server.url}/${route}`,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const error = await client
      .send(new GetSecretValueCommand({ SecretId: 'twilio' }))
      .catch((caught: Error) => caught);
    expect(error).toMatchObject({ name });
  });
});
