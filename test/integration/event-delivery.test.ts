import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { simulateCall } from '../../tools/twilio-emulator';
import { callTableReader } from '../support/call-table-reader';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

/** Twilio retries, and an SQS outage: the caller's TwiML never suffers and no outcome is lost. */
describe('event delivery on the local stack', () => {
  let stack: LocalStackProcess;

  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG, '--schedule-seconds', '2']);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const sqs = () =>
    new SQSClient({
      region: stack.info.region,
      endpoint: stack.info.endpoints.sqs,
      credentials: stack.info.credentials,
    });
  const dialOutcomesQueue = () => stack.info.resources.queues['OutcomeRecorder/DialOutcomes/Queue'].url;

  async function postSigned(url: string, params: Record<string, string>, retryToken: string) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': getExpectedTwilioSignature(stack.info.twilio.authToken, url, params),
        'i-twilio-idempotency-token': retryToken,
      },
      body: new URLSearchParams(params),
    });
    return { status: response.status, body: await response.text() };
  }

  it('publishes nothing new when Twilio retries the same dial action', async () => {
    const callSid = `CA${'4'.repeat(32)}`;
    const url = `${stack.info.apiBaseUrl}/voice/dial-status?agent=alice&pos=0&dialedAt=${Date.now()}`;
    const params = {
      CallSid: callSid,
      AccountSid: stack.info.twilio.accountSid,
      From: '+15005550006',
      To: '+15550000001',
      CallStatus: 'in-progress',
      DialCallStatus: 'busy',
      DialSipResponseCode: '486',
      DialCallSid: `CA${'5'.repeat(32)}`,
    };
    const first = await postSigned(url, params, 'retry-token-1');
    const retry = await postSigned(url, params, 'retry-token-1');
    expect(retry).toEqual(first);
    await callTableReader(stack.info).waitForCall(callSid, (items) =>
      items.some((item) => item.sk === 'CALL' && item.disposition !== undefined),
    );
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const key = `dial-outcome:${callSid}:0`;
    expect(stack.output().split(`"idempotencyKey":"${key}"`).length - 1).toBe(1);
    expect(stack.output()).not.toContain(`Dial outcome already recorded {"idempotencyKey":"${key}"`);
  }, 30_000);

  it('answers with the right TwiML while SQS is down, and records the outcome once it is back', async () => {
    const client = sqs();
    const queueUrl = dialOutcomesQueue();
    const { Attributes = {} } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['All'] }),
    );
    const queueName = decodeURIComponent(queueUrl.split('/').pop() as string);
    await client.send(new DeleteQueueCommand({ QueueUrl: queueUrl }));

    const transcript = await simulateCall({
      baseUrl: stack.info.apiBaseUrl,
      authToken: stack.info.twilio.authToken,
      to: '+15550000001',
      agent: 'busy',
      ringSeconds: 0.2,
    });
    const dialStep = transcript.steps.find((step) => step.request.url.includes('/voice/dial-status'));
    expect(dialStep?.status).toBe(200);
    expect(dialStep?.verbs.map((verb) => verb.name)).toEqual(['Gather', 'Say', 'Record']);
    await stack.waitForOutput(/"delivery":"outbox"/);

    const keep = [
      'VisibilityTimeout',
      'MessageRetentionPeriod',
      'RedrivePolicy',
      'FifoQueue',
      'ContentBasedDeduplication',
    ];
    await client.send(
      new CreateQueueCommand({
        QueueName: queueName,
        Attributes: Object.fromEntries(Object.entries(Attributes).filter(([name]) => keep.includes(name))),
      }),
    );
    await callTableReader(stack.info).waitForCall(
      transcript.callSid,
      (found) => found.some((item) => item.sk === 'CALL' && item.disposition === 'busy'),
      30_000,
    );
    await stack.waitForOutput('Sent events from the outbox');
  }, 60_000);
});
