import type { RedialConfig } from './config';
import type { Disposition } from './dispositions';

/** What Twilio told us about one ended <Dial>, plus how long it rang. */
export interface DialSignal {
  /** DialCallStatus as Twilio posted it (any string: unknown values must not crash us). */
  readonly dialCallStatus: string;
  /** DialSipResponseCode: present for <Sip> legs only. */
  readonly sipResponseCode?: number;
  /** Seconds between our <Dial> and Twilio's action request. */
  readonly ringSeconds: number;
  /** DialSipHeader_X-… values, keyed by header name (X-…), as the PBX sent them. */
  readonly sipHeaders: Readonly<Record<string, string>>;
}

export type DeclineSettings = RedialConfig['declineClassification'];

export interface DialClassification {
  readonly disposition: Disposition;
  /** The table row that matched, for the stored outcome and the logs. */
  readonly rule: string;
}

interface Row {
  readonly rule: string;
  readonly disposition: Disposition;
  readonly matches: (signal: DialSignal, settings: DeclineSettings) => boolean;
}

const KNOWN_STATUSES = new Set(['completed', 'answered', 'busy', 'no-answer', 'failed', 'canceled']);
const BUSY_CODES = new Set([486, 600]);
const UNAVAILABLE_CODES = new Set([480, 408, 404]);

const sip = (signal: DialSignal, ...codes: number[]) =>
  signal.sipResponseCode !== undefined && codes.includes(signal.sipResponseCode);

/** The decline reason the PBX put in the configured X- header, lower-cased, if any. */
function declineReason(signal: DialSignal, settings: DeclineSettings): string | undefined {
  if (!settings.reasonHeader) return undefined;
  const wanted = settings.reasonHeader.toLowerCase();
  const entry = Object.entries(signal.sipHeaders).find(([name]) => name.toLowerCase() === wanted);
  return entry?.[1].trim().toLowerCase();
}

const headerSays = (values: readonly string[]) => (signal: DialSignal, settings: DeclineSettings) => {
  const reason = declineReason(signal, settings);
  return reason !== undefined && values.some((value) => value.toLowerCase() === reason);
};

/**
 * The classification table, first match wins. SIP 603 is split by who declined: a person who
 * pressed decline after the phone rang wants voicemail now; a PBX rule that answered 603 within
 * milliseconds (after hours, screening) wants a callback at the next opening.
 */
export const DIAL_OUTCOME_TABLE: readonly Row[] = [
  {
    rule: 'DialCallStatus completed/answered',
    disposition: 'answered',
    matches: (s) => s.dialCallStatus === 'completed' || s.dialCallStatus === 'answered',
  },
  {
    rule: 'DialCallStatus canceled: the caller hung up first',
    disposition: 'abandoned',
    matches: (s) => s.dialCallStatus === 'canceled',
  },
  {
    rule: 'SIP 603 with a decline header naming a person',
    disposition: 'declined-by-user',
    matches: (s, c) => sip(s, 603) && headerSays(c.userDeclineValues)(s, c),
  },
  {
    rule: 'SIP 603 with a decline header naming a rule',
    disposition: 'declined-by-policy',
    matches: (s, c) => sip(s, 603) && headerSays(c.policyDeclineValues)(s, c),
  },
  {
    rule: 'SIP 603 after ringing at least the human threshold',
    disposition: 'declined-by-user',
    matches: (s, c) => sip(s, 603) && s.ringSeconds >= c.humanRingThresholdSeconds,
  },
  {
    rule: 'SIP 603 faster than the human threshold',
    disposition: 'declined-by-policy',
    matches: (s) => sip(s, 603),
  },
  {
    rule: 'SIP 5xx: the PBX or carrier failed',
    disposition: 'failed',
    matches: (s) => s.sipResponseCode !== undefined && s.sipResponseCode >= 500 && s.sipResponseCode < 600,
  },
  {
    rule: 'SIP 486/600, or DialCallStatus busy',
    disposition: 'busy',
    matches: (s) => sip(s, ...BUSY_CODES) || s.dialCallStatus === 'busy',
  },
  {
    rule: 'SIP 480/408/404, or DialCallStatus no-answer',
    disposition: 'unavailable',
    matches: (s) => sip(s, ...UNAVAILABLE_CODES) || s.dialCallStatus === 'no-answer',
  },
  {
    rule: 'failed, SIP 5xx or any other final response',
    disposition: 'failed',
    matches: (s) => KNOWN_STATUSES.has(s.dialCallStatus),
  },
];

/** Classifies an ended dial; an unknown DialCallStatus is `unknown`, never an error. */
export function classifyDialOutcome(signal: DialSignal, settings: DeclineSettings): DialClassification {
  const row = DIAL_OUTCOME_TABLE.find((candidate) => candidate.matches(signal, settings));
  if (row) return { disposition: row.disposition, rule: row.rule };
  return { disposition: 'unknown', rule: `unrecognised DialCallStatus "${signal.dialCallStatus}"` };
}
