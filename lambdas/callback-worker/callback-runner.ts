import type { CallbackClaims } from '../aws/callback-claims';
import type { CallbackQueueView } from '../aws/metrics';
import { logger } from '../aws/observability';
import type { OutboundCall } from '../aws/twilio-calls';
import { isOpen, openAtOrAfter } from '../domain/business-hours';
import { afterAttempt, type CallbackView, candidateAgents } from '../domain/callback-attempts';
import { callbackCallUrls } from '../domain/callback-leg-urls';
import type { RedialConfig } from '../domain/config';
import type { MissedCallNotice } from '../domain/events';
import { callbackNotice } from '../domain/missed-calls';
import type { RedialStore } from '../domain/redial-store';

/** An attempt whose webhooks never came back (a lost call, a dead worker) lapses after this. */
export const ATTEMPT_LEASE_MS = 10 * 60 * 1000;

export interface CallbackRunnerDeps {
  readonly config: RedialConfig;
  readonly publicBaseUrl: string;
  readonly now: () => Date;
  readonly placeCall: (call: OutboundCall) => Promise<string>;
  readonly notify: (notice: MissedCallNotice) => Promise<void>;
  /** Closes a callback no agent is left for. */
  readonly store: Pick<RedialStore, 'closeCallback'>;
  /** Which callbacks are due, and the locks, claims and leases that keep runs apart. */
  readonly claims: CallbackClaims;
}

export interface RunSummary {
  placed: number;
  deferred: number;
  exhausted: number;
  waiting: number;
}

type Item = Record<string, unknown> &
  CallbackView & { dueAt: string; state: string; line: string; customer: string };

/**
 * One run of the callback worker: the due callbacks, oldest first. Each is claimed with a
 * conditional update before its call is placed, so two overlapping runs never take the same
 * attempt, and a run that dies after claiming leaves an item that falls due again when its
 * lease lapses, under a new attempt number.
 */
export async function runCallbacks(
  deps: CallbackRunnerDeps,
): Promise<RunSummary & { queue: CallbackQueueView }> {
  const summary: RunSummary = { placed: 0, deferred: 0, exhausted: 0, waiting: 0 };
  const now = deps.now();
  const due = (await deps.claims.dueCallbacks(now, 100)) as Item[];
  /** Due and still not placed when the run ends (those it never reached included), oldest first. */
  const left: Item[] = [];
  for (const item of due) {
    if (summary.placed >= deps.config.callbackPolicy.maxPerRun) {
      left.push(item);
      continue;
    }
    const result = await runOne(item, now, deps);
    summary[result] += 1;
    if (result === 'waiting') left.push(item);
  }
  if (due.length > 0) logger.info('Callback worker run', { due: due.length, ...summary });
  return { ...summary, queue: queueView(left, now, isOpen(now, deps.config)) };
}

/**
 * The callback queue as the run leaves it: how many are still due, and while open how long the
 * oldest has waited (0 when none). While closed nothing is placed and the due times move to the
 * next opening, so there is no age to speak of.
 */
function queueView(left: readonly Item[], now: Date, open: boolean): CallbackQueueView {
  if (!open) return { due: left.length };
  const oldest = Math.min(now.getTime(), ...left.map((item) => Date.parse(item.dueAt)));
  return { due: left.length, oldestDueAgeSeconds: Math.max(0, Math.round((now.getTime() - oldest) / 1000)) };
}

