import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { ZodMiniType } from 'zod/mini';

// Bounded, so a webhook still answers inside Twilio's 15 s when SQS is slow or down.
const sqs = new SQSClient({
  maxAttempts: 2,
  requestHandler: { requestTimeout: 2000, connectionTimeout: 1000 },
});

type QueueEvent = { type: string; version: number; idempotencyKey: string; callSid?: string };

/** FIFO queues order a call's events (group) and drop a republished event (deduplication id). */
function fifoFields(queueUrl: string, event: QueueEvent) {
  if (!queueUrl.endsWith('.fifo')) return {};
  return {
    MessageGroupId: event.callSid ?? event.idempotencyKey,
    MessageDeduplicationId: event.idempotencyKey,
  };
}

/** Sends events in batches of ten; throws if SQS refused any of them. */
export async function sendEvents<T extends QueueEvent>(
  queueUrl: string,
  events: T[],
  schema?: ZodMiniType<T>,
) {
  for (let start = 0; start < events.length; start += 10) {
    const batch = events.slice(start, start + 10);
    const result = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((event, index) => ({
          Id: String(index),
          MessageBody: JSON.stringify(schema ? schema.parse(event) : event),
          ...fifoFields(queueUrl, event),
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
