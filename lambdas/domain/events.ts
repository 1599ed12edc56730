import { z } from 'zod';
import { ATTEMPT_OUTCOMES } from './callback-attempts';
import { DISPOSITIONS } from './dispositions';

/**
 * The events that travel between the webhook, the recorder and the alerter: one definition for
 * producers and consumers. `version` changes only with an incompatible change; consumers reject
 * versions they do not know, which sends the message to the DLQ rather than misreading it.
 */

const sid = (prefix: string) =>
  z.string().regex(new RegExp(`^${prefix}[0-9a-fA-F]{32}$`), `must be a ${prefix}… SID`);
const phone = z.string().min(1).max(64);

export const dialOutcomeEvent = z.object({
  type: z.literal('dial-outcome'),
  version: z.literal(1),
  /** CallSid + DialCallSid (or hunt position): the same dial always yields the same key. */
  idempotencyKey: z.string().min(1),
  occurredAt: z.iso.datetime(),
  callSid: sid('CA'),
  accountSid: sid('AC'),
  from: phone,
  to: phone,
  agentId: z.string(),
  huntPosition: z.number().int().min(0),
  huntExhausted: z.boolean(),
  legKind: z.enum(['sip', 'number']),
  dialCallSid: z.string().optional(),
  dialCallStatus: z.string(),
  sipResponseCode: z.number().int().optional(),
  sipHeaders: z.record(z.string(), z.string()),
  ringSeconds: z.number().min(0),
  talkSeconds: z.number().min(0).optional(),
  disposition: z.enum(DISPOSITIONS),
  rule: z.string(),
  /** What Redial did for the caller next. */
  callerNextStep: z.enum(['hangup', 'voicemail', 'callback-offer', 'next-agent']),
});

/** The caller pressed 1 at the callback offer. */
export const callbackRequestedEvent = z.object({
  type: z.literal('callback-requested'),
  version: z.literal(1),
  /** One callback per call, however often Twilio retries the <Gather> action. */
  idempotencyKey: z.string().min(1),
  occurredAt: z.iso.datetime(),
  callSid: sid('CA'),
  from: phone,
  to: phone,
  /** The agent whose dial led to the offer; absent when the business was closed. */
  agentId: z.string().optional(),
  /** Why the caller was offered a callback: a disposition, or `closed`. */
  reason: z.string(),
  /** When the business next opens, if it was closed when the caller asked. */
  notBefore: z.iso.datetime().optional(),
});

/** A voicemail finished recording (recordingStatusCallback, status completed). */
export const voicemailRecordedEvent = z.object({
  type: z.literal('voicemail-recorded'),
  version: z.literal(1),
  idempotencyKey: z.string().min(1),
  occurredAt: z.iso.datetime(),
  callSid: sid('CA'),
  from: phone.optional(),
  to: phone.optional(),
  recordingSid: sid('RE'),
  recordingUrl: z.url(),
  durationSeconds: z.number().min(0),
});

/** Twilio's transcription of a voicemail arrived (transcribeCallback). */
export const voicemailTranscribedEvent = z.object({
  type: z.literal('voicemail-transcribed'),
  version: z.literal(1),
  idempotencyKey: z.string().min(1),
  occurredAt: z.iso.datetime(),
  callSid: sid('CA'),
  recordingSid: sid('RE'),
  status: z.string(),
  text: z.string(),
});

/** Progress and end of one attempt at a callback, from the outbound legs' webhooks. */
export const callbackAttemptEvent = z.object({
  type: z.literal('callback-attempt'),
  version: z.literal(1),
  idempotencyKey: z.string().min(1),
  occurredAt: z.iso.datetime(),
  /** The callback's ID: the CallSid of the customer's original call (so its events share a FIFO group). */
  callSid: sid('CA'),
  attempt: z.number().int().min(1),
  agentId: z.string(),
  stage: z.enum(['agent-answered', 'customer-dialing', 'ended']),
  outcome: z.enum(ATTEMPT_OUTCOMES).optional(),
  legCallSid: z.string().optional(),
  sipResponseCode: z.number().int().optional(),
});

export const redialEvent = z.discriminatedUnion('type', [
  dialOutcomeEvent,
  callbackRequestedEvent,
  voicemailRecordedEvent,
  voicemailTranscribedEvent,
  callbackAttemptEvent,
]);

export type DialOutcomeEvent = z.infer<typeof dialOutcomeEvent>;
export type CallbackRequestedEvent = z.infer<typeof callbackRequestedEvent>;
export type VoicemailRecordedEvent = z.infer<typeof voicemailRecordedEvent>;
export type VoicemailTranscribedEvent = z.infer<typeof voicemailTranscribedEvent>;
export type CallbackAttemptEvent = z.infer<typeof callbackAttemptEvent>;
export type RedialEvent = z.infer<typeof redialEvent>;

/** What the recorder hands the alerter for each missed call. */
export const missedCallNotice = z.object({
  type: z.literal('missed-call'),
  version: z.literal(1),
  idempotencyKey: z.string().min(1),
  callSid: sid('CA'),
  from: phone,
  to: phone,
  agentId: z.string(),
  disposition: z.enum(DISPOSITIONS),
  /** What made the call a missed one: the dial's outcome, a voicemail or a callback request. */
  trigger: z.enum([
    'dial-outcome',
    'voicemail-left',
    'callback-requested',
    'callback-agent-declined',
    'callback-exhausted',
  ]),
  sipResponseCode: z.number().int().optional(),
  ringSeconds: z.number().min(0).optional(),
  voicemailUrl: z.url().optional(),
  callback: z.object({ state: z.string(), dueAt: z.iso.datetime() }).optional(),
  occurredAt: z.iso.datetime(),
  severity: z.enum(['info', 'warning', 'critical']),
});

export type MissedCallNotice = z.infer<typeof missedCallNotice>;

/** Parses a queue message body; the error says what is wrong, for the DLQ's log line. */
export function parseMessage<T>(schema: z.ZodType<T>, body: string): T {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    throw new Error(`message body is not JSON: ${body.slice(0, 80)}`);
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Error(`message does not match the schema: ${problems.join('; ')}`);
  }
  return result.data;
}
