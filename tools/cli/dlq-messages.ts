import {
  ChangeMessageVisibilityBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { MessageFailure } from '../../lambdas/aws/message-failures';
import type { DeadLetterQueue } from './dlq-target';

/** What is in a dead-letter queue, read without taking anything out of it. */

/** One dead-lettered message, with the reason its consumer last failed it when one was kept. */
export interface DeadLetter {
  readonly queue: string;
  readonly messageId: string;
  readonly body: string;
  /** When it was first sent (SQS's SentTimestamp), ISO. */
  readonly sentAt?: string;
  /** When a consumer first received it (ApproximateFirstReceiveTimestamp), ISO. */
  readonly firstReceivedAt?: string;
  /** SQS's count, which includes the receives `redial dlq` itself makes to read it. */
  readonly receiveCount?: number;
  /** FIFO queues: the group it goes back to. */
  readonly groupId?: string;
  readonly messageAttributes: Readonly<Record<string, string>>;
  readonly failure?: MessageFailure;
}

export interface QueueDepth {
  readonly waiting: number;
  readonly inFlight: number;
}

/** How long a message read by `redial dlq` stays hidden: time enough to send it on and delete it. */
export const HOLD_SECONDS = 60;
/** SQS's most messages per receive or batch. */
export const RECEIVE_MAX = 10;

export async function queueDepth(sqs: SQSClient, url: string): Promise<QueueDepth> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: url,
      AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
    }),
  );
  return {
    waiting: Number(Attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
}

export async function queueArn(sqs: SQSClient, url: string): Promise<string> {
  const { Attributes = {} } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] }),
  );
  return String(Attributes.QueueArn);
}

/**
 * Up to `limit` of the queue's messages, each hidden for HOLD_SECONDS so that the next receive
 * returns others (a FIFO queue hands out one group's messages at a time); the caller releases
 * those it does not delete. Long polls of a second, which ask every SQS server, until one is empty.
 */
export async function receiveHeld(sqs: SQSClient, url: string, limit: number): Promise<Message[]> {
  const held = new Map<string, Message>();
  while (held.size < limit) {
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: Math.min(RECEIVE_MAX, limit - held.size),
        VisibilityTimeout: HOLD_SECONDS,
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((message) => !held.has(String(message.MessageId)));
    if (fresh.length === 0) break;
    for (const message of fresh) held.set(String(message.MessageId), message);
  }
  return [...held.values()];
}

/** Makes held messages visible again at once, as if never read. */
export async function release(sqs: SQSClient, url: string, messages: readonly Message[]): Promise<void> {
  for (let start = 0; start < messages.length; start += RECEIVE_MAX) {
    await sqs.send(
      new ChangeMessageVisibilityBatchCommand({
        QueueUrl: url,
        Entries: messages.slice(start, start + RECEIVE_MAX).map((message, index) => ({
          Id: String(index),
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: 0,
        })),
      }),
    );
  }
}

/** Up to `limit` of the queue's messages, left in it and visible. */
export async function peek(sqs: SQSClient, url: string, limit: number): Promise<Message[]> {
  const messages = await receiveHeld(sqs, url, limit);
  await release(sqs, url, messages);
  return messages;
}

const isoOf = (epochMs: string | undefined) =>
  epochMs === undefined ? undefined : new Date(Number(epochMs)).toISOString();

/** A received message as `redial dlq` shows it, with its kept failure if any. */
export function deadLetterOf(
  queue: DeadLetterQueue,
  message: Message,
  failure: MessageFailure | undefined,
): DeadLetter {
  const attributes = message.Attributes ?? {};
  const count = attributes.ApproximateReceiveCount;
  return {
    queue: queue.name,
    messageId: String(message.MessageId),
    body: message.Body ?? '',
    sentAt: isoOf(attributes.SentTimestamp),
    firstReceivedAt: isoOf(attributes.ApproximateFirstReceiveTimestamp),
    receiveCount: count === undefined ? undefined : Number(count),
    groupId: attributes.MessageGroupId,
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        String(value.StringValue),
      ]),
    ),
    failure,
  };
}
