import type { CallLeg, CallRecord } from '../call-record';
import type { RedialConfig } from '../config';
import { groupBy } from './group-by';
import { median } from './statistics';

/**
 * Endpoint code profiles: for each agent endpoint, which final SIP codes it returns, how often and
 * how fast, and where it breaks the convention Redial relies on: 480 when nobody is available
 * (do not disturb, logged out, closed), 486 when busy, 603 only when a person says no.
 *
 * A 603 in under FAST_SECONDS was sent by a rule: no person reads a caller id and presses decline
 * that fast. Recommendations, each with the numbers that back it:
 * - most of its dials (≥ MOSTLY) end in a fast 603: a rule declines instead of saying unavailable;
 * - at least MIN_FAST_DECLINES fast 603s inside the PBX-drift windows: its after-hours rule answers
 *   with 603 while Redial is open;
 * - an agent marked `alwaysAnswers` (an auto-attendant or queue) returns any 603: a fault;
 * - a phone number (not sip:) endpoint: its rejections read as busy, so declines are invisible.
 */
export const FAST_SECONDS = 1;
export const MOSTLY = 0.5;
export const MIN_FAST_DECLINES = 3;
const DECLINE = 603;

export interface CodeProfile {
  /** The SIP code ("603"), "200" for an answered dial, else Twilio's status ("no-answer"). */
  readonly code: string;
  readonly count: number;
  /** Of the endpoint's dials. */
  readonly share: number;
  readonly medianRingSeconds: number;
  /** How many came back in under FAST_SECONDS. */
  readonly underOneSecond: number;
}

export interface EndpointProfile {
  readonly agentId: string;
  readonly name?: string;
  /** The dial target from the config; undefined for an agent no longer in it. */
  readonly dial?: string;
  readonly dials: number;
  /** Most frequent first. */
  readonly codes: readonly CodeProfile[];
  readonly recommendations: readonly string[];
}

/** The code a dial ended with, as the profile lists it. */
export function finalCode(leg: CallLeg): string {
  if (leg.sipResponseCode !== undefined) return String(leg.sipResponseCode);
  return leg.disposition === 'answered' ? '200' : leg.dialCallStatus;
}

const isFastDecline = (leg: CallLeg) => leg.sipResponseCode === DECLINE && leg.ringSeconds < FAST_SECONDS;

function codeProfiles(legs: readonly CallLeg[]): CodeProfile[] {
  return [...groupBy(legs, finalCode)]
    .map(([code, withCode]) => ({
      code,
      count: withCode.length,
      share: withCode.length / legs.length,
      medianRingSeconds: median(withCode.map((leg) => leg.ringSeconds)) ?? 0,
      underOneSecond: withCode.filter((leg) => leg.ringSeconds < FAST_SECONDS).length,
    }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

const percentOf = (part: number, whole: number) => `${Math.round((part / whole) * 100)}%`;

interface EndpointFacts {
  readonly name: string;
  readonly dial?: string;
  readonly alwaysAnswers: boolean;
  readonly legs: readonly CallLeg[];
  /** Whether a dial fell in a PBX-drift window. */
  readonly inDrift: (leg: CallLeg) => boolean;
}

function recommendationsFor(facts: EndpointFacts): string[] {
  const { name, legs } = facts;
  const fast = legs.filter(isFastDecline);
  const declines = legs.filter((leg) => leg.sipResponseCode === DECLINE).length;
  const inDrift = fast.filter(facts.inDrift).length;
  const advice: string[] = [];
  if (legs.length > 0 && fast.length / legs.length >= MOSTLY) {
    advice.push(
      `${name}'s endpoint answers ${fast.length} of ${legs.length} dials (${percentOf(fast.length, legs.length)}) ` +
        `with 603 in under ${FAST_SECONDS} s: that is a rule, not a person. Have it return 480 ` +
        'Temporarily Unavailable when nobody is available, and keep 603 for a person who declines.',
    );
  }
  if (inDrift >= MIN_FAST_DECLINES) {
    advice.push(
      `${name}'s endpoint declined ${inDrift} calls with 603 in under ${FAST_SECONDS} s at times it treats ` +
        "as closed while Redial's openingHours say open (see PBX drift): its after-hours rule should return 480, " +
        "and its schedule should match Redial's.",
    );
  }
  if (facts.alwaysAnswers && declines > 0) {
    advice.push(
      `${name} is marked as always answering, yet returned 603 on ${declines} of its ${legs.length} dials: a fault in ` +
        'the auto-attendant or queue, to look at now.',
    );
  }
  if (facts.dial !== undefined && !facts.dial.startsWith('sip')) {
    advice.push(
      `${name} is dialled as a phone number (${facts.dial}): a rejected call reads as busy there, so its ` +
        'declines cannot be told from a busy line. Dial a SIP endpoint to see 603s.',
    );
  }
  return advice;
}

/** One profile per agent dialled, in agent id order. */
export function profileEndpoints(
  calls: readonly CallRecord[],
  config: Pick<RedialConfig, 'agents'>,
  inDrift: (leg: CallLeg) => boolean = () => false,
): EndpointProfile[] {
  const legsByAgent = groupBy(
    calls.flatMap((call) => Object.values(call.legs)),
    (leg) => leg.agentId,
  );
  return [...legsByAgent.keys()].sort().map((agentId) => {
    const agent = config.agents.find((candidate) => candidate.id === agentId);
    const legs = legsByAgent.get(agentId) ?? [];
    // Read loosely: `alwaysAnswers` is a newer config field; an older config has no such agents.
    const alwaysAnswers = (agent as { alwaysAnswers?: boolean } | undefined)?.alwaysAnswers === true;
    const facts = { name: agent?.name ?? agentId, dial: agent?.dial, alwaysAnswers, legs, inDrift };
    return {
      agentId,
      name: agent?.name,
      dial: agent?.dial,
      dials: legs.length,
      codes: codeProfiles(legs),
      recommendations: recommendationsFor(facts),
    };
  });
}
