/**
 * The CloudWatch metrics Redial emits, named once: the functions emit them (lambdas/aws/metrics.ts,
 * embedded metric format) and the stack's dashboard and alarms read them (lib/operations-*.ts).
 * Every metric carries Powertools' `service` dimension (always `redial`, one value) besides the
 * dimensions named here; each dimension is bounded (a disposition, an agent of the config, a kind),
 * never a caller, a call or a time.
 */

export const METRICS_NAMESPACE = 'Redial';
/** Powertools' own dimension on every metric: the functions' POWERTOOLS_SERVICE_NAME. */
export const METRICS_SERVICE = 'redial';

export const METRIC = {
  /** A dial of the hunt ended (recorded once), by `Disposition`, and again by `Agent`. */
  dials: 'Dials',
  /** A dial ended in SIP 603, by `Agent` and `DeclineKind` (user or policy). */
  declines: 'Declines',
  /** A 603 from an agent the config marks `alwaysAnswers` (an auto-attendant): always a fault. */
  autoAttendantDeclines: 'AutoAttendantDeclines',
  /** A call ended (its `call-ended` recorded once), by the call's final `Disposition`. */
  calls: 'Calls',
  /** An alert published to the alert topic (not a redelivery's), by `Kind`. */
  alertsSent: 'AlertsSent',
  /** A webhook request refused for its X-Twilio-Signature. */
  signatureFailures: 'SignatureFailures',
  /** How long the webhook took to answer Twilio, in milliseconds. */
  webhookLatency: 'WebhookLatency',
  /** Callbacks due and not placed after a worker run (at most the 100 the worker reads). */
  callbackQueueDepth: 'CallbackQueueDepth',
  /** Seconds since the oldest due, unplaced callback fell due; emitted only while open. */
  callbackOldestDueAge: 'CallbackOldestDueAge',
} as const;

export type MetricName = (typeof METRIC)[keyof typeof METRIC];

export const DIMENSION = {
  disposition: 'Disposition',
  agent: 'Agent',
  declineKind: 'DeclineKind',
  kind: 'Kind',
} as const;

/** The two kinds of 603: a person pressed decline, or a PBX rule declined. */
export const DECLINE_KINDS = { 'declined-by-user': 'user', 'declined-by-policy': 'policy' } as const;
export type DeclineKind = (typeof DECLINE_KINDS)[keyof typeof DECLINE_KINDS];
