import type { DialOutcomeEvent, MissedCallNotice } from './events';

/**
 * Whether this dial leaves the caller missed. A busy or unavailable agent with more of the hunt
 * list left is not a missed call yet: the next agent may answer.
 */
export function isMissedCall(event: DialOutcomeEvent): boolean {
  switch (event.disposition) {
    case 'answered':
      return false;
    case 'busy':
    case 'unavailable':
      return event.huntExhausted;
    default:
      return true;
  }
}

function severity(event: DialOutcomeEvent): MissedCallNotice['severity'] {
  if (event.disposition === 'failed' || event.disposition === 'unknown') return 'critical';
  if (event.disposition === 'abandoned') return 'info';
  return 'warning';
}

/** The alerter's notice for a missed call; one key per call, so a call is alerted once. */
export function missedCallNoticeFor(event: DialOutcomeEvent): MissedCallNotice | undefined {
  if (!isMissedCall(event)) return undefined;
  return {
    type: 'missed-call',
    version: 1,
    idempotencyKey: `missed-call:${event.callSid}`,
    callSid: event.callSid,
    from: event.from,
    to: event.to,
    agentId: event.agentId,
    disposition: event.disposition,
    sipResponseCode: event.sipResponseCode,
    ringSeconds: event.ringSeconds,
    occurredAt: event.occurredAt,
    severity: severity(event),
  };
}
