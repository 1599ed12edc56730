import { en } from 'zod/locales';
import * as z from 'zod/mini';
import { ATTEMPT_OUTCOMES } from './callback-attempts';
import { DISPOSITIONS } from './dispositions';

/**
 * The events that travel between the webhook, the recorder and the alerter: one definition for
 * producers and consumers. `version` changes only with an incompatible change; consumers reject
 * versions they do not know, which sends the message to the DLQ rather than misreading it.
 */

// zod/mini loads no locale: without English, every default message would be "Invalid input".
z.config(en());

const sid = (prefix: string) =>
  z.string().check(z.regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a ${prefix}… SID`));
/**
 * A number as Twilio gave it (E.164, `client:…`, `sip:…`, or a withheld caller's `anonymous`).
 * Never blank, and never the text of a missing value: a caller nobody can call back is a bug.
 */
const phone = z.string().check(
  z.trim(),
  z.minLength(1, 'must be the number Twilio gave'),
  z.maxLength(256),
  z.refine((value) => !['undefined', 'null'].includes(value), 'must be the number Twilio gave'),
);

/**
 * A link that reaches an alert or a page: https only, never `javascript:`, `data:` or plain http.
 * The webhook also checks the host is Twilio's before the URL gets this far.
 */
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });

/** What every event carries: its version, the key that makes it idempotent, when, and its call. */
const eventEnvelope = {
  version: z.literal(1),
  /** Built from Twilio's SIDs: the same fact always yields the same key. */
  idempotencyKey: z.string().check(z.minLength(1)),
  occurredAt: z.iso.datetime(),
  callSid: sid('CA'),
};

export const dialOutcomeEvent = z.object({
  type: z.literal('dial-outcome'),
  ...eventEnvelope,
  accountSid: sid('AC'),
  from: phone,
  to: phone,
  agentId: z.string(),
  huntPosition: z.number().check(z.int(), z.gte(0)),
  huntExhausted: z.boolean(),
  legKind: z.enum(['sip', 'number']),
  dialCallSid: z.optional(z.string()),
  dialCallStatus: z.string(),
  sipResponseCode: z.optional(z.number().check(z.int())),
  sipHeaders: z.record(z.string(), z.string()),
  ringSeconds: z.number().check(z.gte(0)),
  talkSeconds: z.optional(z.number().check(z.gte(0))),
  disposition: z.enum(DISPOSITIONS),
  rule: z.string(),
  /** What Redial did for the caller next. */
  callerNextStep: z.enum(['hangup', 'voicemail', 'callback-offer', 'next-agent']),
});

/** The caller pressed 1 at the callback offer. */
export const callbackRequestedEvent = z.object({
  type: z.literal('callback-requested'),
  ...eventEnvelope,
  from: phone,
  to: phone,
  /** The agent whose dial led to the offer; absent when the business was closed. */
  agentId: z.optional(z.string()),
  /** Why the caller was offered a callback: a disposition, or `closed`. */
  reason: z.string(),
  /** When the business next opens, if it was closed when the caller asked. */
  notBefore: z.optional(z.iso.datetime()),
});

/** Twilio's first request about an inbound call (`/voice/incoming`): the call's record starts here. */
export const callStartedEvent = z.object({
  type: z.literal('call-started'),
  ...eventEnvelope,
  from: phone,
  to: phone,
  /** The configured line the call came in on; absent when `to` is no number of the config's. */
  line: z.optional(phone),
  /** Whether the business was open when the call came in (closed: nobody is dialled). */
  open: z.boolean(),
  /** Whom the call is for until a dial says otherwise: the first agent of the line's hunt list. */
  agentId: z.optional(z.string()),
  callerName: z.optional(z.string()),
  forwardedFrom: z.optional(z.string()),
});

/** The caller finished a voicemail (the <Record> action); the recording itself follows. */
export const voicemailLeftEvent = z.object({
  type: z.literal('voicemail-left'),
  ...eventEnvelope,
  from: phone,
  to: phone,
  durationSeconds: z.number().check(z.gte(0)),
});

/** The inbound call ended (the number's call status callback, a final CallStatus). */
export const callEndedEvent = z.object({
  type: z.literal('call-ended'),
  ...eventEnvelope,
  from: phone,
  to: phone,
  /** completed, busy, no-answer, failed or canceled. */
  callStatus: z.string(),
  durationSeconds: z.number().check(z.gte(0)),
});

/** A voicemail finished recording (recordingStatusCallback, status completed). */
export const voicemailRecordedEvent = z.object({
  type: z.literal('voicemail-recorded'),
  ...eventEnvelope,
  from: z.optional(phone),
  to: z.optional(phone),
  recordingSid: sid('RE'),
  recordingUrl: httpsUrl,
  durationSeconds: z.number().check(z.gte(0)),
  /** The fallback took the message: Redial's webhook had failed, and no earlier request was seen. */
  viaFallback: z.optional(z.literal(true)),
});

/** Twilio's transcription of a voicemail arrived (transcribeCallback). */
export const voicemailTranscribedEvent = z.object({
  type: z.literal('voicemail-transcribed'),
  ...eventEnvelope,
  recordingSid: sid('RE'),
  status: z.string(),
  text: z.string(),
});

/** Progress and end of one attempt at a callback, from the outbound legs' webhooks. */
export const callbackAttemptEvent = z.object({
  type: z.literal('callback-attempt'),
  /** Its callSid is the callback's ID: the customer's original call (so its events share a FIFO group). */
  ...eventEnvelope,
  attempt: z.number().check(z.int(), z.gte(1)),
  agentId: z.string(),
  stage: z.enum(['agent-answered', 'customer-dialing', 'ended']),
  outcome: z.optional(z.enum(ATTEMPT_OUTCOMES)),
  legCallSid: z.optional(z.string()),
  sipResponseCode: z.optional(z.number().check(z.int())),
});

export const redialEvent = z.discriminatedUnion('type', [
  callStartedEvent,
  dialOutcomeEvent,
  voicemailLeftEvent,
  callEndedEvent,
  callbackRequestedEvent,
  voicemailRecordedEvent,
  voicemailTranscribedEvent,
  callbackAttemptEvent,
]);

export type CallStartedEvent = z.infer<typeof callStartedEvent>;
export type VoicemailLeftEvent = z.infer<typeof voicemailLeftEvent>;
export type CallEndedEvent = z.infer<typeof callEndedEvent>;
export type DialOutcomeEvent = z.infer<typeof dialOutcomeEvent>;
export type CallbackRequestedEvent = z.infer<typeof callbackRequestedEvent>;
export type VoicemailRecordedEvent = z.infer<typeof voicemailRecordedEvent>;
export type VoicemailTranscribedEvent = z.infer<typeof voicemailTranscribedEvent>;
export type CallbackAttemptEvent = z.infer<typeof callbackAttemptEvent>;
export type RedialEvent = z.infer<typeof redialEvent>;

/**
 * The alerts a call can give, each at most once: the missed call itself (at once, for real-time
 * action), a follow-up when its voicemail is in, another when the voicemail's transcription is,
 * and the callback's calls for a person (an agent declined it, its attempts ran out).
 */
export const ALERT_KINDS = [
  'missed-call',
  'voicemail',
  'voicemail-transcript',
  'callback-agent-declined',
  'callback-exhausted',
] as const;

export type AlertKind = (typeof ALERT_KINDS)[number];

/** What the recorder (or the callback worker) hands the alerter: one alert to send, once. */
export const missedCallNotice = z.object({
  type: z.literal('missed-call'),
  version: z.literal(2),
  /** `<kind>:<CallSid>` (and the attempt for a declined callback): the alert ledger's key. */
  idempotencyKey: z.string().check(z.minLength(1)),
  kind: z.enum(ALERT_KINDS),
  callSid: sid('CA'),
  from: phone,
  to: phone,
  agentId: z.string().check(z.minLength(1)),
  disposition: z.enum(DISPOSITIONS),
  sipResponseCode: z.optional(z.number().check(z.int())),
  ringSeconds: z.optional(z.number().check(z.gte(0))),
  /** A voicemail was left; its link comes with the `voicemail` follow-up once Twilio has it. */
  voicemailLeft: z.optional(z.boolean()),
  voicemailUrl: z.optional(httpsUrl),
  voicemailSeconds: z.optional(z.number().check(z.gte(0))),
  transcript: z.optional(z.string()),
  /** The caller reached the fallback: Redial's webhook failed during the call. */
  viaFallback: z.optional(z.literal(true)),
  callback: z.optional(z.object({ state: z.string(), dueAt: z.iso.datetime() })),
  occurredAt: z.iso.datetime(),
  severity: z.enum(['info', 'warning', 'critical']),
});

export type MissedCallNotice = z.infer<typeof missedCallNotice>;

/** Parses a queue message body; the error says what is wrong, for the DLQ's log line. */
export function parseMessage<T>(schema: z.ZodMiniType<T>, body: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`message body is not JSON: ${body.slice(0, 80)}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new Error(`message does not match the schema: ${describeIssues(result.error)}`);
  return result.data;
}

/** A schema's complaints, field by field, for a log line. */
function describeIssues(error: z.core.$ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ');
}

/**
 * The events that match their schema, and why each other one does not. A producer drops the
 * invalid ones with a log line rather than sending them: queued or kept in the outbox, one would
 * fail its consumer three times into the DLQ, or every outbox drain after it.
 */
export function checkEvents(events: readonly RedialEvent[]): {
  valid: RedialEvent[];
  invalid: { event: RedialEvent; reason: string }[];
} {
  const valid: RedialEvent[] = [];
  const invalid: { event: RedialEvent; reason: string }[] = [];
  for (const event of events) {
    const result = redialEvent.safeParse(event);
    if (result.success) valid.push(event);
    else invalid.push({ event, reason: describeIssues(result.error) });
  }
  return { valid, invalid };
}
