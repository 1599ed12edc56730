import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { missedCallAlert } from '../domain/alert-message';
import { type MissedCallNotice, missedCallNotice, parseMessage } from '../domain/events';
import { claimAlert, markAlertSent } from './alert-ledger';

const config = bundledConfig();
const topicArn = requiredEnv('ALERT_TOPIC_ARN');
const sns = new SNSClient({});
const processor = new BatchProcessor(EventType.SQS);

/** Another delivery holds the alert's claim: expected when two triggers of one call arrive together. */
class AlertInFlight extends Error {
  constructor() {
    super(
      'Another delivery of this alert is publishing it; this one will look again after the visibility timeout',
    );
  }
}

async function publish(notice: MissedCallNotice): Promise<string | undefined> {
  const message = missedCallAlert(notice, config);
  const { MessageId } = await sns.send(
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
  return MessageId;
}

/** One alert per missed call, whatever the redeliveries and triggers (see alert-ledger). */
async function alert(notice: MissedCallNotice): Promise<void> {
  const claim = await claimAlert(notice, new Date(), config.retentionDays);
  if (claim === 'already-sent') {
    logger.info('Alert already sent', { idempotencyKey: notice.idempotencyKey, trigger: notice.trigger });
    return;
  }
  if (claim === 'held-elsewhere')
    throw new Error('Another delivery of this alert is publishing it; retrying later');
  const messageId = await publish(notice);
  await markAlertSent(notice, messageId, new Date());
  logger.info('Missed-call alert published', {
    idempotencyKey: notice.idempotencyKey,
    messageId,
    trigger: notice.trigger,
  });
}

async function alertMessage(record: SQSRecord): Promise<void> {
  try {
    await alert(parseMessage(missedCallNotice, record.body));
  } catch (error) {
    const log = error instanceof AlertInFlight ? logger.info.bind(logger) : logger.error.bind(logger);
    log('Could not send alert now; it will be retried, then dead-lettered', {
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      reason: (error as Error).message,
    });
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, alertMessage, processor, { context });
