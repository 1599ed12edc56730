import { dueItems } from '../aws/due-items';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { PENDING_CALLBACKS } from '../domain/table-layout';
import { drainOutbox } from './outbox-drain';

const dialOutcomesQueueUrl = requiredEnv('DIAL_OUTCOMES_QUEUE_URL');

/** Every minute: forward the webhook's outbox, then read the callbacks that are due. */
export const handler = async (): Promise<{ outboxSent: number; callbacksDue: number }> => {
  const now = new Date();
  const outboxSent = await drainOutbox(dialOutcomesQueueUrl, now);
  const callbacksDue = (await dueItems(PENDING_CALLBACKS, now, 25)).length;
  logger.info('Callback worker run', { outboxSent, callbacksDue });
  return { outboxSent, callbacksDue };
};
