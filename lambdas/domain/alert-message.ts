import type { RedialConfig } from './config';
import { DISPOSITION_IN_WORDS } from './dispositions';
import type { MissedCallNotice } from './events';

/** One SNS publish that serves every protocol: SMS gets the short form, the rest the full one. */
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

export function missedCallAlert(notice: MissedCallNotice, config: RedialConfig): AlertMessage {
  const agent = config.agents.find((candidate) => candidate.id === notice.agentId);
  const when = localTime(notice.occurredAt, config.timezone);
  const what = DISPOSITION_IN_WORDS[notice.disposition];
  const sms = `Missed call from ${notice.from} at ${when} (${what}). Call back: tel:${notice.from}`;
  const full = [
    `Missed call for ${agent?.name ?? notice.agentId}`,
    '',
    `Caller: ${notice.from}`,
    `Called: ${notice.to}`,
    `When: ${when} (${config.timezone})`,
    `What happened: ${what}${notice.sipResponseCode ? ` (SIP ${notice.sipResponseCode})` : ''}`,
    `Rang for: ${notice.ringSeconds} s`,
    `Call back: tel:${notice.from}`,
    `Call SID: ${notice.callSid}`,
  ].join('\n');
  return {
    subject: `Missed call from ${notice.from}`.slice(0, 100),
    message: JSON.stringify({ default: full, sms, email: full }),
    attributes: { agentId: notice.agentId, disposition: notice.disposition, severity: notice.severity },
  };
}