async function runOne(item: Item, now: Date, deps: CallbackRunnerDeps): Promise<keyof RunSummary> {
  const lapsed = item.state === 'dialing';
  if (!isOpen(now, deps.config)) {
    // Never a call while closed: the due time moves to the next opening (a lapsed attempt waits for it as it is).
    if (!lapsed) await deps.claims.moveDueTime(item.callbackId, item.dueAt, openAtOrAfter(now, deps.config));
    return 'deferred';
  }
  if (lapsed && item.attempts >= item.maxAttempts) {
    const lost = {
      number: item.attempts,
      agentId: String(item.activeAgent),
      outcome: 'lost' as const,
      endedAt: now,
    };
    const transition = afterAttempt(item, lost, deps.config);
    if (await deps.claims.endAttempt(item.callbackId, lost, transition))
      await alertExhausted(item, lost, deps);
    return 'exhausted';
  }
  const agents = candidateAgents(item);
  if (agents.length === 0) {
    if (await deps.store.closeCallback(item.callbackId, 'exhausted', 'no agent left to call')) {
      await alertExhausted(
        item,
        { number: item.attempts, agentId: item.agentId ?? 'unassigned', endedAt: now },
        deps,
      );
    }
    return 'exhausted';
  }
  return (await attempt(item, agents, now, deps)) ? 'placed' : 'waiting';
}

async function alertExhausted(
  item: Item,
  attempt: { number: number; agentId: string; endedAt: Date },
  deps: CallbackRunnerDeps,
) {
  const event = {
    callSid: item.callbackId,
    attempt: attempt.number,
    agentId: attempt.agentId,
    occurredAt: attempt.endedAt.toISOString(),
  };
  await deps.notify(callbackNotice(item, event, 'exhausted'));
}

/** Locks the first free agent, claims the attempt and places the agent's call; false if nobody is free. */
async function attempt(item: Item, agents: string[], now: Date, deps: CallbackRunnerDeps): Promise<boolean> {
  const number = item.attempts + 1;
  const leaseUntil = new Date(now.getTime() + ATTEMPT_LEASE_MS);
  const holder = { callbackId: item.callbackId, attempt: number };
  for (const agentId of agents) {
    if (!(await deps.claims.lockAgent(agentId, holder, leaseUntil, now))) continue;
    const claimed = await deps.claims.claimCallback({
      callbackId: item.callbackId,
      seenDueAt: item.dueAt,
      seenAttempts: item.attempts,
      takesOverLapsedAttempt: item.state === 'dialing',
      agentId,
      leaseUntil,
      now,
    });
    if (!claimed) {
      await deps.claims.releaseAgent(agentId, holder);
      return false;
    }
    await call(item, agentId, number, now, deps);
    return true;
  }
  return false;
}

async function call(
  item: Item,
  agentId: string,
  number: number,
  now: Date,
  deps: CallbackRunnerDeps,
): Promise<void> {
  const agent = deps.config.agents.find((candidate) => candidate.id === agentId);
  const line = deps.config.numbers.find((candidate) => candidate.number === item.line);
  const urls = callbackCallUrls(deps, {
    callbackId: item.callbackId,
    attempt: number,
    agentId,
    customer: item.customer,
    reason: String(item.reason),
    requestedAt: String(item.requestedAt),
  });
  try {
    if (!agent) throw new Error(`agent ${agentId} is not in the config`);
    const legCallSid = await deps.placeCall({
      to: agent.dial,
      from: item.line,
      url: urls.answerUrl,
      statusCallback: urls.statusCallbackUrl,
      timeoutSeconds: line?.dialTimeoutSeconds ?? 20,
    });
    await deps.claims.recordAttemptCall(item.callbackId, number, legCallSid);
    logger.info('Callback attempt placed', {
      callbackId: item.callbackId,
      attempt: number,
      agentId,
      legCallSid,
    });
  } catch (error) {
    // Twilio refused the call: the attempt ends as failed and the callback follows its policy.
    logger.error('Could not place callback call', {
      callbackId: item.callbackId,
      attempt: number,
      reason: (error as Error).message,
    });
    const failed = { number, agentId, outcome: 'failed' as const, endedAt: now };
    const viewAfterClaim = { ...item, attempts: number };
    if (
      await deps.claims.endAttempt(item.callbackId, failed, afterAttempt(viewAfterClaim, failed, deps.config))
    ) {
      await deps.claims.releaseAgent(agentId, { callbackId: item.callbackId, attempt: number });
    }
  }
}
