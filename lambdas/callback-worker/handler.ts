import { bundledConfig } from '../aws/bundled-config';
import { callTable } from '../aws/call-table';
import { CallbackClaims } from '../aws/callback-claims';
import { DynamoStore } from '../aws/dynamo-store';
import { sendEvents } from '../aws/event-publisher';
import { callbackQueueMetrics, publishMetrics } from '../aws/metrics';
import { logger } from '../aws/observability';
import { twilioCalls } from '../aws/twilio-calls';
import { missedCallNotice } from '../domain/events';
import { readEnvironment } from '../environment/read-environment';
import { runCallbacks } from './callback-runner';
import { CALLBACK_WORKER_ENVIRONMENT, CALLBACK_WORKER_OVERRIDES } from './environment';
import { drainOutbox } from './outbox-drain';

const config = bundledConfig();
const env = readEnvironment(CALLBACK_WORKER_ENVIRONMENT, CALLBACK_WORKER_OVERRIDES);
const store = new DynamoStore(callTable, env.CALL_TABLE_NAME, config.retentionDays);
const claims = new CallbackClaims(callTable, env.CALL_TABLE_NAME);
const placeCall = twilioCalls({
  credentialsSecret: env.TWILIO_CREDENTIALS_SECRET,
  apiBaseUrl: env.TWILIO_API_BASE_URL,
});

/** Every minute: drain the webhook's outbox, then work through the callbacks that are due. */
export const handler = async () => {
  const outboxSent = await drainOutbox(env.DIAL_OUTCOMES_QUEUE_URL, store, new Date());
  const { queue, ...callbacks } = await runCallbacks({
    config,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    now: () => new Date(),
    placeCall,
    notify: (notice) => sendEvents(env.MISSED_CALLS_QUEUE_URL, [notice], missedCallNotice),
    store,
    claims,
  });
  publishMetrics(callbackQueueMetrics(queue));
  logger.info('Callback worker run finished', { outboxSent, ...callbacks, queue });
  return { outboxSent, ...callbacks };
};
