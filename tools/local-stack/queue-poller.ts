import {
  ChangeMessageVisibilityCommand,
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
/** Whatever the queue feeds: a local Lambda, or the local stack's own alert printer. */
export interface InvocationTarget {
  invoke<T>(event: unknown): Promise<T>;
}

export interface QueuePollerOptions {
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly queueArn: string;
  readonly region: string;
  readonly target: InvocationTarget;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly reportBatchItemFailures: boolean;
  /**
   * Seconds before a failed message is received again. Unset, it waits the queue's visibility
   * timeout as on AWS; tests shorten it so a poison message reaches the DLQ in seconds.
   */
  readonly retryVisibilitySeconds?: number;
  /**
   * How many times each batch is handed to the target (default 1). SQS delivers at least once;
   * tests set 2 to prove every consumer shrugs off a duplicate delivery.
   */
  readonly deliveriesPerBatch?: number;
  /**
   * Asked at each batch (a fault plan's `duplicateDeliveries`): hand it over twice, one after the
   * other, or twice at once, as two pollers racing for the same message would.
   */
  readonly duplicateDeliveries?: () => 'sequential' | 'concurrent' | undefined;
  /**
   * Batches in flight at once (default 1). Lambda's event source mapping polls a queue with
   * several pollers and invokes the function once per batch each, concurrently (for a FIFO queue,
   * one batch per message group at a time: the queue itself holds back a group in flight).
   */
  readonly concurrentBatches?: number;
  readonly onError: (error: Error) => void;
}

function toRecord(message: Message, options: QueuePollerOptions): SQSRecord {
  return {
    messageId: message.MessageId as string,
    receiptHandle: message.ReceiptHandle as string,
    body: message.Body ?? '',
    attributes: message.Attributes as unknown as SQSRecord['attributes'],
    messageAttributes: Object.fromEntries(
      Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [
        name,
        { dataType: value.DataType as string, stringValue: value.StringValue },
      ]),
    ),
    md5OfBody: message.MD5OfBody as string,
    eventSource: 'aws:sqs',
    eventSourceARN: options.queueArn,
    awsRegion: options.region,
  };
}

/**
 * Lambda's SQS event source mapping, on this machine: long-poll, invoke with a batch, delete
 * what succeeded (all of it, or all but the reported batchItemFailures), and leave the rest to
 * come back after the visibility timeout, until the queue's redrive policy dead-letters it.
 */
export class QueuePoller {
  private running = false;
  private loops: Promise<void>[] = [];

  constructor(private readonly options: QueuePollerOptions) {}

  start(): void {
    this.running = true;
    this.loops = Array.from({ length: this.options.concurrentBatches ?? 1 }, () => this.pollUntilStopped());
  }

  async stop(): Promise<void> {
    this.running = false;
    await Promise.all(this.loops);
  }

  private async pollUntilStopped(): Promise<void> {
    while (this.running) {
      try {
        await this.pollOnce();
      } catch (error) {
        if (this.running) this.options.onError(error as Error);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
  }

  private async receive(): Promise<Message[]> {
    const { sqs, queueUrl, batchSize, maxBatchingWindowSeconds } = this.options;
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: Math.min(batchSize, 10),
        WaitTimeSeconds: 1,
        MessageSystemAttributeNames: ['All'],
        MessageAttributeNames: ['All'],
      }),
    );
    if (Messages.length === 0 || Messages.length >= batchSize || maxBatchingWindowSeconds === 0)
      return Messages;
    // Within the batching window, gather more, as the event source mapping does.
    await new Promise((resolve) => setTimeout(resolve, Math.min(maxBatchingWindowSeconds, 1) * 250));
    return Messages;
  }

  async pollOnce(): Promise<void> {
    const messages = await this.receive();
    if (messages.length === 0 || !this.running) return;
    const event: SQSEvent = { Records: messages.map((message) => toRecord(message, this.options)) };
    const failedIds = new Set<string>();
    const duplicates = this.options.duplicateDeliveries?.();
    const deliveries = Math.max(this.options.deliveriesPerBatch ?? 1, duplicates ? 2 : 1);
    if (duplicates === 'concurrent') {
      const results = await Promise.all(Array.from({ length: deliveries }, () => this.invoke(event)));
      for (const id of results.flat()) failedIds.add(id);
    } else {
      for (let delivery = 0; delivery < deliveries; delivery += 1) {
        for (const id of await this.invoke(event)) failedIds.add(id);
      }
    }
    await this.settle(messages, failedIds);
  }

  /** The IDs of the records that failed: those reported, or all of them when the invocation failed. */
  private async invoke(event: SQSEvent): Promise<string[]> {
    try {
      const response = await this.options.target.invoke<{ batchItemFailures?: { itemIdentifier: string }[] }>(
        event,
      );
      if (!this.options.reportBatchItemFailures) return [];
      return (response?.batchItemFailures ?? []).map((failure) => failure.itemIdentifier);
    } catch (error) {
      this.options.onError(error as Error);
      return event.Records.map((record) => record.messageId);
    }
  }

  private async settle(messages: Message[], failedIds: Set<string>): Promise<void> {
    const { sqs, queueUrl, retryVisibilitySeconds } = this.options;
    const succeeded = messages.filter((message) => !failedIds.has(message.MessageId as string));
    if (succeeded.length > 0) {
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: succeeded.map((message, index) => ({
            Id: String(index),
            ReceiptHandle: message.ReceiptHandle,
          })),
        }),
      );
    }
    if (retryVisibilitySeconds === undefined) return;
    for (const message of messages.filter((candidate) => failedIds.has(candidate.MessageId as string))) {
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.ReceiptHandle,
          VisibilityTimeout: retryVisibilitySeconds,
        }),
      );
    }
  }
}
