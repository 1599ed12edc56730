/** What the missed-call alerter reads from its environment; lib/missed-call-alerts.ts wires each variable. */
export const MISSED_CALL_ALERTER_ENVIRONMENT = {
  CALL_TABLE_NAME: "The call table's name: its alert ledger sends each alert once",
  ALERT_TOPIC_ARN: 'The SNS topic agents and supervisors subscribe to',
} as const;
