import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { z } from 'zod';

const sqs = new SQSClient({});

type QueueEvent = { type: string; version: number; idempotencyKey: string };

/** Sends events in batches of ten; throws if SQS refused any of them. */
export async function sendEvents<T extends QueueEvent>(queueUrl: string, events: T[], schema?: z.ZodType<T>) {
  for (let start = 0; start < events.length; start += 10) {
    const batch = events.slice(start, start + 10);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((event, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(schema ? schema.parse(event) : event),
          MessageAttributes: {
            type: { DataType: 'String', StringValue: event.type },
            version: { DataType: 'Number', StringValue: String(event.version) },
          },
        })),
      }),
    );
    if (result.Failed && result.Failed.length > 0) {
      const reasons = result.Failed.map((failure) => `${failure.Code}: ${failure.Message}`).join('; ');
      throw new Error(`SQS refused ${result.Failed.length} of ${batch.length} events: ${reasons}`);
    }
  }
}
