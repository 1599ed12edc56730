import type { Disposition } from './dispositions';
import type { CallbackAttemptEvent, DialOutcomeEvent, MissedCallNotice } from './events';

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

export function severityOf(disposition: Disposition): MissedCallNotice['severity'] {
  if (disposition === 'failed' || disposition === 'unknown') return 'critical';
  if (disposition === 'abandoned' || disposition === 'after-hours') return 'info';
  return 'warning';
}

export type NoticeFacts = Omit<MissedCallNotice, 'type' | 'version' | 'idempotencyKey' | 'severity'>;

/**
 * The alerter's notice. Its key is the call's, whatever the trigger: a declined call that then
 * leaves a voicemail is one missed call, and gets one alert.
 */
export function missedCallNotice(facts: NoticeFacts): MissedCallNotice {
  return {
    type: 'missed-call',
    version: 1,
    idempotencyKey: `missed-call:${facts.callSid}`,
    severity: severityOf(facts.disposition),
    ...facts,
  };
}

/** The notice for a dial outcome that leaves the caller missed, or none. */
export function noticeForDial(
  event: DialOutcomeEvent,
  callback?: MissedCallNotice['callback'],
): MissedCallNotice | undefined {
  if (!isMissedCall(event)) return undefined;
  return missedCallNotice({
    callSid: event.callSid,
    from: event.from,
    to: event.to,
    agentId: event.agentId,
    disposition: event.disposition,
    trigger: 'dial-outcome',
    sipResponseCode: event.sipResponseCode,
    ringSeconds: event.ringSeconds,
    callback,
    occurredAt: event.occurredAt,
  });
}

/** The alert that a callback needs a person: an agent declined it, or its attempts ran out. */
export function callbackNotice(
  item: Record<string, unknown>,
  event: Pick<CallbackAttemptEvent, 'callSid' | 'attempt' | 'agentId' | 'occurredAt'>,
  alert: 'agent-declined' | 'exhausted',
): MissedCallNotice {
  const reason = String(item.reason);
  const notice = missedCallNotice({
    callSid: event.callSid,
    from: String(item.customer),
    to: String(item.line),
    agentId: event.agentId,
    disposition: (reason === 'closed' ? 'after-hours' : reason) as Disposition,
    trigger: alert === 'exhausted' ? 'callback-exhausted' : 'callback-agent-declined',
    callback: { state: alert === 'exhausted' ? 'exhausted' : 'pending', dueAt: event.occurredAt },
    occurredAt: event.occurredAt,
  });
  const key =
    alert === 'exhausted'
      ? `callback-exhausted:${event.callSid}`
      : `callback-agent-declined:${event.callSid}:${event.attempt}`;
  return { ...notice, idempotencyKey: key, severity: alert === 'exhausted' ? 'critical' : 'warning' };
}
