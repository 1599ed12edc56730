import { DeleteMessageBatchCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { QueuePoller } from '../../tools/local-stack/queue-poller';

/** A queue of `messages` one-message batches, answered in process: what each receive and delete got. */
function queueOf(messages: number) {
  let next = 0;
  const deleted: string[] = [];
  const sqs = {
    send: async (command: unknown) => {
      if (command instanceof ReceiveMessageCommand) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        if (next >= messages) return { Messages: [] };
        const id = `m${next++}`;
        return { Messages: [{ MessageId: id, ReceiptHandle: id, Body: '{}' }] };
      }
      if (command instanceof DeleteMessageBatchCommand)
        deleted.push(...(command.input.Entries ?? []).map((entry) => entry.ReceiptHandle as string));
      return {};
    },
  } as unknown as SQSClient;
  return { sqs, deleted };
}

/** Polls until every message is deleted; how many invocations ran at once, at most. */
async function mostAtOnce(concurrentBatches: number | undefined): Promise<number> {
  const { sqs, deleted } = queueOf(12);
  let running = 0;
  let most = 0;
  const poller = new QueuePoller({
    sqs,
    queueUrl: 'http://sqs.local/000000000000/q',
    queueArn: 'arn:aws:sqs:us-east-1:000000000000:q',
    region: 'us-east-1',
    batchSize: 10,
    maxBatchingWindowSeconds: 0,
    reportBatchItemFailures: true,
    concurrentBatches,
    onError: (error) => {
      throw error;
    },
    target: {
      invoke: async <T>() => {
        most = Math.max(most, ++running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
        return { batchItemFailures: [] } as T;
      },
    },
  });
  poller.start();
  while (deleted.length < 12) await new Promise((resolve) => setTimeout(resolve, 5));
  await poller.stop();
  return most;
}

/** Lambda's event source mapping invokes with several batches at once; so does the local one. */
describe('QueuePoller', () => {
  it('hands one batch at a time by default', async () => {
    expect(await mostAtOnce(undefined)).toBe(1);
  });

  it('hands up to concurrentBatches at once', async () => {
    expect(await mostAtOnce(4)).toBe(4);
  });
});
