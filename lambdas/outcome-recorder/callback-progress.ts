import type { CallbackClaims } from '../aws/callback-claims';
import { logger } from '../aws/observability';
import { afterAttempt } from '../domain/callback-attempts';
import type { RedialConfig } from '../domain/config';
import type { CallbackAttemptEvent } from '../domain/events';
import { callbackNotice } from '../domain/missed-calls';
import type { RedialStore } from '../domain/redial-store';
import type { Notify } from './record-event';

/** A connected callback may run as long as Twilio lets a call run (4 h) without its lease lapsing. */
const CONNECTED_LEASE_MS = 4 * 3600 * 1000;

/** Applies a callback attempt's progress or end to its callback item. */
export async function recordCallbackAttempt(
  event: CallbackAttemptEvent,
  config: RedialConfig,
  store: RedialStore,
  claims: CallbackClaims,
  notify: Notify,
) {
  const callbackId = event.callSid;
  if (event.stage !== 'ended' || !event.outcome) {
    await claims.extendLease(
      callbackId,
      event.attempt,
      new Date(new Date(event.occurredAt).getTime() + CONNECTED_LEASE_MS),
    );
    return;
  }
  const item = await store.getCallback(callbackId);
  if (!item) throw new Error(`No callback ${callbackId} for attempt ${event.attempt}`);
  const attempt = {
    number: event.attempt,
    agentId: event.agentId,
    outcome: event.outcome,
    endedAt: new Date(event.occurredAt),
  };
  const transition = afterAttempt(item, attempt, config);
  const applied = await claims.endAttempt(callbackId, attempt, transition);
  if (!applied) {
    // A replay, or a late report of an attempt that already ended another way: the first report won.
    logger.info('Callback attempt already ended; report ignored', {
      callbackId,
      attempt: event.attempt,
      outcome: event.outcome,
    });
    return;
  }
  logger.info('Callback attempt ended', {
    callbackId,
    attempt: event.attempt,
    outcome: event.outcome,
    state: transition.state,
    dueAt: transition.dueAt?.toISOString(),
  });
  await claims.releaseAgent(event.agentId, { callbackId, attempt: event.attempt });
  if (transition.alert) await notify([callbackNotice(item, event, transition.alert)]);
}
