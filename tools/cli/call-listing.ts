import { type CallOutcome, type CallRecord, latestLeg } from '../../lambdas/domain/call-record';
import type { Disposition } from '../../lambdas/domain/dispositions';
import type { DialRow, RedialStore } from '../../lambdas/domain/redial-store';

/** The rows of `redial calls`, read through the store: which calls, and what each row shows. */

export interface CallFilter {
  readonly agent?: string;
  readonly disposition?: Disposition;
  readonly since: Date;
  readonly limit: number;
}

/** One line of the listing: a call, or with --agent one dial of that agent with its call's flags. */
export interface CallRow {
  /** When the call started; for a dial, when that dial ended. */
  readonly time: string;
  readonly callSid: string;
  readonly from?: string;
  readonly to?: string;
  readonly agentId?: string;
  readonly disposition?: string;
  /** Where the call stands; unknown for a dial whose call has no record. */
  readonly outcome?: CallOutcome;
  readonly sipResponseCode?: number;
  readonly ringSeconds?: number;
  readonly callerNextStep?: string;
  readonly voicemail: boolean;
  /** `requested` by the caller, `booked` by the callback policy, or `none`. */
  readonly callback: 'requested' | 'booked' | 'none';
  readonly endedAt?: string;
  readonly durationSeconds?: number;
}

/** Newest first, at most `filter.limit` rows. */
export async function listCalls(store: RedialStore, filter: CallFilter): Promise<CallRow[]> {
  const { agent, disposition, since, limit } = filter;
  if (agent === undefined) return (await store.listCalls({ disposition, since, limit })).map(callRow);
  const dials = await store.listDials({ agentId: agent, disposition, since, limit });
  const calls = await store.getCalls(dials.map((dial) => dial.callSid));
  return dials.map((dial) => dialRow(dial, calls.get(dial.callSid)));
}

/** The call's own flags and end, which a dial's row takes from its call. */
function callFacts(call: CallRecord | undefined) {
  return {
    outcome: call?.outcome,
    voicemail: call?.voicemail !== undefined,
    callback: callbackOf(call),
    endedAt: call?.endedAt,
    durationSeconds: call?.durationSeconds,
  };
}

function callbackOf(call: CallRecord | undefined): CallRow['callback'] {
  if (call?.callbackRequest !== undefined) return 'requested';
  return call?.callbackId !== undefined ? 'booked' : 'none';
}

export function callRow(call: CallRecord): CallRow {
  return {
    time: call.startedAt,
    callSid: call.callSid,
    from: call.from,
    to: call.to,
    agentId: call.agentId,
    disposition: call.disposition,
    sipResponseCode: call.sipResponseCode,
    ringSeconds: latestLeg(call)?.ringSeconds,
    callerNextStep: call.callerNextStep,
    ...callFacts(call),
  };
}

export function dialRow(dial: DialRow, call: CallRecord | undefined): CallRow {
  return {
    time: dial.occurredAt,
    callSid: dial.callSid,
    from: dial.from,
    to: dial.to,
    agentId: dial.agentId,
    disposition: dial.disposition,
    sipResponseCode: dial.sipResponseCode,
    ringSeconds: dial.ringSeconds,
    callerNextStep: dial.callerNextStep,
    ...callFacts(call),
  };
}
