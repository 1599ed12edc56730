import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { expiresAt, messageFailureKey } from '../domain/table-layout';
import { logger } from './observability';

/**
 * Why a queue's consumer failed each message, kept in the call table by the message's SQS
 * MessageId: the log says it too, but an operator looking at a dead-letter queue (`redial dlq`)
 * needs the reason beside the message, without searching a log group for it.
 */

/** A consumer's failure to handle one message, as kept. */
export interface MessageFailure {
  readonly messageId: string;
  /** The function that failed it, e.g. `outcome-recorder`. */
  readonly consumer: string;
  /** The receive that failed: SQS's ApproximateReceiveCount at the time (the last one dead-letters it). */
  readonly receiveCount: number;
  readonly reason: string;
  readonly failedAt: string;
}

/** As long as a DLQ keeps a message (14 days, lib/queue-with-dlq.ts), and a day to spare. */
const KEPT_DAYS = 15;

/** The failure to keep for a record its consumer threw on: decided here, written by `note`. */
export function messageFailureOf(
  consumer: string,
  record: { messageId: string; attributes: { ApproximateReceiveCount: string } },
  error: unknown,
  now: Date,
): MessageFailure {
  return {
    messageId: record.messageId,
    consumer,
    receiveCount: Number(record.attributes.ApproximateReceiveCount),
    reason: error instanceof Error ? error.message : String(error),
    failedAt: now.toISOString(),
  };
}

export class MessageFailures {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly table: string,
  ) {}

  /**
   * Keeps the failure, over any earlier one of the same message: the last failure is the one that
   * dead-letters it, and a redelivery writing the same failure again changes nothing. An update
   * (not a put), the action every consumer already has. Never throws: the message's own error is
   * what the consumer reports, and the log keeps the reason when the table cannot.
   */
  async note(failure: MessageFailure): Promise<boolean> {
    const { messageId, ...fields } = failure;
    const values = {
      ...fields,
      kind: 'message-failure',
      expiresAt: expiresAt(new Date(failure.failedAt), KEPT_DAYS),
    };
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.table,
          Key: messageFailureKey(messageId),
          UpdateExpression: `SET ${Object.keys(values)
            .map((name) => `#${name} = :${name}`)
            .join(', ')}`,
          ExpressionAttributeNames: Object.fromEntries(Object.keys(values).map((name) => [`#${name}`, name])),
          ExpressionAttributeValues: Object.fromEntries(
            Object.entries(values).map(([name, value]) => [`:${name}`, value]),
          ),
        }),
      );
      return true;
    } catch (error) {
      logger.warn('Could not keep the failure of a message; its reason is in this log only', {
        messageId,
        reason: (error as Error).message,
      });
      return false;
    }
  }

  /** The kept failures of these messages, by MessageId (none kept: left out). */
  async failuresOf(messageIds: readonly string[]): Promise<Map<string, MessageFailure>> {
    const found = await Promise.all(
      [...new Set(messageIds)].map(async (messageId) => {
        const { Item } = await this.client.send(
          new GetCommand({ TableName: this.table, Key: messageFailureKey(messageId) }),
        );
        return Item && ([messageId, failureOf(messageId, Item)] as const);
      }),
    );
    return new Map(found.filter((entry) => entry !== undefined));
  }
}

function failureOf(messageId: string, item: Record<string, unknown>): MessageFailure {
  return {
    messageId,
    consumer: String(item.consumer),
    receiveCount: Number(item.receiveCount),
    reason: String(item.reason),
    failedAt: String(item.failedAt),
  };
}
