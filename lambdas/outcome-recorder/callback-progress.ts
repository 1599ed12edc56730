import { getItem } from '../aws/call-table';
import { closeCallback, endAttempt, extendLease, releaseAgent } from '../aws/callback-table';
import { logger } from '../aws/observability';
import { afterAttempt, type CallbackView } from '../domain/callback-attempts';
import type { RedialConfig } from '../domain/config';
import type { CallbackAttemptEvent, MissedCallNotice } from '../domain/events';
import { callbackNotice } from '../domain/missed-calls';
import { callbackKey, customerCallbackKey } from '../domain/table-layout';

/** A connected callback may run as long as Twilio lets a call run (4 h) without its lease lapsing. */
const CONNECTED_LEASE_MS = 4 * 3600 * 1000;

type Notify = (notice: MissedCallNotice) => Promise<void>;

/** Applies a callback attempt's progress or end to its callback item. */
export async function recordCallbackAttempt(
  event: CallbackAttemptEvent,
  config: RedialConfig,
  notify: Notify,
) {
  const callbackId = event.callSid;
  if (event.stage !== 'ended' || !event.outcome) {
    await extendLease(
      callbackId,
      event.attempt,
      new Date(new Date(event.occurredAt).getTime() + CONNECTED_LEASE_MS),
    );
    return;
  }
  const item = await getItem(callbackKey(callbackId));
  if (!item) throw new Error(`No callback ${callbackId} for attempt ${event.attempt}`);
  const attempt = {
    number: event.attempt,
    agentId: event.agentId,
    outcome: event.outcome,
    endedAt: new Date(event.occurredAt),
  };
  const transition = afterAttempt(item as unknown as CallbackView, attempt, config);
  const applied = await endAttempt(callbackId, attempt, transition);
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
  await releaseAgent(event.agentId, { callbackId, attempt: event.attempt });
  if (transition.alert) await notify(callbackNotice(item, event, transition.alert));
}

/** The customer got through on their own: their pending callback is no longer owed. */
export async function cancelCallbackOf(customer: string, exceptCallbackId: string): Promise<void> {
  const latest = await getItem(customerCallbackKey(customer));
  const callbackId = latest?.callbackId as string | undefined;
  if (!callbackId || callbackId === exceptCallbackId) return;
  if (await closeCallback(callbackId, 'canceled', 'the customer called again and got through')) {
    logger.info('Callback canceled: the customer got through', { callbackId });
  }
}
