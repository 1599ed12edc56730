import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSEvent, SQSRecord } from 'aws-lambda';
import { bundledConfig } from '../aws/bundled-config';
import { putIfAbsent, setIfAbsent, setIfNotNewer } from '../aws/call-table';
import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { callNote, callSummaryValues, dialLegItem } from '../domain/call-records';
import {
  type DialOutcomeEvent,
  missedCallNotice,
  parseMessage,
  type RedialEvent,
  redialEvent,
} from '../domain/events';
import { missedCallNoticeFor } from '../domain/missed-calls';
import { callKey, expiresAt } from '../domain/table-layout';

const config = bundledConfig();
const missedCallsQueueUrl = requiredEnv('MISSED_CALLS_QUEUE_URL');
const processor = new SqsFifoPartialProcessorAsync();

/**
 * Every write is conditional, so a redelivered or replayed event changes nothing; the missed-call
 * notice is sent again on a replay (the alerter drops repeats) so a crash after the write but
 * before the send still alerts.
 */
async function recordDialOutcome(event: DialOutcomeEvent): Promise<boolean> {
  const fresh = await putIfAbsent(dialLegItem(event, config.retentionDays));
  await setIfNotNewer(
    callKey(event.callSid),
    callSummaryValues(event, config.retentionDays),
    'latestPosition',
  );
  const notice = missedCallNoticeFor(event);
  if (notice) await sendEvents(missedCallsQueueUrl, [notice], missedCallNotice);
  return fresh;
}

async function record(event: RedialEvent): Promise<void> {
  if (event.type === 'dial-outcome') {
    const fresh = await recordDialOutcome(event);
    logger.info(fresh ? 'Recorded dial outcome' : 'Dial outcome already recorded', {
      idempotencyKey: event.idempotencyKey,
      disposition: event.disposition,
    });
    return;
  }
  const { attribute, value } = callNote(event);
  await setIfAbsent(callKey(event.callSid), {
    kind: 'call',
    callSid: event.callSid,
    [attribute]: value,
    expiresAt: expiresAt(new Date(event.occurredAt), config.retentionDays),
  });
  logger.info(`Recorded ${event.type}`, { idempotencyKey: event.idempotencyKey });
}

async function recordMessage(sqsRecord: SQSRecord): Promise<void> {
  try {
    await record(parseMessage(redialEvent, sqsRecord.body));
  } catch (error) {
    logger.error('Could not record message; it will be retried, then dead-lettered', {
      messageId: sqsRecord.messageId,
      receiveCount: sqsRecord.attributes.ApproximateReceiveCount,
      reason: (error as Error).message,
    });
    throw error;
  }
}

/** A failed record holds back only the later records of its own call (FIFO group). */
export const handler = async (event: SQSEvent, context: Context) =>
  processPartialResponse(event, recordMessage, processor, { context, skipGroupOnError: true });
