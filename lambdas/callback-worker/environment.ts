import { TWILIO_ACCOUNT_ENVIRONMENT, TWILIO_API_OVERRIDE } from '../environment/twilio-account';

/** What the callback worker reads from its environment; lib/outbox-and-callback-worker.ts wires each variable. */
export const CALLBACK_WORKER_ENVIRONMENT = {
  CALL_TABLE_NAME:
    "The call table's name: the webhook's outbox, the due callbacks, agent locks and attempt claims",
  DIAL_OUTCOMES_QUEUE_URL: "The dial-outcomes queue (FIFO) the webhook's outbox is sent on to",
  MISSED_CALLS_QUEUE_URL: 'The missed-calls queue for "callback exhausted" alerts',
  ...TWILIO_ACCOUNT_ENVIRONMENT,
} as const;

/** Read when set, never wired by the stack: the local stack's Twilio emulator. */
export const CALLBACK_WORKER_OVERRIDES = TWILIO_API_OVERRIDE;
