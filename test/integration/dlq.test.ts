import {
  CreateQueueCommand,
  DeleteQueueCommand,
  GetQueueAttributesCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { runDlq } from '../../tools/cli/dlq-command';
import { callEvents } from '../cli/recorded-calls';
import { callTableReader } from '../support/call-table-reader';
import {
  ALWAYS_OPEN_CONFIG,
  type LocalStackProcess,
  startLocalStackProcess,
} from '../support/local-stack-process';

/**
 * Issue 11's `redial dlq` on the local stack: a declined call's outcome is dead-lettered while the
 * missed-calls queue is gone (the recorder cannot hand its alert on), listed with that reason,
 * and once the queue is back `redial dlq redrive` brings it back: the call is stored once, its
 * alert goes out once, and the DLQ is empty.
 */

const CALLER = '+447700900555';
const LINE = '+15550000001';
const MASKED_CALLER = '+44•••••••55';

describe('redial dlq on the local stack', () => {
  let stack: LocalStackProcess;

  beforeAll(async () => {
    stack = await startLocalStackProcess(['--config', ALWAYS_OPEN_CONFIG, '--retry-visibility-seconds', '1']);
  }, 90_000);

  afterAll(async () => {
    await stack?.stop();
  });

  async function dlq(...argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runDlq([...argv, '--local-state', stack.stateFile], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
    });
    return { code, out, err, text: out.join('\n') };
  }

  async function deadLetters(): Promise<Record<string, any>[]> {
    const { code, text, err } = await dlq('list', '--queue', 'dial-outcomes', '--json');
    expect({ code, err }).toEqual({ code: 0, err: [] });
    return JSON.parse(text);
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}:\n${stack.output().slice(-3000)}`);
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }

  const alertsFor = (callSid: string) =>
    stack
      .output()
      .split('[alerts] ALERT (')
      .slice(1)
      .filter((block) => block.split('\n[')[0].includes(`Call SID: ${callSid}`));

  it('lists a dead-lettered outcome with its reason, and redrive stores it once', async () => {
    const sqs = new SQSClient({
      region: stack.info.region,
      endpoint: stack.info.endpoints.sqs,
      credentials: stack.info.credentials,
    });
    const { queues } = stack.info.resources;

    // The cause: the missed-calls queue is gone, so the recorder cannot hand the alert on.
    const missedCalls = queues['MissedCallAlerts/MissedCalls/Queue'].url;
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: missedCalls, AttributeNames: ['All'] }),
    );
    await sqs.send(new DeleteQueueCommand({ QueueUrl: missedCalls }));

    const events = callEvents(77, LINE);
    const started = { ...events.started(new Date()), from: CALLER };
    const declined = {
      ...events.dial(new Date(), {
        agentId: 'alice',
        position: 0,
        disposition: 'declined-by-user',
        dialCallStatus: 'busy',
        sipResponseCode: 603,
        ringSeconds: 6,
        huntExhausted: true,
        callerNextStep: 'voicemail',
      }),
      from: CALLER,
    };
    const callSid = started.callSid;
    const { Successful = [] } = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queues['OutcomeRecorder/DialOutcomes/Queue'].url,
        Entries: [started, declined].map((event, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(event),
          MessageGroupId: callSid,
          MessageDeduplicationId: event.idempotencyKey,
        })),
      }),
    );
    const sentId = Successful.find((entry) => entry.Id === '1')?.MessageId;

    // Dead-lettered after three receives, under the MessageId it was sent with (fauxqs keeps it).
    const [letter] = await waitFor('the dead letter', async () => {
      const letters = await deadLetters();
      return letters.length > 0 ? letters : undefined;
    });
    expect(letter).toMatchObject({
      queue: 'dial-outcomes',
      messageId: sentId,
      groupId: callSid,
      body: { type: 'dial-outcome', callSid, from: MASKED_CALLER },
      failure: { consumer: 'outcome-recorder', receiveCount: 3, reason: expect.stringMatching(/queue/i) },
    });

    const list = await dlq('list');
    expect(list.code).toBe(0);
    expect(list.text).toMatch(/^dial-outcomes: 1 message, oldest sent \d+s ago$/m);
    expect(list.text).toMatch(/^missed-calls: 0 messages$/m);
    expect(list.text).toContain(`dial-outcome v1 ${callSid} ${MASKED_CALLER} → +1•••••••01`);
    expect(list.text).toContain(`${letter.failure.reason} (outcome-recorder)`);
    expect(list.text).not.toContain(CALLER);

    const shown = await dlq('show', String(sentId));
    expect(shown.code).toBe(0);
    expect(shown.text).toMatch(/^Reason: +.*queue/im);
    expect(shown.text).toContain(`"from": "${MASKED_CALLER}"`);
    expect((await dlq('show', String(sentId), '--unmasked')).text).toContain(`"from": "${CALLER}"`);

    // A dry run moves nothing.
    const dry = await dlq('redrive', '--dry-run');
    expect(dry.text).toContain('dial-outcomes: would move 1 message back');
    expect(await deadLetters()).toHaveLength(1);

    // The cause fixed: the queue is back, as it was.
    const keep = ['VisibilityTimeout', 'MessageRetentionPeriod', 'RedrivePolicy'];
    await sqs.send(
      new CreateQueueCommand({
        QueueName: decodeURIComponent(missedCalls.split('/').pop() as string),
        Attributes: Object.fromEntries(Object.entries(Attributes).filter(([name]) => keep.includes(name))),
      }),
    );

    const moved = await dlq('redrive');
    expect({ code: moved.code, err: moved.err }).toEqual({ code: 0, err: [] });
    expect(moved.text).toContain('dial-outcomes: moved 1 message back');
    expect(moved.text).toContain(`  ${sentId}  dial-outcome v1 ${callSid}`);

    await waitFor('the alert', async () => (alertsFor(callSid).length > 0 ? true : undefined));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(alertsFor(callSid)).toHaveLength(1);
    const items = await callTableReader(stack.info).itemsOfCall(callSid);
    // One record, written once per event: the replays the redrive caused changed nothing.
    expect(items.filter((item) => item.sk === 'CALL')).toEqual([
      expect.objectContaining({
        disposition: 'declined-by-user',
        version: 2,
        applied: [started.idempotencyKey, declined.idempotencyKey],
        legs: { '00': expect.objectContaining({ sipResponseCode: 603 }) },
      }),
    ]);
    expect(items.filter((item) => String(item.sk).startsWith('LEG#'))).toHaveLength(1);
    expect(await deadLetters()).toEqual([]);
    const depth = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queues['OutcomeRecorder/DialOutcomes/DeadLetters'].url,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(depth.Attributes).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  }, 120_000);
});
