import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { callTable } from '../aws/call-table';
import { DynamoStore } from '../aws/dynamo-store';
import { MessageFailures, messageFailureOf } from '../aws/message-failures';
import { alertSentMetrics, publishMetrics } from '../aws/metrics';
import { logger } from '../aws/observability';
import { missedCallAlert } from '../domain/alert-message';
import { type MissedCallNotice, missedCallNotice, parseMessage } from '../domain/events';
import { readEnvironment } from '../environment/read-environment';
import { MISSED_CALL_ALERTER_ENVIRONMENT } from './environment';

const config = bundledConfig();
const env = readEnvironment(MISSED_CALL_ALERTER_ENVIRONMENT);
const sns = new SNSClient({});
const store = new DynamoStore(callTable, env.CALL_TABLE_NAME, config.retentionDays);
const failures = new MessageFailures(callTable, env.CALL_TABLE_NAME);
const processor = new BatchProcessor(EventType.SQS);

/** Another delivery of the same alert holds its claim: expected under at-least-once delivery. */
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
      TopicArn: env.ALERT_TOPIC_ARN,
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

/** Each alert once, whatever the redeliveries (the store's alert ledger). */
async function alert(notice: MissedCallNotice): Promise<void> {
  const claim = await store.claimAlert(notice, new Date());
  if (claim === 'already-sent') {
    logger.info('Alert already sent', { idempotencyKey: notice.idempotencyKey, kind: notice.kind });
    return;
  }
  if (claim === 'held-elsewhere') throw new AlertInFlight();
  let messageId: string | undefined;
  try {
    messageId = await publish(notice);
  } catch (error) {
    // SNS refused it, so the next delivery may try at once rather than wait out the claim (and run
    // out of receives meanwhile). A publish that timed out is as uncertain either way.
    await store.releaseAlert(notice);
    throw error;
  }
  publishMetrics(alertSentMetrics(notice.kind));
  await store.markAlertSent(notice, messageId, new Date());
  logger.info('Alert published', { idempotencyKey: notice.idempotencyKey, messageId, kind: notice.kind });
}

async function alertMessage(record: SQSRecord): Promise<void> {
  try {
    await alert(parseMessage(missedCallNotice, record.body));
  } catch (error) {
    const details = {
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      reason: (error as Error).message,
    };
    if (error instanceof AlertInFlight)
      logger.info('Alert held by another delivery; looking again later', details);
    else logger.error('Could not send alert now; it will be retried, then dead-lettered', details);
    // Kept by MessageId, which the message keeps in the DLQ: what `redial dlq` shows beside it.
    await failures.note(messageFailureOf('missed-call-alerter', record, error, new Date()));
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context) =>
  // A failed record is reported back for SQS to retry; the error is logged above, once, at its level.
  processPartialResponse(event, alertMessage, processor, { context, throwOnFullBatchFailure: false });
