import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { simulateCall } from '../../tools/twilio-emulator';
import type { CallOptions } from '../../tools/twilio-emulator/options';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

const CALLS = Number(process.env.REDIAL_VOLUME_CALLS ?? 1000);
const CONCURRENCY = 16;

/**
 * A third answered, a third declined with a voicemail, a third busy asking for a callback, and
 * the alerts each kind of call gives: none; the missed call and its voicemail and transcript follow-ups
 * (the always-open config transcribes); the missed call.
 */
function scenario(index: number): Partial<CallOptions> & { alerts: string[] } {
  switch (index % 3) {
    case 0:
      return { agent: 'answer', alerts: [] };
    case 1:
      return {
        agent: 'decline',
        ringSeconds: 1.1,
        recordSeconds: 5,
        alerts: ['missed-call', 'voicemail', 'voicemail-transcript'],
      };
    default:
      return { agent: 'busy', digits: ['1'], alerts: ['missed-call'] };
  }
}

async function countCallItems(stack: LocalStackProcess): Promise<number> {
  const { info } = stack;
  const client = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      region: info.region,
      endpoint: info.endpoints.dynamodb,
      credentials: info.credentials,
    }),
  );
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: info.resources.table,
        FilterExpression: 'sk = :call AND attribute_exists(disposition)',
        ExpressionAttributeValues: { ':call': 'CALL' },
        Select: 'COUNT',
        ExclusiveStartKey,
      }),
    );
    count += page.Count ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return count;
}

/**
 * Issue 4's count: every call stored once and every missed call alerted once, while every SQS
 * message is handed to its consumer twice (`--deliver-twice`).
 */
describe(`${CALLS} calls, every message delivered twice`, () => {
  let stack: LocalStackProcess;

  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG, '--deliver-twice']);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  it('stores exactly one item per call and sends each kind of alert exactly once per call', async () => {
    const expected: string[] = [];
    let next = 0;
    const worker = async () => {
      while (next < CALLS) {
        const index = next++;
        const { alerts, ...options } = scenario(index);
        const transcript = await simulateCall({
          baseUrl: stack.info.apiBaseUrl,
          authToken: stack.info.twilio.authToken,
          to: '+15550000001',
          ...options,
        });
        if (transcript.outcome.status !== 'completed')
          throw new Error(`call ${index}: ${transcript.outcome.detail}`);
        expected.push(...alerts.map((kind) => `${kind} ${transcript.callSid}`));
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));

    const deadline = Date.now() + 240_000;
    let stored = await countCallItems(stack);
    while (stored < CALLS && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
      stored = await countCallItems(stack);
    }
    expect(stored).toBe(CALLS);

    // Each printed alert: `ALERT (… kind=K)` and, a few lines on, its `Call SID:`.
    const alerted = () =>
      [...stack.output().matchAll(/ALERT \([^)]*kind=([a-z-]+)\)[\s\S]*?Call SID: (CA[0-9a-f]{32})/g)].map(
        (match) => `${match[1]} ${match[2]}`,
      );
    while (new Set(alerted()).size < expected.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    await new Promise((resolve) => setTimeout(resolve, 5000));
    const alerts = alerted();
    expect(new Set(alerts)).toEqual(new Set(expected));
    expect(alerts.length).toBe(expected.length);
  }, 900_000);
});
