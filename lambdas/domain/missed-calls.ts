import { type CallRecord, isMissedDial, latestLeg } from './call-record';
import type { CallbackState } from './callback-attempts';
import type { RedialConfig } from './config';
import type { Disposition } from './dispositions';
import type { AlertKind, CallbackAttemptEvent, MissedCallNotice } from './events';

/**
 * The alerts a call's record implies. Each kind goes out once per call (the alerter's ledger is
 * keyed by kind and call), so the recorder may derive them again after every event: the first
 * delivery of each kind is the one sent.
 */

export function severityOf(disposition: Disposition): MissedCallNotice['severity'] {
  // The fallback answering means Redial itself failed a caller: as urgent as a failed dial.
  if (['failed', 'unknown', 'unrouted', 'fallback'].includes(disposition)) return 'critical';
  if (disposition === 'abandoned' || disposition === 'after-hours' || disposition === 'abandoned-closed')
    return 'info';
  return 'warning';
}

/** A callback's state as an alert shows it. */
export interface CallbackSnapshot {
  readonly state: CallbackState | string;
  readonly dueAt: string;
}

export const noticeKey = (kind: AlertKind, callSid: string) => `${kind}:${callSid}`;

type NoticeFacts = Omit<MissedCallNotice, 'type' | 'version' | 'idempotencyKey' | 'severity'>;

function notice(facts: NoticeFacts): MissedCallNotice {
  return {
    type: 'missed-call',
    version: 2,
    idempotencyKey: noticeKey(facts.kind, facts.callSid),
    severity: severityOf(facts.disposition),
    ...facts,
  };
}

/** The agent a call's alerts are for: the latest dial's, else the first of the line's hunt list. */
function agentFor(call: CallRecord, config: RedialConfig): string {
  const line = config.numbers.find((candidate) => candidate.number === (call.line ?? call.to));
  return call.agentId ?? line?.huntList[0] ?? 'unassigned';
}

/**
 * The missed-call alert and the voicemail follow-ups the record calls for. None for an answered
 * call, or while the caller is unknown (an event that overtook the call's first request): the
 * record keeps what happened, and the alerts follow once `call-started` brings the caller.
 */
export function noticesFor(
  call: CallRecord,
  callback: CallbackSnapshot | undefined,
  config: RedialConfig,
): MissedCallNotice[] {
  const { from, to, disposition, missedAt } = call;
  if (!from || !to || !disposition || !missedAt || call.outcome === 'answered') return [];
  const leg = latestLeg(call);
  const dial = leg && isMissedDial(leg) ? leg : undefined;
  const voicemail = call.voicemail;
  const common = {
    callSid: call.callSid,
    from,
    to,
    agentId: agentFor(call, config),
    disposition,
    voicemailLeft: voicemail !== undefined,
    voicemailUrl: voicemail?.recordingUrl,
    voicemailSeconds: voicemail?.durationSeconds,
    ...(call.viaFallback && { viaFallback: true as const }),
    callback: callback && { state: String(callback.state), dueAt: callback.dueAt },
  };
  const notices = [
    notice({
      ...common,
      kind: 'missed-call',
      sipResponseCode: dial?.sipResponseCode,
      ringSeconds: dial?.ringSeconds,
      occurredAt: missedAt,
    }),
  ];
  if (voicemail?.recordingUrl && voicemail.recordedAt) {
    notices.push(notice({ ...common, kind: 'voicemail', occurredAt: voicemail.recordedAt }));
  }
  const transcription = voicemail?.transcription;
  if (voicemail?.recordedAt && transcription?.status === 'completed' && transcription.text.trim()) {
    notices.push(
      notice({
        ...common,
        kind: 'voicemail-transcript',
        transcript: transcription.text,
        occurredAt: voicemail.recordedAt,
      }),
    );
  }
  return notices;
}

/** The alert that a callback needs a person: an agent declined it, or its attempts ran out. */
export function callbackNotice(
  item: { readonly reason?: unknown; readonly customer?: unknown; readonly line?: unknown },
  event: Pick<CallbackAttemptEvent, 'callSid' | 'attempt' | 'agentId' | 'occurredAt'>,
  alert: 'agent-declined' | 'exhausted',
): MissedCallNotice {
  const reason = String(item.reason);
  const exhausted = alert === 'exhausted';
  const base = notice({
    kind: exhausted ? 'callback-exhausted' : 'callback-agent-declined',
    callSid: event.callSid,
    from: String(item.customer),
    to: String(item.line),
    agentId: event.agentId,
    disposition: (reason === 'closed' ? 'after-hours' : reason) as Disposition,
    callback: { state: exhausted ? 'exhausted' : 'pending', dueAt: event.occurredAt },
    occurredAt: event.occurredAt,
  });
  return exhausted
    ? { ...base, severity: 'critical' }
    : { ...base, idempotencyKey: `${base.idempotencyKey}:${event.attempt}` };
}
