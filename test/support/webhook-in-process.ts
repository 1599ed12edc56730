import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { captureLogs } from './captured-logs';
import { exampleConfig } from './example-config';

/**
 * The webhook Lambda run in this process, as API Gateway (HTTP API, payload 2.0) would call it,
 * with its AWS calls stubbed at the SDK boundary (each client's `send`): Secrets Manager answers
 * with a test auth token, SQS and DynamoDB accept and record what they were sent. The handler's
 * code runs unchanged; nothing in it knows it is under test.
 */

export const PUBLIC_BASE_URL = 'https://abc123.execute-api.eu-west-2.amazonaws.com';
export const AUTH_TOKEN = '12345678901234567890123456789012';
export const DIAL_OUTCOMES_QUEUE_URL = 'https://sqs.eu-west-2.amazonaws.com/123456789012/dial-outcomes.fifo';

/** One POST (or other method) as it reaches API Gateway. */
export interface WebhookPost {
  readonly path: string;
  readonly query?: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly signature?: string;
  readonly method?: string;
  /** HTTP APIs base64-encode form posts; false sends the body as text (a REST API's way). */
  readonly base64?: boolean;
  /** When API Gateway received it (`requestContext.timeEpoch`); default now. */
  readonly receivedAt?: number;
}

export interface InProcessWebhook {
  readonly handler: (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
  /** Every command sent to SQS or DynamoDB since the last `reset()`: events published or stored. */
  readonly published: unknown[];
  /** Every line the function logged since the last `reset()`, parsed. */
  readonly logs: Record<string, unknown>[];
  reset(): void;
  restore(): void;
}

/** The URL Twilio requested, as it signs it. */
export function webhookUrl(path: string, query = ''): string {
  return `${PUBLIC_BASE_URL}${path}${query ? `?${query}` : ''}`;
}

/** The signature Twilio would send for this URL and form body (duplicated names: the last value, as read). */
export function twilioSignature(path: string, query: string, body: string): string {
  return getExpectedTwilioSignature(
    AUTH_TOKEN,
    webhookUrl(path, query),
    Object.fromEntries(new URLSearchParams(body)),
  );
}

/** A form post signed as Twilio signs it. */
export function signedPost(path: string, params: Record<string, string>, query = ''): WebhookPost {
  const body = new URLSearchParams(params).toString();
  return { path, query, body, signature: twilioSignature(path, query, body) };
}

export function webhookEvent(post: WebhookPost): APIGatewayProxyEventV2 {
  const method = post.method ?? 'POST';
  const base64 = post.base64 ?? true;
  const headers: Record<string, string> = {
    'content-type': post.contentType ?? 'application/x-www-form-urlencoded',
    'i-twilio-idempotency-token': 'fuzz-token',
    ...(post.signature === undefined ? {} : { 'x-twilio-signature': post.signature }),
  };
  return {
    version: '2.0',
    routeKey: `${method} ${post.path}`,
    rawPath: post.path,
    rawQueryString: post.query ?? '',
    headers,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.eu-west-2.amazonaws.com',
      domainPrefix: 'abc123',
      http: {
        method,
        path: post.path,
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'TwilioProxy/1.1',
      },
      requestId: 'request-1',
      routeKey: `${method} ${post.path}`,
      stage: '$default',
      // Stamped on arrival, as API Gateway does: the webhook measures ring time by it.
      time: new Date(post.receivedAt ?? Date.now()).toUTCString(),
      timeEpoch: post.receivedAt ?? Date.now(),
    },
    body:
      post.body === undefined ? undefined : base64 ? Buffer.from(post.body).toString('base64') : post.body,
    isBase64Encoded: post.body !== undefined && base64,
  };
}

/** Sets the webhook's environment, stubs its SDK clients and loads the handler (call once per test file). */
export function loadWebhook(): InProcessWebhook {
  Object.assign(process.env, {
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    DIAL_OUTCOMES_QUEUE_URL,
    CALL_TABLE_NAME: 'redial-calls',
    TWILIO_CREDENTIALS_SECRET: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:twilio',
    PUBLIC_BASE_URL,
    REDIAL_CONFIG: JSON.stringify(exampleConfig()),
  });
  const published: unknown[] = [];
  const captured = captureLogs();
  const logs = captured.lines;
  const record = async (command: { input: unknown }) => {
    published.push(command.input);
    return {};
  };
  const spies = [
    jest.spyOn(SQSClient.prototype, 'send').mockImplementation(record as never),
    jest.spyOn(DynamoDBDocumentClient.prototype, 'send').mockImplementation(record as never),
    jest.spyOn(SecretsManagerClient.prototype, 'send').mockImplementation((async () => ({
      SecretString: JSON.stringify({ accountSid: `AC${'0'.repeat(32)}`, authToken: AUTH_TOKEN }),
    })) as never),
  ];
  const { handler } = require('../../lambdas/webhook/handler') as Pick<InProcessWebhook, 'handler'>;
  return {
    handler,
    published,
    logs,
    reset() {
      published.length = 0;
      logs.length = 0;
    },
    restore() {
      for (const spy of spies) spy.mockRestore();
      captured.restore();
    },
  };
}
