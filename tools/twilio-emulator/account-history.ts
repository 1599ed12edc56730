/**
 * What an account's Twilio records hold, as the account-history emulator serves them to
 * `redial diagnose`: Monitor alerts, calls and their child legs, Voice Insights call summaries and
 * incoming phone numbers. Top-level fields are camelCase with `Date`s, so a fixture reads easily;
 * the emulator writes them in Twilio's JSON (account-history-resources.ts). The nested summary
 * objects (`from`, `to`, `properties`, the edges) are kept as Twilio writes them, in snake_case,
 * because the spec types them as free-form objects and twilio-node hands them over untouched.
 */
export interface AccountHistory {
  /** The emulator's "now": the 30 days Twilio keeps alerts and Insights are counted back from it. */
  now: Date;
  alerts: HistoryAlert[];
  calls: HistoryCall[];
  /** Keyed by nothing: each names its call. A call without one answers 404, as Twilio does. */
  summaries: HistorySummary[];
  numbers: HistoryNumber[];
  /** TwiML apps that numbers name in `voiceApplicationSid`. */
  applications?: HistoryApplication[];
  /** Voice Insights Advanced Features, which the Summary API needs (false: 403, error 17000). */
  insightsEnabled: boolean;
}

export type AlertLogLevel = 'error' | 'warning' | 'notice' | 'debug';

export interface HistoryAlert {
  /** NO + 32 hex digits. */
  sid: string;
  /** A string, as Monitor writes it: "31603". */
  errorCode: string;
  logLevel: AlertLogLevel;
  /** URL-encoded pairs, as Monitor writes them (e.g. `sipResponseCode=603&Msg=...`). */
  alertText: string;
  /** The call's SID for a voice alert. */
  resourceSid: string | null;
  requestUrl?: string | null;
  requestMethod?: 'GET' | 'POST' | null;
  /** When the condition happened; `date_created` follows a second later (Monitor buffers). */
  dateGenerated: Date;
  serviceSid?: string | null;
}

/** The statuses of the 2010 Call resource. */
export type HistoryCallStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | 'canceled'
  | 'completed'
  | 'failed'
  | 'busy'
  | 'no-answer';

export interface HistoryCall {
  /** CA + 32 hex digits. */
  sid: string;
  parentCallSid?: string | null;
  from: string;
  to: string;
  status: HistoryCallStatus;
  /** `inbound` for the caller's leg, `outbound-dial` for a `<Dial>`'s child leg. */
  direction: 'inbound' | 'outbound-api' | 'outbound-dial';
  startTime: Date;
  endTime?: Date | null;
  /** Seconds; absent: from start to end. */
  duration?: number;
  answeredBy?: string | null;
  /** The incoming number's PN SID, on the caller's leg. */
  phoneNumberSid?: string | null;
}

/** The Insights summary's free-form objects, in Twilio's own snake_case keys. */
export type SummaryObject = Record<string, unknown>;

export interface HistorySummary {
  callSid: string;
  callType: 'carrier' | 'sip' | 'trunking' | 'client' | 'whatsapp';
  callState: 'ringing' | 'completed' | 'busy' | 'fail' | 'noanswer' | 'canceled' | 'answered' | 'undialed';
  processingState?: 'complete' | 'partial';
  answeredBy?: string | null;
  startTime: Date;
  endTime: Date;
  /** Seconds from initiation to end. */
  duration: number;
  /** Seconds from answer to end (0 when never answered). */
  connectDuration: number;
  from: SummaryObject;
  to: SummaryObject;
  /** e.g. `{ direction, disconnected_by, last_sip_response_num, pdd_ms, queue_time }`. */
  properties: SummaryObject;
  sipEdge?: SummaryObject | null;
  carrierEdge?: SummaryObject | null;
  tags?: string[];
  attributes?: SummaryObject;
}

export interface HistoryNumber {
  /** PN + 32 hex digits. */
  sid: string;
  phoneNumber: string;
  friendlyName?: string;
  voiceUrl: string | null;
  voiceMethod?: 'GET' | 'POST';
  voiceFallbackUrl?: string | null;
  voiceFallbackMethod?: 'GET' | 'POST';
  statusCallback?: string | null;
  statusCallbackMethod?: 'GET' | 'POST';
  /** AP…: a TwiML app answers the number's calls (its voice URL is then unused). */
  voiceApplicationSid?: string | null;
  /** TK…: a SIP trunk takes the number's calls. */
  trunkSid?: string | null;
  dateCreated?: Date;
}

/** A TwiML app: a number that names it is answered from the app's voice URL, not its own. */
export interface HistoryApplication {
  /** AP + 32 hex digits. */
  sid: string;
  friendlyName?: string;
  voiceUrl: string | null;
  voiceMethod?: 'GET' | 'POST';
  voiceFallbackUrl?: string | null;
  statusCallback?: string | null;
}
