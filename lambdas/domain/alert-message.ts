import type { RedialConfig } from './config';
import { DISPOSITION_IN_WORDS } from './dispositions';
import { type MissedCallNotice, missedCallNotice } from './events';

/** One SNS publish that serves every protocol: SMS gets the short form, email the full text, HTTPS and Lambda JSON. */
export interface AlertMessage {
  readonly subject: string;
  /** The `Message` of a `MessageStructure: json` publish. */
  readonly message: string;
  readonly attributes: Record<string, string>;
}

function localTime(iso: string, timezone: string): string {
  return new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

function callbackInWords(notice: MissedCallNotice, timezone: string): string {
  if (!notice.callback) return 'none booked';
  return `${notice.callback.state}, due ${localTime(notice.callback.dueAt, timezone)}`;
}

function voicemailInWords(notice: MissedCallNotice): string {
  if (notice.voicemailUrl) return `${notice.voicemailUrl} (${notice.voicemailSeconds ?? 0} s)`;
  return notice.voicemailLeft ? 'left; the recording follows' : 'none';
}

/** The first line: what kind of alert this is, and for whom. */
function headline(notice: MissedCallNotice, agentName: string): string {
  switch (notice.kind) {
    case 'missed-call':
      return `Missed call for ${agentName} from ${notice.from}`;
    case 'voicemail':
      return `Voicemail for ${agentName} from ${notice.from}`;
    case 'voicemail-transcript':
      return `Voicemail transcript for ${agentName} from ${notice.from}`;
    case 'callback-agent-declined':
      return `${agentName} declined the callback to ${notice.from}`;
    case 'callback-exhausted':
      return `Callback to ${notice.from} gave up: every attempt failed`;
  }
}

function fullText(notice: MissedCallNotice, config: RedialConfig, agentName: string): string {
  const what = DISPOSITION_IN_WORDS[notice.disposition];
  return [
    headline(notice, agentName),
    '',
    `Caller: ${notice.from}`,
    `Called: ${notice.to}`,
    `When: ${localTime(notice.occurredAt, config.timezone)} (${config.timezone})`,
    `What happened: ${what}${notice.sipResponseCode ? ` (SIP ${notice.sipResponseCode})` : ''}`,
    ...(notice.ringSeconds !== undefined ? [`Rang for: ${notice.ringSeconds} s`] : []),
    // Said even when a dial came first: whoever reads it should know Redial failed this caller.
    ...(notice.viaFallback
      ? ["Fallback: Redial's webhook failed; the number's fallback took the message"]
      : []),
    `Voicemail: ${voicemailInWords(notice)}`,
    ...(notice.transcript !== undefined ? [`Transcript: "${notice.transcript}"`] : []),
    `Callback: ${callbackInWords(notice, config.timezone)}`,
    `Call back now: tel:${notice.from}`,
    `Call SID: ${notice.callSid}`,
  ].join('\n');
}

const SMS_OPENINGS: Record<MissedCallNotice['kind'], string> = {
  'missed-call': 'Missed call',
  voicemail: 'Voicemail',
  'voicemail-transcript': 'Voicemail',
  'callback-agent-declined': 'Callback declined by the agent:',
  'callback-exhausted': 'Callback gave up:',
};

const SMS_SEGMENT = 160;

/** The short form's detail: what happened, or the recording, or the words said. */
function smsDetail(notice: MissedCallNotice, timezone: string): string {
  if (notice.kind === 'voicemail') return ` (${notice.voicemailSeconds ?? 0} s): ${notice.voicemailUrl}`;
  if (notice.kind === 'voicemail-transcript') return `: "${notice.transcript}"`;
  const voicemail = notice.voicemailLeft ? ' Voicemail left.' : '';
  const callback =
    notice.callback?.state === 'pending'
      ? ` Callback due ${localTime(notice.callback.dueAt, timezone)}.`
      : '';
  return ` ${localTime(notice.occurredAt, timezone)}: ${DISPOSITION_IN_WORDS[notice.disposition]}.${voicemail}${callback}`;
}

/**
 * One SMS segment where it fits. A recording link is never cut (a cut link is no link): its
 * message drops the one-tap number instead, and may run to a second segment.
 */
function smsText(notice: MissedCallNotice, config: RedialConfig): string {
  const text = `${SMS_OPENINGS[notice.kind]} ${notice.from}${smsDetail(notice, config.timezone)}`;
  const withCallBack = `${text} Call back: tel:${notice.from}`;
  if (withCallBack.length <= SMS_SEGMENT) return withCallBack;
  if (notice.kind === 'voicemail') return text;
  return `${withCallBack.slice(0, SMS_SEGMENT - 3)}...`;
}

/**
 * The alert for a notice. The notice is checked against its schema first: an alert that names
 * no caller, or a blank one, is refused (a schema error), never rendered.
 */
export function missedCallAlert(input: MissedCallNotice, config: RedialConfig): AlertMessage {
  const notice = missedCallNotice.parse(input);
  const agentName =
    config.agents.find((candidate) => candidate.id === notice.agentId)?.name ?? notice.agentId;
  const full = fullText(notice, config, agentName);
  const structured = JSON.stringify({
    ...notice,
    agentName,
    dispositionInWords: DISPOSITION_IN_WORDS[notice.disposition],
    localTime: localTime(notice.occurredAt, config.timezone),
    timezone: config.timezone,
    callBack: `tel:${notice.from}`,
  });
  return {
    subject: headline(notice, agentName).slice(0, 100),
    message: JSON.stringify({
      default: full,
      email: full,
      sms: smsText(notice, config),
      https: structured,
      lambda: structured,
    }),
    attributes: {
      agentId: notice.agentId,
      disposition: notice.disposition,
      severity: notice.severity,
      kind: notice.kind,
    },
  };
}
