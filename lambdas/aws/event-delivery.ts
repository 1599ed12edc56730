import { type RedialEvent, redialEvent } from '../domain/events';
import type { RedialStore } from '../domain/redial-store';
import { sendEvents } from './event-publisher';
import { logger } from './observability';

export type Delivery = 'none' | 'queued' | 'outbox' | 'logged';

/**
 * Delivers the webhook's events without ever failing the TwiML answer: to the dial-outcomes
 * queue; if SQS refuses, to the store's outbox (drained by the callback worker); if DynamoDB
 * refuses too, to the log in full, as the last record of it.
 */
export async function deliverEvents(
  queueUrl: string,
  outbox: Pick<RedialStore, 'keepInOutbox'>,
  events: RedialEvent[],
  now: Date,
): Promise<Delivery> {
  if (events.length === 0) return 'none';
  try {
    await sendEvents(queueUrl, events, redialEvent);
    return 'queued';
  } catch (error) {
    logger.warn('SQS refused the events; keeping them in the outbox', { reason: (error as Error).message });
  }
  try {
    for (const event of events) await outbox.keepInOutbox(event, now);
    return 'outbox';
  } catch (error) {
    logger.error('Undelivered events: neither SQS nor DynamoDB took them', {
      reason: (error as Error).message,
      undeliveredEvents: events,
    });
    return 'logged';
  }
}
