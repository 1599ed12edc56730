import type { RedialConfig } from './config';
import type { Disposition } from './dispositions';
import { type LegMeaning, sipResponse, unansweredMeaning } from './sip-responses';

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

/** What the SIP code, else DialCallStatus, means (sip-responses.ts: the callback agent leg reads it too). */
const meaning = (signal: DialSignal): LegMeaning | undefined =>
  unansweredMeaning(signal.dialCallStatus, signal.sipResponseCode);

/** What the SIP code alone means, if the table lists it. */
const codeMeaning = (signal: DialSignal) =>
  signal.sipResponseCode === undefined ? undefined : sipResponse(signal.sipResponseCode)?.meaning;

const declined = (signal: DialSignal) => meaning(signal) === 'declined';

const isServerFailure = (signal: DialSignal) =>
  signal.sipResponseCode !== undefined && signal.sipResponseCode >= 500 && signal.sipResponseCode < 600;

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
 * The classification table, first match wins. What each SIP code and status means comes from
 * sip-responses.ts (a code there wins over the status); this table only splits and names them. SIP
 * 603 is split by who declined: a person who pressed decline after the phone rang wants voicemail
 * now; a PBX rule that answered 603 within milliseconds (after hours, screening) wants a callback at
 * the next opening. The rule strings are stored with each dial: change them only to keep them true.
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
    matches: (s) => meaning(s) === 'canceled',
  },
  {
    rule: 'SIP 603 with a decline header naming a person',
    disposition: 'declined-by-user',
    matches: (s, c) => declined(s) && headerSays(c.userDeclineValues)(s, c),
  },
  {
    rule: 'SIP 603 with a decline header naming a rule',
    disposition: 'declined-by-policy',
    matches: (s, c) => declined(s) && headerSays(c.policyDeclineValues)(s, c),
  },
  {
    rule: 'SIP 603 after ringing at least the human threshold',
    disposition: 'declined-by-user',
    matches: (s, c) => declined(s) && s.ringSeconds >= c.humanRingThresholdSeconds,
  },
  {
    rule: 'SIP 603 faster than the human threshold',
    disposition: 'declined-by-policy',
    matches: (s) => declined(s),
  },
  {
    rule: 'SIP 5xx: the PBX or carrier failed',
    disposition: 'failed',
    matches: (s) => meaning(s) === 'failed' && isServerFailure(s),
  },
  {
    rule: 'SIP 403/410/484/488/604/606: the address cannot be reached as configured',
    disposition: 'failed',
    matches: (s) => codeMeaning(s) === 'failed',
  },
  {
    rule: 'SIP 486/600, or DialCallStatus busy',
    disposition: 'busy',
    matches: (s) => meaning(s) === 'busy',
  },
  {
    rule: 'SIP 480/408/404, or DialCallStatus no-answer',
    disposition: 'unavailable',
    matches: (s) => meaning(s) === 'unavailable',
  },
  {
    rule: 'DialCallStatus failed: any other final response',
    disposition: 'failed',
    matches: (s) => meaning(s) === 'failed',
  },
];

/** Classifies an ended dial; an unknown DialCallStatus is `unknown`, never an error. */
export function classifyDialOutcome(signal: DialSignal, settings: DeclineSettings): DialClassification {
  const row = DIAL_OUTCOME_TABLE.find((candidate) => candidate.matches(signal, settings));
  if (row) return { disposition: row.disposition, rule: row.rule };
  return { disposition: 'unknown', rule: `unrecognised DialCallStatus "${signal.dialCallStatus}"` };
}
