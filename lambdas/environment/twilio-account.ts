/**
 * The Twilio account, as the functions that answer Twilio or call it read it: the webhook and the
 * callback worker spread this into their declarations, and the stack wires both variables from
 * the TwilioAccount construct (lib/twilio-account.ts) in one call, fn.useTwilioAccount(account).
 */
export const TWILIO_ACCOUNT_ENVIRONMENT = {
  TWILIO_CREDENTIALS_SECRET:
    'ARN of the Secrets Manager secret holding the Twilio account SID and auth token',
  PUBLIC_BASE_URL:
    'The origin Twilio calls the webhooks at (a custom domain, else the HTTP API endpoint): signatures are checked against it and TwiML URLs built on it',
} as const;

/**
 * Optional and never set in AWS, like AWS_ENDPOINT_URL_*: the local stack sets it on every function
 * it runs so that the worker's Twilio REST calls reach its Twilio emulator.
 */
export const TWILIO_API_OVERRIDE = {
  TWILIO_API_BASE_URL:
    "The origin of Twilio's REST API, when not https://api.twilio.com (the local stack's emulator)",
} as const;

/** The override's name, for the one that sets it (the local stack). */
export const TWILIO_API_BASE_URL: keyof typeof TWILIO_API_OVERRIDE = 'TWILIO_API_BASE_URL';
