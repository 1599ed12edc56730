import type {
  CallbackRequestedEvent,
  DialOutcomeEvent,
  VoicemailRecordedEvent,
  VoicemailTranscribedEvent,
} from './events';
import { agentIndexKey, callKey, dispositionIndexKey, expiresAt, TABLE_INDEXES } from './table-layout';

/**
 * Items for one dial leg: the leg itself (its own item, so "calls by agent" and "by disposition"
 * see every agent a hunt rang) and the fields of the call's summary item.
 */

const pad = (position: number) => String(position).padStart(2, '0');

export function dialLegItem(event: DialOutcomeEvent, retentionDays: number): Record<string, unknown> {
  const { byAgent, byDisposition } = TABLE_INDEXES;
  const time = `${event.occurredAt}#${event.callSid}`;
  return {
    pk: callKey(event.callSid).pk,
    sk: `LEG#${pad(event.huntPosition)}`,
    kind: 'dial-leg',
    [byAgent.partition]: agentIndexKey(event.agentId),
    [byAgent.sort]: time,
    [byDisposition.partition]: dispositionIndexKey(event.disposition),
    [byDisposition.sort]: time,
    callSid: event.callSid,
    from: event.from,
    to: event.to,
    agentId: event.agentId,
    huntPosition: event.huntPosition,
    legKind: event.legKind,
    dialCallSid: event.dialCallSid,
    dialCallStatus: event.dialCallStatus,
    sipResponseCode: event.sipResponseCode,
    sipHeaders: event.sipHeaders,
    ringSeconds: event.ringSeconds,
    talkSeconds: event.talkSeconds,
    disposition: event.disposition,
    rule: event.rule,
    callerNextStep: event.callerNextStep,
    occurredAt: event.occurredAt,
    idempotencyKey: event.idempotencyKey,
    expiresAt: expiresAt(new Date(event.occurredAt), retentionDays),
  };
}

/** A leg as the call summary's timeline (`legs`, keyed by hunt position) holds it. */
export function legSummary(event: DialOutcomeEvent): Record<string, unknown> {
  return {
    agentId: event.agentId,
    legKind: event.legKind,
    dialCallStatus: event.dialCallStatus,
    sipResponseCode: event.sipResponseCode,
    ringSeconds: event.ringSeconds,
    talkSeconds: event.talkSeconds,
    disposition: event.disposition,
    rule: event.rule,
    occurredAt: event.occurredAt,
  };
}

export const legPosition = (event: DialOutcomeEvent) => pad(event.huntPosition);

/** The call summary's new values; applying them twice, or out of order, leaves the latest leg's. */
export function callSummaryValues(event: DialOutcomeEvent, retentionDays: number): Record<string, unknown> {
  return {
    kind: 'call',
    callSid: event.callSid,
    from: event.from,
    to: event.to,
    agentId: event.agentId,
    latestPosition: event.huntPosition,
    disposition: event.disposition,
    sipResponseCode: event.sipResponseCode,
    callerNextStep: event.callerNextStep,
    updatedAt: event.occurredAt,
    expiresAt: expiresAt(new Date(event.occurredAt), retentionDays),
  };
}

type CallNote = CallbackRequestedEvent | VoicemailRecordedEvent | VoicemailTranscribedEvent;

/**
 * What a callback request or voicemail adds to the call's summary: one attribute, written only
 * if absent, so the first delivery wins and replays change nothing.
 */
export function callNote(event: CallNote): { attribute: string; value: Record<string, unknown> } {
  switch (event.type) {
    case 'callback-requested':
      return {
        attribute: 'callbackRequest',
        value: {
          requestedAt: event.occurredAt,
          reason: event.reason,
          agentId: event.agentId,
          notBefore: event.notBefore,
        },
      };
    case 'voicemail-recorded':
      return {
        attribute: 'voicemail',
        value: {
          recordingSid: event.recordingSid,
          recordingUrl: event.recordingUrl,
          durationSeconds: event.durationSeconds,
          recordedAt: event.occurredAt,
        },
      };
    case 'voicemail-transcribed':
      return {
        attribute: 'voicemailTranscription',
        value: { recordingSid: event.recordingSid, status: event.status, text: event.text },
      };
  }
}
