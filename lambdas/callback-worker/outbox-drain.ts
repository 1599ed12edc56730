import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { callTable, tableName } from '../aws/call-table';
import { dueItems } from '../aws/due-items';
import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { parseMessage, redialEvent } from '../domain/events';
import { PENDING_OUTBOX } from '../domain/table-layout';

/**
 * Sends the events the webhook could not queue. Sending before deleting means a crash in
 * between sends an event twice; the FIFO queue and the recorder's conditional writes absorb that.
 */
export async function drainOutbox(queueUrl: string, now: Date): Promise<number> {
  let sent = 0;
  for (const item of await dueItems(PENDING_OUTBOX, now, 100)) {
    const event = parseMessage(redialEvent, item.event as string);
    await sendEvents(queueUrl, [event], redialEvent);
    await callTable.send(new DeleteCommand({ TableName: tableName(), Key: { pk: item.pk, sk: item.sk } }));
    sent += 1;
  }
  if (sent > 0) logger.info('Sent events from the outbox', { sent });
  return sent;
}
