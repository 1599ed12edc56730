import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { redialEvent } from '../domain/events';
import type { RedialStore } from '../domain/redial-store';

/**
 * Sends the events the webhook could not queue. Sending before removing means a crash in
 * between sends an event twice; the FIFO queue and the recorder's idempotent decisions absorb that.
 */
export async function drainOutbox(queueUrl: string, store: RedialStore, now: Date): Promise<number> {
  let sent = 0;
  for (const event of await store.outboxEvents(now, 100)) {
    await sendEvents(queueUrl, [event], redialEvent);
    await store.removeFromOutbox(event);
    sent += 1;
  }
  if (sent > 0) logger.info('Sent events from the outbox', { sent });
  return sent;
}
