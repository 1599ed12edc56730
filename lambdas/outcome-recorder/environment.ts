/** What the outcome recorder reads from its environment; lib/outcome-recorder.ts wires each variable. */
export const OUTCOME_RECORDER_ENVIRONMENT = {
  CALL_TABLE_NAME: "The call table's name: each call, its legs and its callback, read and written per event",
  MISSED_CALLS_QUEUE_URL: 'The missed-calls queue the recorder hands each alert it decides to',
} as const;
