import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { MAX_BODY_BYTES } from '../../lambdas/domain/twilio-request';
import { captureLogs } from '../support/captured-logs';
import { exampleConfig } from '../support/example-config';
import { PUBLIC_BASE_URL, webhookEvent } from '../support/webhook-in-process';

/**
 * The fallback's handler in process, as API Gateway calls it: with only its one variable set, it
 * answers unsigned requests with TwiML, sends nothing to any AWS service, and logs what failed.
 */
describe('the voice fallback handler', () => {
  let handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  let logs: Record<string, unknown>[];
  const sent = [SecretsManagerClient, SQSClient, DynamoDBDocumentClient].map((Client) =>
    jest
      .spyOn(Client.prototype, 'send')
      .mockRejectedValue(new Error('the fallback must not call AWS') as never),
  );

  beforeAll(() => {
    Object.assign(process.env, { PUBLIC_BASE_URL, REDIAL_CONFIG: JSON.stringify(exampleConfig()) });
    logs = captureLogs().lines;
    ({ handler } = require('../../lambdas/voice-fallback/handler'));
  });

  const post = (params: Record<string, string>, query = '') =>
    handler(webhookEvent({ path: '/voice/fallback', query, body: new URLSearchParams(params).toString() }));

  it('answers an unsigned request with the apology and voicemail, and logs the error code', async () => {
    const response = await post({
      CallSid: `CA${'a'.repeat(32)}`,
      From: '+15005550006',
      To: '+442071234567',
      ErrorCode: '11200',
      ErrorUrl: `${PUBLIC_BASE_URL}/voice/incoming`,
    });
    expect(response).toMatchObject({ statusCode: 200, headers: { 'content-type': 'text/xml' } });
    expect(response.body).toContain('<Record');
    expect(response.body).toContain(`${PUBLIC_BASE_URL}/voice/recording-status?via=fallback`);
    expect(logs).toContainEqual(
      expect.objectContaining({ message: 'The fallback answered Twilio', errorCode: '11200' }),
    );
    for (const spy of sent) expect(spy).not.toHaveBeenCalled();
  });

  it('refuses a body that is not a form (400) or over the limit (413) before reading it', async () => {
    const json = webhookEvent({ path: '/voice/fallback', body: '{}', contentType: 'application/json' });
    expect((await handler(json)).statusCode).toBe(400);
    const huge = webhookEvent({ path: '/voice/fallback', body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect((await handler(huge)).statusCode).toBe(413);
  });
});
