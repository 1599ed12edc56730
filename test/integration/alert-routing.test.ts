import { ReceiveMessageCommand, SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { simulateCall } from '../../tools/twilio-emulator';
import { callTableReader } from '../support/call-table-reader';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

/** Alerts reach the right subscriptions; a poison message is dead-lettered without its batch. */
describe('alert routing and dead letters on the local stack', () => {
  let stack: LocalStackProcess;

  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG, '--retry-visibility-seconds', '1']);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const deliveries = (endpoint: string) => stack.output().split(`→ ${endpoint}:`).length - 1;

  it("delivers each agent's alerts to that agent's subscriptions and the supervisors' only", async () => {
    const call = (to: string, agent: 'decline' | 'busy') =>
      simulateCall({
        baseUrl: stack.info.apiBaseUrl,
        authToken: stack.info.twilio.authToken,
        to,
        agent,
        ringSeconds: 1.5,
        // No voicemail: one missed-call alert per call (a voicemail adds its follow-ups).
        recordSeconds: 0,
      });
    const alices = await call('+15550000001', 'decline');
    const carols = await call('+15550000002', 'busy');
    await stack.waitForOutput(new RegExp(`Call SID: ${alices.callSid}`));
    await stack.waitForOutput(new RegExp(`Call SID: ${carols.callSid}`));
    await stack.waitForOutput(/(→ email supervisors@example.com:[\s\S]*){2}/);
    await new Promise((resolve) => setTimeout(resolve, 1500));

    expect(deliveries('email alice@example.com')).toBe(1);
    expect(deliveries('sms +447700900101')).toBe(1);
    expect(deliveries('sms +447700900303')).toBe(1);
    expect(deliveries('email bob@example.com')).toBe(0);
    expect(deliveries('email supervisors@example.com')).toBe(2);
    // The operations team hears of alarms, on its own topic: never of a missed call.
    expect(deliveries('email ops@example.com')).toBe(0);
    expect(stack.info.resources.subscriptions).toContainEqual(
      expect.objectContaining({
        protocol: 'email',
        endpoint: 'alice@example.com',
        filterPolicy: { agentId: ['alice'] },
      }),
    );
  }, 60_000);

  it('dead-letters a malformed message after the configured receives while the rest of its batch is stored', async () => {
    const sqs = new SQSClient({
      region: stack.info.region,
      endpoint: stack.info.endpoints.sqs,
      credentials: stack.info.credentials,
    });
    const queues = stack.info.resources.queues;
    const valid = (n: number) => {
      const callSid = `CA${String(n).repeat(32)}`;
      return {
        callSid,
        body: JSON.stringify({
          type: 'voicemail-recorded',
          version: 1,
          idempotencyKey: `voicemail-recorded:RE${String(n).repeat(32)}`,
          occurredAt: new Date().toISOString(),
          callSid,
          from: '+15005550006',
          to: '+15550000001',
          recordingSid: `RE${String(n).repeat(32)}`,
          recordingUrl: 'https://api.twilio.com/recording',
          durationSeconds: 5,
        }),
      };
    };
    const [first, second] = [valid(7), valid(8)];
    await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues['OutcomeRecorder/DialOutcomes/Queue'].url,
        Entries: [
          { Id: 'a', MessageBody: first.body, MessageGroupId: first.callSid, MessageDeduplicationId: 'a' },
          {
            Id: 'poison',
            MessageBody: '{"type":"dial-outcome","version":9}',
            MessageGroupId: 'poison',
            MessageDeduplicationId: 'p',
          },
          { Id: 'b', MessageBody: second.body, MessageGroupId: second.callSid, MessageDeduplicationId: 'b' },
        ],
      }),
    );
    const table = callTableReader(stack.info);
    for (const { callSid } of [first, second]) {
      await table.waitForCall(callSid, (items) => items.some((item) => item.voicemail));
    }
    const deadLetters = queues['OutcomeRecorder/DialOutcomes/DeadLetters'].url;
    let dead: string | undefined;
    for (let attempt = 0; attempt < 30 && !dead; attempt += 1) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: deadLetters, WaitTimeSeconds: 1 }),
      );
      dead = Messages[0]?.Body;
    }
    expect(dead).toBe('{"type":"dial-outcome","version":9}');
    expect(stack.output()).toMatch(
      /Could not record message.*"receiveCount":"3".*message does not match the schema/,
    );
  }, 60_000);
});
