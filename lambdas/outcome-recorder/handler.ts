import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { callTable } from '../aws/call-table';
import { CallbackClaims } from '../aws/callback-claims';
import { DynamoStore } from '../aws/dynamo-store';
import { sendEvents } from '../aws/event-publisher';
import { MessageFailures, messageFailureOf } from '../aws/message-failures';
import { logger } from '../aws/observability';
import { missedCallNotice, parseMessage, redialEvent } from '../domain/events';
import { readEnvironment } from '../environment/read-environment';
import { OUTCOME_RECORDER_ENVIRONMENT } from './environment';
import { EventRecorder } from './record-event';

const config = bundledConfig();
const env = readEnvironment(OUTCOME_RECORDER_ENVIRONMENT);
const recorder = new EventRecorder(
  config,
  new DynamoStore(callTable, env.CALL_TABLE_NAME, config.retentionDays),
  new CallbackClaims(callTable, env.CALL_TABLE_NAME),
  (notices) => sendEvents(env.MISSED_CALLS_QUEUE_URL, [...notices], missedCallNotice),
);
const failures = new MessageFailures(callTable, env.CALL_TABLE_NAME);
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
    // Kept by MessageId, which the message keeps in the DLQ: what `redial dlq` shows beside it.
    await failures.note(messageFailureOf('outcome-recorder', record, error, new Date()));
    throw error;
  }
}

/** A failed record holds back only the later records of its own call (FIFO group). */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordMessage, processor, { context, skipGroupOnError: true });
