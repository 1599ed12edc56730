import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { callTable, tableName } from '../aws/call-table';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { missedCallAlert } from '../domain/alert-message';
import { type MissedCallNotice, missedCallNotice, parseMessage } from '../domain/events';
import { alertKey, expiresAt } from '../domain/table-layout';

const config = bundledConfig();
const topicArn = requiredEnv('ALERT_TOPIC_ARN');
const sns = new SNSClient({});
const processor = new BatchProcessor(EventType.SQS);

async function alreadySent(notice: MissedCallNotice): Promise<boolean> {
  const { Item } = await callTable.send(
    new GetCommand({ TableName: tableName(), Key: alertKey(notice.callSid), ConsistentRead: true }),
  );
  return Item?.status === 'sent';
}

/** Publishes once per call: the alert item records the publish, and a repeat sees it. */
async function alert(notice: MissedCallNotice): Promise<void> {
  if (await alreadySent(notice)) {
    logger.info('Alert already sent', { idempotencyKey: notice.idempotencyKey });
    return;
  }
  const message = missedCallAlert(notice, config);
  const published = await sns.send(
    new PublishCommand({
      TopicArn: topicArn,
      Subject: message.subject,
      Message: message.message,
      MessageStructure: 'json',
      MessageAttributes: Object.fromEntries(
        Object.entries(message.attributes).map(([name, value]) => [
          name,
          { DataType: 'String', StringValue: value },
        ]),
      ),
    }),
  );
  await callTable.send(
    new PutCommand({
      TableName: tableName(),
      Item: {
        ...alertKey(notice.callSid),
        kind: 'alert',
        status: 'sent',
        messageId: published.MessageId,
        agentId: notice.agentId,
        disposition: notice.disposition,
        sentAt: new Date().toISOString(),
        expiresAt: expiresAt(new Date(), config.retentionDays),
      },
    }),
  );
  logger.info('Missed-call alert published', {
    idempotencyKey: notice.idempotencyKey,
    messageId: published.MessageId,
  });
}

async function alertMessage(record: SQSRecord): Promise<void> {
  try {
    await alert(parseMessage(missedCallNotice, record.body));
  } catch (error) {
    logger.error('Could not send alert; it will be retried, then dead-lettered', {
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      reason: (error as Error).message,
    });
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, alertMessage, processor, { context });
