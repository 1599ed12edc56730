import { randomBytes, randomUUID } from 'node:crypto';

/** The two-letter prefixes of the Twilio resources the simulator invents. */
export type SidPrefix = 'CA' | 'RE' | 'TR';

/** A SID in Twilio's format: a two-letter type prefix and 32 lower-case hex digits. */
export function twilioSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

/** A SIP Call-ID like the ones Twilio reports in `DialSipCallId`. */
export function sipCallId(): string {
  return `${randomBytes(16).toString('hex')}@0.0.0.0`;
}

/** The value of `I-Twilio-Idempotency-Token`: Twilio repeats it only when it retries the same request. */
export function idempotencyToken(): string {
  return randomUUID();
}

/** RFC 2822 time with a numeric zone, as in Twilio's status callback `Timestamp`. */
export function rfc2822(date: Date): string {
  return date.toUTCString().replace(/GMT$/, '+0000');
}
