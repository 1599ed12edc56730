import { decideCallChanges } from '../../lambdas/domain/call-changes';
import type { CallEvent } from '../../lambdas/domain/call-record';
import type { RedialConfig } from '../../lambdas/domain/config';
import type { Disposition } from '../../lambdas/domain/dispositions';
import type {
  CallbackRequestedEvent,
  CallEndedEvent,
  CallStartedEvent,
  DialOutcomeEvent,
  VoicemailLeftEvent,
  VoicemailRecordedEvent,
} from '../../lambdas/domain/events';
import type { RedialStore } from '../../lambdas/domain/redial-store';

/**
 * Calls for the CLI's tests, recorded the way Redial records them: events shaped as the webhook
 * builds them, each decided against what the store holds and applied by the store. No test
 * writes an item by hand, so the tests hold whatever the table's layout becomes.
 */

/** The example config's first line (hunt list alice, bob, carol). */
export const LINE = '+442071234567';
export const UNROUTED_NUMBER = '+15550009999';

export const sid = (n: number) => `CA${String(n).padStart(32, '0')}`;
export const caller = (n: number) => `+1500555${String(n).padStart(4, '0')}`;
const hex = (n: number) => String(n).padStart(32, '0');

export interface Dial {
  readonly agentId: string;
  readonly position: number;
  readonly disposition: Disposition;
  readonly dialCallStatus: string;
  readonly sipResponseCode?: number;
  readonly ringSeconds: number;
  readonly talkSeconds?: number;
  readonly huntExhausted: boolean;
  readonly callerNextStep: DialOutcomeEvent['callerNextStep'];
}

/** The webhook's events for call `n`, from caller(n) to `to`. */
export function callEvents(n: number, to: string = LINE) {
  const call = { version: 1 as const, callSid: sid(n), from: caller(n), to };
  return {
    started: (at: Date, open = true): CallStartedEvent => ({
      ...call,
      type: 'call-started',
      idempotencyKey: `call-started:${call.callSid}`,
      occurredAt: at.toISOString(),
      line: to === UNROUTED_NUMBER ? undefined : to,
      open,
    }),
    dial: (at: Date, dial: Dial): DialOutcomeEvent => ({
      ...call,
      type: 'dial-outcome',
      idempotencyKey: `dial-outcome:${call.callSid}:${dial.position}`,
      occurredAt: at.toISOString(),
      accountSid: `AC${hex(1)}`,
      agentId: dial.agentId,
      huntPosition: dial.position,
      huntExhausted: dial.huntExhausted,
      legKind: 'sip',
      dialCallSid: `CA${hex(n * 10 + dial.position + 1)}`,
      dialCallStatus: dial.dialCallStatus,
      sipResponseCode: dial.sipResponseCode,
      sipHeaders: {},
      ringSeconds: dial.ringSeconds,
      talkSeconds: dial.talkSeconds,
      disposition: dial.disposition,
      rule: 'test',
      callerNextStep: dial.callerNextStep,
    }),
    callbackRequested: (at: Date, reason: string, agentId?: string): CallbackRequestedEvent => ({
      ...call,
      type: 'callback-requested',
      idempotencyKey: `callback-requested:${call.callSid}`,
      occurredAt: at.toISOString(),
      agentId,
      reason,
    }),
    voicemailLeft: (at: Date, durationSeconds: number): VoicemailLeftEvent => ({
      ...call,
      type: 'voicemail-left',
      idempotencyKey: `voicemail-left:${call.callSid}`,
      occurredAt: at.toISOString(),
      durationSeconds,
    }),
    voicemailRecorded: (at: Date, durationSeconds: number): VoicemailRecordedEvent => ({
      ...call,
      type: 'voicemail-recorded',
      idempotencyKey: `voicemail-recorded:RE${hex(n)}`,
      occurredAt: at.toISOString(),
      recordingSid: `RE${hex(n)}`,
      recordingUrl: `https://api.twilio.com/recordings/RE${hex(n)}`,
      durationSeconds,
    }),
    ended: (at: Date, callStatus: string, durationSeconds: number): CallEndedEvent => ({
      ...call,
      type: 'call-ended',
      idempotencyKey: `call-ended:${call.callSid}`,
      occurredAt: at.toISOString(),
      callStatus,
      durationSeconds,
    }),
  };
}

/** Records the events in order, as the recorder does: each decided from what the store holds, then applied. */
export async function record(store: RedialStore, config: RedialConfig, events: readonly CallEvent[]) {
  for (const event of events) {
    const applied = await store.applyCallChanges(
      decideCallChanges(event, await store.readCall(event.callSid), config),
    );
    if (!applied) throw new Error(`${event.idempotencyKey} lost a race with itself`);
  }
}
