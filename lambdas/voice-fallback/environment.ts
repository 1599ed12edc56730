import { TWILIO_ACCOUNT_ENVIRONMENT } from '../environment/twilio-account';

/**
 * What the fallback reads from its environment; lib/voice-fallback.ts wires it. The base URL
 * alone: no secret, queue or table, so nothing the webhook may have failed on can fail it too.
 */
export const VOICE_FALLBACK_ENVIRONMENT = {
  PUBLIC_BASE_URL: TWILIO_ACCOUNT_ENVIRONMENT.PUBLIC_BASE_URL,
} as const;
