import { type SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface PrintedAlert {
  readonly subject?: string;
  readonly message: string;
  readonly attributes: Record<string, string>;
}

interface SnsEnvelope {
  Subject?: string;
  Message: string;
  MessageAttributes?: Record<string, { Value: string }>;
}

/** Reads an SNS notification as delivered to SQS (not raw), whatever protocol keys it carries. */
export function readSnsEnvelope(body: string): PrintedAlert {
  const envelope = JSON.parse(body) as SnsEnvelope;
  let message = envelope.Message;
  try {
    // A `MessageStructure: json` publish may reach SQS with its per-protocol object intact.
    const perProtocol = JSON.parse(message) as Record<string, string>;
    message = perProtocol.sqs ?? perProtocol.default ?? message;
  } catch {
    // Plain text: print as it is.
  }
  return {
    subject: envelope.Subject,
    message,
    attributes: Object.fromEntries(
      Object.entries(envelope.MessageAttributes ?? {}).map(([name, attribute]) => [name, attribute.Value]),
    ),
  };
}

/** Subscribes a queue to the topic so the local stack can show every alert as it is published. */
export async function subscribeQueueToTopic(
  sqs: SQSClient,
  sns: SNSClient,
  topicArn: string,
  queueName: string,
  filterPolicy?: Record<string, unknown>,
): Promise<{ queueUrl: string; queueArn: string }> {
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: queueName }));
  const { Attributes } = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  const queueArn = Attributes?.QueueArn as string;
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: queueArn,
      Attributes: filterPolicy ? { FilterPolicy: JSON.stringify(filterPolicy) } : undefined,
    }),
  );
  return { queueUrl: QueueUrl as string, queueArn };
}
