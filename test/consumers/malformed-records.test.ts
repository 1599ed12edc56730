import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { callKey } from '../../lambdas/domain/table-layout';
import { captureLogs } from '../support/captured-logs';
import { type EmbeddedTable, startEmbeddedTable } from '../support/embedded-table';
import { exampleConfig } from '../support/example-config';

/**
 * Each consumer given a batch with one malformed record: the others are processed, the bad one is
 * reported as a batch item failure (so SQS retries it and, after three receives, dead-letters it)
 * and its reason is logged. The handlers run as deployed, on an embedded table, with SQS and SNS
 * stubbed at their clients' send.
 */

let table: EmbeddedTable;
let logs: ReturnType<typeof captureLogs>;
const sent: { client: string; input: unknown }[] = [];
const spies: jest.SpyInstance[] = [];

beforeAll(async () => {
  table = await startEmbeddedTable();
  Object.assign(process.env, {
    CALL_TABLE_NAME: table.tableName,
    MISSED_CALLS_QUEUE_URL: 'https://sqs.us-east-1.amazonaws.com/123456789012/missed-calls',
    ALERT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:missed-calls',
    REDIAL_CONFIG: JSON.stringify(exampleConfig()),
  });
  for (const [name, client] of [
    ['sqs', SQSClient],
    ['sns', SNSClient],
  ] as const) {
    spies.push(
      jest.spyOn(client.prototype, 'send').mockImplementation((async (command: { input: unknown }) => {
        sent.push({ client: name, input: command.input });
        return { MessageId: `m-${sent.length}`, Successful: [], Failed: [] };
      }) as never),
    );
  }
  logs = captureLogs();
});

afterAll(async () => {
  for (const spy of spies) spy.mockRestore();
  logs?.restore();
  await table?.stop();
});

beforeEach(() => {
  logs.lines.length = 0;
  sent.length = 0;
});

function sqsRecord(messageId: string, body: string, groupId: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `receipt-${messageId}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'test',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: groupId,
      MessageDeduplicationId: messageId,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:queue.fifo',
    awsRegion: 'us-east-1',
  };
}

const context = { functionName: 'test', awsRequestId: 'request-1' } as Context;
const sid = (digit: string) => `CA${digit.repeat(32)}`;
/** Hands a consumer a batch of three calls' records, the middle one `malformed`; its answer. */
async function batchWithOneMalformed(
  consumer: string,
  good: (callSid: string) => string,
  malformed: string,
  callSids: [string, string, string],
): Promise<SQSBatchResponse> {
  const { handler } = require(`../../lambdas/${consumer}/handler`);
  const bodies = [good(callSids[0]), malformed, good(callSids[2])];
  const ids = ['good-1', 'bad', 'good-2'];
  const event: SQSEvent = { Records: bodies.map((body, i) => sqsRecord(ids[i], body, callSids[i])) };
  return handler(event, context);
}

const errorsFor = (messageId: string) =>
  logs.lines.filter((line) => line.level === 'ERROR' && line.messageId === messageId);

describe('outcome recorder', () => {
  const callStarted = (callSid: string) =>
    JSON.stringify({
      type: 'call-started',
      version: 1,
      idempotencyKey: `call-started:${callSid}`,
      occurredAt: '2026-11-25T10:00:00.000Z',
      callSid,
      from: '+15005550006',
      to: '+442071234567',
      open: true,
    });

  it('records the good records, and reports the malformed one with its reason', async () => {
    const response = await batchWithOneMalformed(
      'outcome-recorder',
      callStarted,
      '{"type":"dial-outcome","version":1,"callSid":"CA-not-a-sid"}',
      [sid('1'), sid('2'), sid('3')],
    );
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    for (const callSid of [sid('1'), sid('3')]) {
      const { Item } = await table.client.send(
        new GetCommand({ TableName: table.tableName, Key: callKey(callSid) }),
      );
      expect(Item).toBeDefined();
    }
    expect(errorsFor('bad')).toEqual([
      expect.objectContaining({ reason: expect.stringContaining('message does not match the schema: ') }),
    ]);
    expect(String(errorsFor('bad')[0].reason)).toContain('callSid: must be a CA… SID');
  });
});

describe('missed-call alerter', () => {
  const notice = (callSid: string) =>
    JSON.stringify({
      type: 'missed-call',
      version: 2,
      idempotencyKey: `missed-call:${callSid}`,
      kind: 'missed-call',
      severity: 'warning',
      callSid,
      from: '+15005550006',
      to: '+442071234567',
      agentId: 'alice',
      disposition: 'busy',
      occurredAt: '2026-11-25T10:00:00.000Z',
    });

  it('publishes the good alerts, and reports the malformed one with its reason', async () => {
    const response = await batchWithOneMalformed('missed-call-alerter', notice, 'not json at all', [
      sid('4'),
      sid('5'),
      sid('6'),
    ]);
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    expect(sent.filter(({ client }) => client === 'sns')).toHaveLength(2);
    expect(errorsFor('bad')).toEqual([
      expect.objectContaining({ reason: 'message body is not JSON: not json at all' }),
    ]);
  });
});
