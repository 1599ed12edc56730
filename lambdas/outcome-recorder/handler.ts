import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { putIfAbsent, setIfNotNewer } from '../aws/call-table';
import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { callSummaryValues, dialLegItem } from '../domain/call-records';
import { type DialOutcomeEvent, missedCallNotice, parseMessage, redialEvent } from '../domain/events';
import { missedCallNoticeFor } from '../domain/missed-calls';
import { callKey } from '../domain/table-layout';

const config = bundledConfig();
const missedCallsQueueUrl = requiredEnv('MISSED_CALLS_QUEUE_URL');
const processor = new BatchProcessor(EventType.SQS);

/**
 * Every write is conditional, so a redelivered or replayed event changes nothing; the missed-call
 * notice is sent again on a replay (the alerter drops repeats) so a crash after the write but
 * before the send still alerts.
 */
async function recordDialOutcome(event: DialOutcomeEvent): Promise<void> {
  const fresh = await putIfAbsent(dialLegItem(event, config.retentionDays));
  await setIfNotNewer(
    callKey(event.callSid),
    callSummaryValues(event, config.retentionDays),
    'latestPosition',
  );
  const notice = missedCallNoticeFor(event);
  if (notice) await sendEvents(missedCallsQueueUrl, [notice], missedCallNotice);
  logger.info(fresh ? 'Recorded dial outcome' : 'Dial outcome already recorded', {
    idempotencyKey: event.idempotencyKey,
    disposition: event.disposition,
    missedCall: notice !== undefined,
  });
}

async function recordMessage(record: SQSRecord): Promise<void> {
  try {
    const event = parseMessage(redialEvent, record.body);
    await recordDialOutcome(event);
  } catch (error) {
    logger.error('Could not record message; it will be retried, then dead-lettered', {
      messageId: record.messageId,
      receiveCount: record.attributes.ApproximateReceiveCount,
      reason: (error as Error).message,
    });
    throw error;
  }
}

export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordMessage, processor, { context });
