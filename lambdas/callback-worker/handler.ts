import { bundledConfig } from '../aws/bundled-config';
import { callTable, tableName } from '../aws/call-table';
import { DynamoStore } from '../aws/dynamo-store';
import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { placeCall } from '../aws/twilio-calls';
import { missedCallNotice } from '../domain/events';
import { runCallbacks } from './callback-runner';
import { drainOutbox } from './outbox-drain';

const config = bundledConfig();
const dialOutcomesQueueUrl = requiredEnv('DIAL_OUTCOMES_QUEUE_URL');
const missedCallsQueueUrl = requiredEnv('MISSED_CALLS_QUEUE_URL');
const publicBaseUrl = requiredEnv('PUBLIC_BASE_URL');
const store = new DynamoStore(callTable, tableName(), config.retentionDays);

/** Every minute: forward the webhook's outbox, then work through the callbacks that are due. */
export const handler = async () => {
  const outboxSent = await drainOutbox(dialOutcomesQueueUrl, store, new Date());
  const callbacks = await runCallbacks({
    config,
    publicBaseUrl,
    now: () => new Date(),
    placeCall,
    notify: (notice) => sendEvents(missedCallsQueueUrl, [notice], missedCallNotice),
    store,
  });
  logger.info('Callback worker run finished', { outboxSent, ...callbacks });
  return { outboxSent, ...callbacks };
};
