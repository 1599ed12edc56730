/**
 * What the end of an unanswered leg says about the person dialled: one table of SIP final responses
 * and one of the statuses Twilio reports, read by both the inbound dial (`classifyDialOutcome`) and
 * a callback's agent leg (`agentLegOutcome`), so that a code can never mean two things.
 *
 * A SIP code, when there is one, wins over the status: Twilio documents the status for 486 only
 * (see `tools/twilio-emulator/agent-scripts.ts`). The exception is `canceled`: our side ended the leg
 * before anyone answered, so whatever the far end sent after that says nothing about the callee.
 */

/** What an unanswered leg says about the callee. */
export type LegMeaning =
  /** The callee said no to this call (on an inbound dial, a person or a PBX rule: see dial-outcome.ts). */
  | 'declined'
  /** On another call: try again soon. */
  | 'busy'
  /** Not reachable right now: try again later. */
  | 'unavailable'
  /** Cannot be reached as dialled: the same call again will fail the same way. */
  | 'failed'
  /** Our side ended it before anyone answered (on an inbound dial: the caller hung up). */
  | 'canceled';

export interface SipResponse {
  /** The final response code, or `'5xx'` for every server failure not listed on its own. */
  readonly code: number | '5xx';
  readonly reason: string;
  /** `by-status`: the code says nothing about the callee; the status tells what happened. */
  readonly meaning: Exclude<LegMeaning, 'canceled'> | 'by-status';
  /** Why, in one line. */
  readonly note: string;
}

/** SIP final responses, by code. A code not listed here leaves the meaning to the status. */
export const SIP_RESPONSES: readonly SipResponse[] = [
  {
    code: 403,
    reason: 'Forbidden',
    meaning: 'failed',
    note: 'the PBX refuses calls from us (IP allow-list, credentials): a setup fault, not the agent',
  },
  {
    code: 404,
    reason: 'Not Found',
    meaning: 'unavailable',
    note: 'the endpoint is not registered right now (softphone closed, phone rebooting): retry later',
  },
  {
    code: 408,
    reason: 'Request Timeout',
    meaning: 'unavailable',
    note: 'the PBX reached no device in time: retry later',
  },
  {
    code: 410,
    reason: 'Gone',
    meaning: 'failed',
    note: 'the address existed once and no longer does: fix the config, do not retry blindly',
  },
  {
    code: 480,
    reason: 'Temporarily Unavailable',
    meaning: 'unavailable',
    note: 'registered but not taking calls (do not disturb, logged out): retry later',
  },
  {
    code: 484,
    reason: 'Address Incomplete',
    meaning: 'failed',
    note: 'the address we dialled is incomplete: a config error that no retry can fix',
  },
  { code: 486, reason: 'Busy Here', meaning: 'busy', note: 'on another call: retry soon' },
  {
    code: 487,
    reason: 'Request Terminated',
    meaning: 'by-status',
    note: 'Twilio cancelled the INVITE: the caller hung up (canceled) or the dial timed out (no-answer)',
  },
  {
    code: 488,
    reason: 'Not Acceptable Here',
    meaning: 'failed',
    note: 'no codec or media in common with this endpoint: fix the PBX or trunk setup',
  },
  {
    code: '5xx',
    reason: 'Server Failure',
    meaning: 'failed',
    note: 'the PBX or carrier failed, whatever the agent was doing: retry with backoff',
  },
  {
    code: 600,
    reason: 'Busy Everywhere',
    meaning: 'busy',
    note: 'busy on every device the agent has: retry soon',
  },
  {
    code: 603,
    reason: 'Decline',
    meaning: 'declined',
    note: 'a person pressed decline or a PBX rule refused the call: an explicit no',
  },
  {
    code: 604,
    reason: 'Does Not Exist Anywhere',
    meaning: 'failed',
    note: 'the user exists nowhere on the PBX: fix the config, do not retry blindly',
  },
  {
    code: 606,
    reason: 'Not Acceptable',
    meaning: 'failed',
    note: 'the callee can take no session like ours (media, codec): no retry can fix it',
  },
];

/** The statuses Twilio reports for a leg that ended unanswered (DialCallStatus, or CallStatus). */
export type UnansweredStatus = 'busy' | 'no-answer' | 'failed' | 'canceled';

/** What a status alone can mean: only a SIP code says `declined`. */
export type StatusMeaning = Exclude<LegMeaning, 'declined'>;

export interface UnansweredStatusMeaning {
  readonly meaning: StatusMeaning;
  readonly note: string;
}

/** What the status means when no SIP code says otherwise (a `<Number>` leg never has one). */
export const UNANSWERED_STATUSES: Readonly<Record<UnansweredStatus, UnansweredStatusMeaning>> = {
  busy: {
    meaning: 'busy',
    note: 'a busy line; on a mobile also a rejected call, which cannot be told apart',
  },
  'no-answer': { meaning: 'unavailable', note: 'it rang until the timeout' },
  failed: { meaning: 'failed', note: 'Twilio could not connect the call' },
  canceled: { meaning: 'canceled', note: 'our side ended the leg before it was answered' },
};

export function isUnansweredStatus(status: string): status is UnansweredStatus {
  return Object.hasOwn(UNANSWERED_STATUSES, status);
}

/** The table's row for a code: its own, or the 5xx row; `undefined` for a code the table does not list. */
export function sipResponse(code: number): SipResponse | undefined {
  const exact = SIP_RESPONSES.find((response) => response.code === code);
  if (exact) return exact;
  return code >= 500 && code <= 599 ? SIP_RESPONSES.find((response) => response.code === '5xx') : undefined;
}

/** The listed codes (not `5xx`) that carry `meaning`, in ascending order. */
export function sipCodesMeaning(meaning: SipResponse['meaning']): number[] {
  return SIP_RESPONSES.flatMap((response) =>
    response.meaning === meaning && typeof response.code === 'number' ? [response.code] : [],
  );
}

/**
 * What an unanswered leg means: `canceled` whatever the code, else the SIP code's meaning, else the
 * status's. `undefined` when neither says anything (e.g. `completed`, `ringing` or an unknown status
 * with no telling code): the caller decides what that is.
 */
export function unansweredMeaning(status: UnansweredStatus, sipResponseCode?: number): LegMeaning;
export function unansweredMeaning(status: string, sipResponseCode?: number): LegMeaning | undefined;
export function unansweredMeaning(status: string, sipResponseCode?: number): LegMeaning | undefined {
  if (status === 'canceled') return 'canceled';
  const fromCode = sipResponseCode === undefined ? undefined : sipResponse(sipResponseCode)?.meaning;
  if (fromCode !== undefined && fromCode !== 'by-status') return fromCode;
  return isUnansweredStatus(status) ? UNANSWERED_STATUSES[status].meaning : undefined;
}
