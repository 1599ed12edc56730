import type { CallbackState } from '../../lambdas/domain/callbacks';
import type { StoredCallback } from '../../lambdas/domain/redial-store';
import {
  type AttemptRow,
  attemptRows,
  CALLBACK_STATES,
  type CallbackRow,
  callbackRow,
} from './callback-listing';
import { orNull } from './item-fields';
import { alignedLines, type Column, localTime, textTable } from './text-table';

/** How `redial callbacks` prints a listing and a single callback. */

const maybeTime = (iso: string | undefined) => (iso === undefined ? undefined : localTime(iso));
const count = (row: CallbackRow) => `${row.attempts}/${row.maxAttempts ?? '?'}`;

const LIST_COLUMNS: readonly Column<CallbackRow>[] = [
  ['Due', (row) => localTime(row.dueAt)],
  ['State', (row) => row.state],
  ['Customer', (row) => row.customer],
  ['Line', (row) => row.line],
  ['Agent', (row) => row.agent],
  ['Attempts', count],
  ['Reason', (row) => row.reason],
  ['Requested by', (row) => row.requestedBy],
  ['Last outcome', (row) => row.lastOutcome],
  ['Callback ID', (row) => row.callbackId],
];

/** A header and one line per callback, or a sentence naming the states when there are none. */
export function listLines(rows: readonly CallbackRow[], states: readonly CallbackState[]): string[] {
  if (rows.length > 0) return textTable(LIST_COLUMNS, rows);
  const which = states.length === CALLBACK_STATES.length ? '' : `${states.join(' or ')} `;
  return [`No ${which}callbacks.`];
}

export function jsonRow(row: CallbackRow) {
  return {
    dueAt: row.dueAt,
    state: row.state,
    customer: orNull(row.customer),
    line: orNull(row.line),
    agent: orNull(row.agent),
    attempts: row.attempts,
    maxAttempts: orNull(row.maxAttempts),
    reason: orNull(row.reason),
    requestedBy: orNull(row.requestedBy),
    lastOutcome: orNull(row.lastOutcome),
    callbackId: row.callbackId,
  };
}

const list = (values: readonly string[] | undefined) =>
  values && values.length > 0 ? values.join(', ') : undefined;

/** The fields `show` prints, in order; one without a value is left out. */
const FIELDS: readonly [
  label: string,
  value: (callback: StoredCallback, row: CallbackRow) => string | undefined,
][] = [
  ['Callback ID', (callback) => callback.callbackId],
  ['State', (callback) => callback.state],
  ['Due', (_, row) => localTime(row.dueAt)],
  ['Attempts', (_, row) => count(row)],
  ['Current attempt', (callback) => callback.currentAttempt?.toString()],
  ['Customer', (callback) => callback.customer],
  ['Line', (callback) => callback.line],
  ['Agent', (callback) => callback.agentId],
  ['Active agent', (callback) => callback.activeAgent],
  ['Hunt list', (callback) => list(callback.huntList)],
  ['Excluded agents', (callback) => list(callback.excludedAgents)],
  ['Reason', (callback) => callback.reason],
  ['Requested by', (callback) => callback.requestedBy],
  ['Requested at', (callback) => maybeTime(callback.requestedAt)],
  ['Caller asked at', (callback) => maybeTime(callback.requestedByCallerAt)],
  ['Closed because', (callback) => callback.closedReason],
  ['CallSid', (callback) => callback.callSid],
];

const ATTEMPT_COLUMNS: readonly Column<AttemptRow>[] = [
  ['Attempt', (row) => row.attempt?.toString()],
  ['Agent', (row) => row.agentId],
  ['Started', (row) => maybeTime(row.startedAt)],
  ['Outcome', (row) => row.outcome],
  ['Ended', (row) => maybeTime(row.endedAt)],
  ['Leg CallSid', (row) => row.legCallSid],
];

/** One callback: its fields, a blank line, then its attempts. */
export function showLines(callback: StoredCallback): string[] {
  const row = callbackRow(callback);
  const fields = FIELDS.flatMap(([label, value]) => {
    const shown = value(callback, row);
    return shown === undefined ? [] : [[`${label}:`, shown]];
  });
  const attempts = attemptRows(callback);
  return [
    ...alignedLines(fields),
    '',
    ...(attempts.length > 0 ? textTable(ATTEMPT_COLUMNS, attempts) : ['No attempts yet.']),
  ];
}
