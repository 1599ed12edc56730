import type { SQSClient } from '@aws-sdk/client-sqs';
import { redrive } from '../../tools/cli/dlq-redrive';

/** Which way a redrive goes: SQS's move task where the endpoint has it, else by hand. */

const queue = { name: 'dial-outcomes', url: 'http://q/dlq.fifo', sourceUrl: 'http://q/src.fifo' };
const held = [
  { MessageId: 'm-1', ReceiptHandle: 'rh-1', Body: '{}', Attributes: { MessageGroupId: 'g' } },
  { MessageId: 'm-2', ReceiptHandle: 'rh-2', Body: '{}', Attributes: { MessageGroupId: 'g' } },
];

/** An SQS client that answers each command by its name, and records what it was sent. */
function fakeSqs(moveTask: 'supported' | 'unsupported') {
  const sent: { command: string; input: Record<string, any> }[] = [];
  let received = false;
  const answers: Record<string, (input: Record<string, any>) => unknown> = {
    GetQueueAttributesCommand: (input) => ({ Attributes: { QueueArn: `arn:${input.QueueUrl}` } }),
    StartMessageMoveTaskCommand: () => {
      if (moveTask === 'supported') return { TaskHandle: 'task-1' };
      throw Object.assign(new Error('Unknown action: StartMessageMoveTask'), { name: 'InvalidAction' });
    },
    ReceiveMessageCommand: () => {
      const Messages = received ? [] : held;
      received = true;
      return { Messages };
    },
  };
  const sqs = {
    send: async (command: { constructor: { name: string }; input: Record<string, any> }) => {
      sent.push({ command: command.constructor.name, input: command.input });
      return answers[command.constructor.name]?.(command.input) ?? {};
    },
  } as unknown as SQSClient;
  return { sqs, commands: () => sent.map((entry) => entry.command), sent };
}

describe('redrive', () => {
  it("starts SQS's move task from the DLQ to its source where the endpoint has one", async () => {
    const { sqs, sent } = fakeSqs('supported');
    expect(await redrive(sqs, queue, { dryRun: false, limit: 10 })).toEqual({
      kind: 'move-task',
      taskHandle: 'task-1',
    });
    expect(sent.find((entry) => entry.command === 'StartMessageMoveTaskCommand')?.input).toEqual({
      SourceArn: 'arn:http://q/dlq.fifo',
      DestinationArn: 'arn:http://q/src.fifo',
    });
  });

  it('moves by hand where it has none: send to the source, then delete', async () => {
    const { sqs, commands, sent } = fakeSqs('unsupported');
    const result = await redrive(sqs, queue, { dryRun: false, limit: 10 });
    expect(result).toMatchObject({ kind: 'moved', moves: [{ messageId: 'm-1' }, { messageId: 'm-2' }] });
    expect(commands().filter((name) => /Send|Delete/.test(name))).toEqual([
      'SendMessageCommand',
      'DeleteMessageCommand',
      'SendMessageCommand',
      'DeleteMessageCommand',
    ]);
    expect(sent.find((entry) => entry.command === 'SendMessageCommand')?.input).toMatchObject({
      QueueUrl: queue.sourceUrl,
      MessageGroupId: 'g',
      MessageDeduplicationId: 'redrive-m-1',
    });
  });

  it('moves only the message asked for by hand, and releases the rest at once', async () => {
    const { sqs, commands, sent } = fakeSqs('supported');
    await redrive(sqs, queue, { messageId: 'm-2', dryRun: false, limit: 10 });
    expect(commands()).not.toContain('StartMessageMoveTaskCommand');
    expect(sent.find((entry) => entry.command === 'DeleteMessageCommand')?.input.ReceiptHandle).toBe('rh-2');
    expect(
      sent.find((entry) => entry.command === 'ChangeMessageVisibilityBatchCommand')?.input.Entries,
    ).toEqual([{ Id: '0', ReceiptHandle: 'rh-1', VisibilityTimeout: 0 }]);
  });

  it('moves nothing on a dry run', async () => {
    const { sqs, commands } = fakeSqs('supported');
    const result = await redrive(sqs, queue, { dryRun: true, limit: 10 });
    expect(result).toMatchObject({ kind: 'moved', moves: [{ messageId: 'm-1' }, { messageId: 'm-2' }] });
    expect(commands().filter((name) => /Start|Send|Delete/.test(name))).toEqual([]);
  });
});
