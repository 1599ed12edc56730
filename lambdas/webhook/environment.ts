import { TWILIO_ACCOUNT_ENVIRONMENT } from '../environment/twilio-account';

/** What the webhook reads from its environment; lib/webhook-api.ts wires each variable. */
export const WEBHOOK_ENVIRONMENT = {
  DIAL_OUTCOMES_QUEUE_URL: 'The dial-outcomes queue (FIFO) the webhook publishes every event of a call to',
  CALL_TABLE_NAME: "The call table's name: its outbox keeps the events SQS refuses",
  ...TWILIO_ACCOUNT_ENVIRONMENT,
} as const;
