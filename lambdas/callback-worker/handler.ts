import { bundledConfig } from '../aws/bundled-config';
import { callTable } from '../aws/call-table';
import { CallbackClaims } from '../aws/callback-claims';
import { DynamoStore } from '../aws/dynamo-store';
import { sendEvents } from '../aws/event-publisher';
import { logger } from '../aws/observability';
import { requiredEnv } from '../aws/required-env';
import { twilioCalls } from '../aws/twilio-calls';
import { missedCallNotice } from '../domain/events';
import { runCallbacks } from './callback-runner';
import { drainOutbox } from './outbox-drain';

const config = bundledConfig();
const dialOutcomesQueueUrl = requiredEnv('DIAL_OUTCOMES_QUEUE_URL');
const missedCallsQueueUrl = requiredEnv('MISSED_CALLS_QUEUE_URL');
const publicBaseUrl = requiredEnv('PUBLIC_BASE_URL');
const tableName = requiredEnv('TABLE_NAME');
const store = new DynamoStore(callTable, tableName, config.retentionDays);
const claims = new CallbackClaims(callTable, tableName);
const placeCall = twilioCalls({
  credentialsSecret: requiredEnv('TWILIO_CREDENTIALS_SECRET'),
  apiBaseUrl: process.env.TWILIO_API_BASE_URL,
});

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
    claims,
  });
  logger.info('Callback worker run finished', { outboxSent, ...callbacks });
  return { outboxSent, ...callbacks };
};
