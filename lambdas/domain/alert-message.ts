import type { RedialConfig } from './config';
import { DISPOSITION_IN_WORDS } from './dispositions';
import type { MissedCallNotice } from './events';

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

/** The first line: a missed call, or a callback that needs a person. */
function headline(notice: MissedCallNotice, agentName: string): string {
  if (notice.trigger === 'callback-exhausted')
    return `Callback to ${notice.from} gave up: every attempt failed`;
  if (notice.trigger === 'callback-agent-declined')
    return `${agentName} declined the callback to ${notice.from}`;
  return `Missed call for ${agentName}`;
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
    `Voicemail: ${notice.voicemailUrl ?? 'none'}`,
    `Callback: ${callbackInWords(notice, config.timezone)}`,
    `Call back now: tel:${notice.from}`,
    `Call SID: ${notice.callSid}`,
  ].join('\n');
}

/** At most 160 characters: one SMS segment. */
function smsText(notice: MissedCallNotice, config: RedialConfig): string {
  const when = localTime(notice.occurredAt, config.timezone);
  const voicemail = notice.voicemailUrl ? ' Voicemail left.' : '';
  const opening = notice.trigger.startsWith('callback-')
    ? `Callback ${notice.trigger.replace('callback-', '')}:`
    : 'Missed call';
  const text = `${opening} ${notice.from} ${when}: ${DISPOSITION_IN_WORDS[notice.disposition]}.${voicemail} Call back: tel:${notice.from}`;
  return text.length <= 160 ? text : `${text.slice(0, 157)}...`;
}

export function missedCallAlert(notice: MissedCallNotice, config: RedialConfig): AlertMessage {
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
    attributes: { agentId: notice.agentId, disposition: notice.disposition, severity: notice.severity },
  };
}
