import { openAtOrAfter } from './business-hours';
import type { CallbackState } from './callback-attempts';
import type { RedialConfig } from './config';
import type { CallbackRequestedEvent, DialOutcomeEvent } from './events';

export type { CallbackState } from './callback-attempts';

/**
 * Callback items: a promise to call a customer back. One per call (keyed by its CallSid), whether
 * the policy booked it after a dial or the caller asked for it, so asking twice books once.
 */

export interface CallbackRequest {
  readonly callSid: string;
  readonly customer: string;
  readonly line: string;
  readonly agentId?: string;
  readonly reason: string;
  readonly requestedBy: 'caller' | 'policy';
  readonly requestedAt: Date;
  /** Not before this instant (the next opening, when the caller asked while closed). */
  readonly notBefore?: Date;
}

/** The policy's callback for a dial outcome, or none. */
export function automaticCallback(
  event: DialOutcomeEvent,
  config: RedialConfig,
): CallbackRequest | undefined {
  const automatic: readonly string[] = config.callbackPolicy.automaticFor;
  if (!automatic.includes(event.disposition)) return undefined;
  const huntGoesOn =
    (event.disposition === 'busy' || event.disposition === 'unavailable') && !event.huntExhausted;
  if (huntGoesOn) return undefined;
  return {
    callSid: event.callSid,
    customer: event.from,
    line: event.to,
    agentId: event.agentId,
    reason: event.disposition,
    requestedBy: 'policy',
    requestedAt: new Date(event.occurredAt),
  };
}

export function requestedCallback(event: CallbackRequestedEvent): CallbackRequest {
  return {
    callSid: event.callSid,
    customer: event.from,
    line: event.to,
    agentId: event.agentId,
    reason: event.reason,
    requestedBy: 'caller',
    requestedAt: new Date(event.occurredAt),
    notBefore: event.notBefore ? new Date(event.notBefore) : undefined,
  };
}

/** When the first attempt is due: after the initial delay, never while the business is closed. */
export function firstDueTime(request: CallbackRequest, config: RedialConfig): Date {
  const afterDelay = request.requestedAt.getTime() + config.callbackPolicy.initialDelaySeconds * 1000;
  const earliest = Math.max(afterDelay, request.notBefore?.getTime() ?? 0);
  return openAtOrAfter(new Date(earliest), config);
}

/** A callback as the store keeps it (the store adds its keys, its due-time index entry and expiry). */
export interface CallbackRecord {
  readonly callbackId: string;
  readonly callSid: string;
  readonly customer: string;
  readonly line: string;
  readonly agentId?: string;
  readonly huntList: readonly string[];
  readonly reason: string;
  readonly requestedBy: CallbackRequest['requestedBy'];
  readonly requestedAt: string;
  readonly dueAt: string;
  readonly state: CallbackState;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly history: readonly unknown[];
}

export function callbackRecord(request: CallbackRequest, config: RedialConfig): CallbackRecord {
  const line = config.numbers.find((candidate) => candidate.number === request.line);
  return {
    callbackId: request.callSid,
    callSid: request.callSid,
    customer: request.customer,
    line: request.line,
    agentId: request.agentId,
    huntList: line?.huntList ?? [],
    reason: request.reason,
    requestedBy: request.requestedBy,
    requestedAt: request.requestedAt.toISOString(),
    dueAt: firstDueTime(request, config).toISOString(),
    state: 'pending',
    attempts: 0,
    maxAttempts: config.callbackPolicy.maxAttempts,
    history: [],
  };
}
