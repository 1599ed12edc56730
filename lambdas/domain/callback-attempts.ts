import { createHash } from 'node:crypto';
import { openAtOrAfter } from './business-hours';
import type { RedialConfig } from './config';
import {
  isUnansweredStatus,
  type LegMeaning,
  type StatusMeaning,
  UNANSWERED_STATUSES,
  unansweredMeaning,
} from './sip-responses';

/**
 * How one attempt at a callback ended, and what that means for the callback. SIP codes keep their
 * meaning here too: an agent's 603 is an explicit "not me" (never that agent again for this
 * callback), 486/480/no-answer are "not now" (retry later), and a customer who does not pick up
 * is retried with backoff until the attempts run out.
 */
export const ATTEMPT_OUTCOMES = [
  'connected',
  'agent-declined',
  'agent-busy',
  'agent-unavailable',
  'agent-refused',
  'customer-busy',
  'customer-no-answer',
  'failed',
  'lost',
] as const;

export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

export const CALLBACK_STATES = ['pending', 'dialing', 'completed', 'exhausted', 'canceled'] as const;
export type CallbackState = (typeof CALLBACK_STATES)[number];

/** A callback still to be made (the worker's queue): waiting for its due time, or being dialled. */
export const isOpenCallback = (state: string) => state === 'pending' || state === 'dialing';

/** A callback as the worker and the recorder see it (the item's fields that decide its course). */
export interface CallbackView {
  readonly callbackId: string;
  readonly agentId?: string;
  readonly huntList: readonly string[];
  readonly excludedAgents?: readonly string[];
  readonly attempts: number;
  readonly maxAttempts: number;
}

export interface Transition {
  readonly state: CallbackState;
  /** When the next attempt is due (pending only). */
  readonly dueAt?: Date;
  /** Agents never to call again for this callback. */
  readonly excludedAgents: string[];
  /** Why someone should hear about it, if they should. */
  readonly alert?: 'agent-declined' | 'exhausted';
}

/** An agent leg's outcome for each meaning in sip-responses.ts (the inbound dial reads the same table). */
const AGENT_LEG_OUTCOMES: Readonly<Record<LegMeaning, AttemptOutcome>> = {
  declined: 'agent-declined',
  busy: 'agent-busy',
  unavailable: 'agent-unavailable',
  failed: 'failed',
  // We cancelled the call before the agent answered: nothing the agent did.
  canceled: 'failed',
};

/** The customer leg (a phone number: no SIP code) for each meaning of its DialCallStatus. */
const CUSTOMER_LEG_OUTCOMES: Readonly<Record<StatusMeaning, AttemptOutcome>> = {
  busy: 'customer-busy',
  unavailable: 'customer-no-answer',
  failed: 'failed',
  // The agent hung up while the customer's phone rang.
  canceled: 'customer-no-answer',
};

/** The agent-side outcome of an outbound leg that never reached the customer, from Twilio's status callback. */
export function agentLegOutcome(callStatus: string, sipResponseCode?: number): AttemptOutcome | undefined {
  // Only a leg that ended without being answered says anything here; progress and completion do not.
  if (!isUnansweredStatus(callStatus)) return undefined;
  return AGENT_LEG_OUTCOMES[unansweredMeaning(callStatus, sipResponseCode)];
}

/** The customer leg's outcome from the <Dial action>'s DialCallStatus. */
export function customerLegOutcome(dialCallStatus: string): AttemptOutcome {
  if (dialCallStatus === 'completed' || dialCallStatus === 'answered') return 'connected';
  if (!isUnansweredStatus(dialCallStatus)) return 'failed';
  return CUSTOMER_LEG_OUTCOMES[UNANSWERED_STATUSES[dialCallStatus].meaning];
}

/**
 * Jitter from the callback and attempt, not Math.random: the recorder may apply the same outcome
 * twice (at-least-once delivery) and must compute the same due time both times.
 */
function jitterFactor(callbackId: string, attempt: number): number {
  const byte = createHash('sha256').update(`${callbackId}:${attempt}`).digest()[0];
  return 0.8 + (byte / 255) * 0.4;
}

/** The delay before retrying after attempt `attempt`: retryDelay × backoff^(attempt−1), ±20 %. */
export function retryDelaySeconds(callbackId: string, attempt: number, config: RedialConfig): number {
  const { retryDelaySeconds: base, backoffMultiplier } = config.callbackPolicy;
  return Math.round(base * backoffMultiplier ** Math.max(0, attempt - 1) * jitterFactor(callbackId, attempt));
}

/** Agents still allowed to take this callback: its own agent first, then the hunt list. */
export function candidateAgents(callback: CallbackView): string[] {
  const excluded = new Set(callback.excludedAgents ?? []);
  const ordered = [callback.agentId, ...callback.huntList].filter((id): id is string => id !== undefined);
  return [...new Set(ordered)].filter((id) => !excluded.has(id));
}

/** What the callback becomes after `outcome` ended attempt number `attempt` (by `agentId`). */
export function afterAttempt(
  callback: CallbackView,
  attempt: { number: number; agentId: string; outcome: AttemptOutcome; endedAt: Date },
  config: RedialConfig,
): Transition {
  const excludedAgents = [...(callback.excludedAgents ?? [])];
  if (attempt.outcome === 'connected') return { state: 'completed', excludedAgents };
  if (attempt.outcome === 'agent-declined') excludedAgents.push(attempt.agentId);
  const left = candidateAgents({ ...callback, excludedAgents });
  if (left.length === 0 || attempt.number >= callback.maxAttempts) {
    return { state: 'exhausted', excludedAgents, alert: 'exhausted' };
  }
  // Another agent can take a callback one agent declined straight away; everything else waits.
  const waitSeconds =
    attempt.outcome === 'agent-declined' ? 0 : retryDelaySeconds(callback.callbackId, attempt.number, config);
  const dueAt = openAtOrAfter(new Date(attempt.endedAt.getTime() + waitSeconds * 1000), config);
  return {
    state: 'pending',
    dueAt,
    excludedAgents,
    alert: attempt.outcome === 'agent-declined' ? 'agent-declined' : undefined,
  };
}
