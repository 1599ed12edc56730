import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { callTable } from '../aws/call-table';
import { CallbackClaims } from '../aws/callback-claims';
import { DynamoStore } from '../aws/dynamo-store';
import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { missedCallNotice, parseMessage, redialEvent } from '../domain/events';
import { EventRecorder } from './record-event';

const config = bundledConfig();
const missedCallsQueueUrl = requiredEnv('MISSED_CALLS_QUEUE_URL');
const tableName = requiredEnv('TABLE_NAME');
const recorder = new EventRecorder(
  config,
  new DynamoStore(callTable, tableName, config.retentionDays),
  new CallbackClaims(callTable, tableName),
  (notices) => sendEvents(missedCallsQueueUrl, [...notices], missedCallNotice),
);
const processor = new SqsFifoPartialProcessorAsync();

async function recordMessage(record: SQSRecord): Promise<void> {
  try {
    await recorder.record(parseMessage(redialEvent, record.body));
  } catch (error) {
    logger.error('Could not record message; it will be retried, then dead-lettered', {
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      reason: (error as Error).message,
    });
    throw error;
  }
}

/** A failed record holds back only the later records of its own call (FIFO group). */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordMessage, processor, { context, skipGroupOnError: true });
