import type { CallbackClaims } from '../aws/callback-claims';
import { publishMetrics, recordedEventMetrics } from '../aws/metrics';
import { logger } from '../aws/observability';
import { decideCallChanges } from '../domain/call-changes';
import type { CallEvent } from '../domain/call-record';
import type { RedialConfig } from '../domain/config';
import type { MissedCallNotice, RedialEvent } from '../domain/events';
import type { RedialStore } from '../domain/redial-store';
import { recordCallbackAttempt } from './callback-progress';

/** Another writer changed the call between read and write this often in a row: let SQS retry. */
const MAX_CONFLICTS = 5;

export type Notify = (notices: readonly MissedCallNotice[]) => Promise<void>;

/**
 * Applies one event: read the call, decide (a pure function of the event and the call), apply
 * the decision, then hand its alerts on. A replay changes nothing but sends the alerts again,
 * which the alerter drops if they went out, so a crash between the write and the send still alerts.
 */
export class EventRecorder {
  constructor(
    private readonly config: RedialConfig,
    private readonly store: RedialStore,
    /** A callback attempt's progress moves its lease and its agent's lock. */
    private readonly claims: CallbackClaims,
    private readonly notify: Notify,
  ) {}

  async record(event: RedialEvent): Promise<void> {
    if (event.type === 'callback-attempt')
      return recordCallbackAttempt(event, this.config, this.store, this.claims, this.notify);
    return this.recordCallEvent(event);
  }

  private async recordCallEvent(event: CallEvent): Promise<void> {
    for (let attempt = 1; attempt <= MAX_CONFLICTS; attempt++) {
      const changes = decideCallChanges(event, await this.store.readCall(event.callSid), this.config);
      if (await this.store.applyCallChanges(changes)) {
        // Counted as soon as the write holds, and only by the delivery that changed the call.
        publishMetrics(recordedEventMetrics(event, changes, this.config));
        await this.notify(changes.notices);
        logger.info(changes.changed ? `Recorded ${event.type}` : `${event.type} already recorded`, {
          idempotencyKey: event.idempotencyKey,
          outcome: changes.call.outcome,
          disposition: changes.call.disposition,
          alerts: changes.notices.map((notice) => notice.kind),
        });
        return;
      }
    }
    throw new Error(`call ${event.callSid} changed under ${MAX_CONFLICTS} attempts to record ${event.type}`);
  }
}
