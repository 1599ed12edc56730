/**
 * What the dialled agent does, and what Twilio then reports to the `<Dial action>`.
 *
 * DialCallStatus per SIP final response on a `<Sip>` leg. Twilio documents the status for one code
 * only; the rest is our choice, made to agree with the little Twilio does say:
 * - 486 Busy Here → `busy`: documented ("the resulting DialCallStatus is busy",
 *   twilio.com/docs/api/errors/31486). 600 Busy Everywhere is the same answer for every device.
 * - 603 Decline → `busy`: not documented (twilio.com/docs/api/errors/31603 only says "the callee
 *   declined"). Chosen because a callee rejecting a Twilio Client call surfaces as
 *   `DialCallStatus=busy` (twilio/voice-quickstart-ios#238) and as 31486 Busy Here on the caller
 *   (cybex-dev/twilio_voice#124). Somleng, a Twilio clone, maps 603 to `no-answer` instead
 *   (somleng/somleng-switch#15), so Redial must not rely on 603 alone: it reads DialSipResponseCode.
 * - 487 Request Terminated → `no-answer`: a real Twilio status callback carries
 *   `CallStatus=no-answer` with `SipResponseCode=487` when the dial timed out and Twilio cancelled
 *   the INVITE (quoted in somleng/somleng-switch#7).
 * - 480 Temporarily Unavailable, 404 Not Found, 408 Request Timeout → `no-answer`: not documented;
 *   chosen because nobody could be reached, and `<Reject reason="rejected">`, which Twilio signals
 *   to SIP callers as 404, ends the call as `no-answer` (twilio.com/docs/voice/twiml/reject and
 *   /docs/voice/api/sip-twiml).
 * - 5xx and any other failure → `failed`: not documented; Twilio's `failed` means the call could
 *   not be connected (twilio.com/docs/voice/api/call-resource#call-status-values).
 *
 * A `<Number>` (PSTN) leg has no SIP code. When the person rejects the call the network answers
 * "user busy" and Twilio reports `busy` (the 31486 page above covers carrier busy responses); many
 * mobile networks instead divert a rejected call to the person's own voicemail, which Twilio sees
 * as an answered call (`completed`) — the simulator scripts the `busy` case.
 */

export const AGENT_SCENARIOS = ['answer', 'decline', 'busy', 'unavailable', 'no-answer', 'fail'] as const;
export type AgentScenario = (typeof AGENT_SCENARIOS)[number];

export type DialCallStatus = 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

/** `<Sip>` reaches a SIP endpoint; `<Number>` (or a bare number) a phone on the PSTN. */
export type LegKind = 'sip' | 'number';

/** The scripted behaviour, from the command line. */
export interface AgentScript {
  agent: AgentScenario;
  /** How long the phone rings before the agent's scripted response. */
  ringSeconds: number;
  /** Replaces the scenario's SIP final response on `<Sip>` legs. */
  sipCode?: number;
  talkSeconds: number;
  /** The caller gives up after this many seconds of ringing. */
  callerHangupAfter?: number;
}

/** How one dialled leg ends. */
export interface LegOutcome {
  status: DialCallStatus;
  /** Seconds from the start of ringing to the end of ringing: the simulator really waits this long. */
  ringSeconds: number;
  answered: boolean;
  /** `DialCallDuration` when answered. */
  talkSeconds: number;
  /** `<Sip>` legs only. */
  sipResponseCode?: number;
  /** The caller hung up (while ringing or while talking), so Twilio discards the action's TwiML. */
  callerHungUp: boolean;
  /** The agent sent a final response (and so its X- headers); not when the ringing was cancelled. */
  agentResponded: boolean;
  /** Plain words, e.g. "agent declines after 8 s (SIP 603 Decline)". */
  description: string;
}

/** The SIP final response each scenario sends; `null`: none, Twilio cancels at the Dial timeout. */
const SCENARIO_SIP_CODE: Record<AgentScenario, number | null> = {
  answer: 200,
  decline: 603,
  busy: 486,
  unavailable: 480,
  'no-answer': null,
  fail: 503,
};

/** What a PSTN leg reports for each scenario (see the comment at the top). */
const SCENARIO_PSTN_STATUS: Record<AgentScenario, DialCallStatus> = {
  answer: 'completed',
  decline: 'busy',
  busy: 'busy',
  unavailable: 'no-answer',
  'no-answer': 'no-answer',
  fail: 'failed',
};

/** The scenario in words, after its subject: "agent is busy". */
export const SCENARIO_VERB: Record<AgentScenario, string> = {
  answer: 'answers',
  decline: 'declines',
  busy: 'is busy',
  unavailable: 'is unavailable',
  'no-answer': 'does not answer',
  fail: 'fails',
};

const SIP_REASON: Record<number, string> = {
  200: 'OK',
  404: 'Not Found',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  487: 'Request Terminated',
  500: 'Server Internal Error',
  503: 'Service Unavailable',
  600: 'Busy Everywhere',
  603: 'Decline',
};

/** Twilio cancels an unanswered INVITE, and the leg ends with 487 Request Terminated. */
const CANCELLED_SIP_CODE = 487;

/** The DialCallStatus Twilio reports for a `<Sip>` leg's final response (sources at the top). */
export function dialCallStatusForSipCode(code: number): DialCallStatus {
  if (code >= 200 && code < 300) return 'completed';
  if ([486, 600, 603].includes(code)) return 'busy';
  if ([404, 408, 480, 487].includes(code)) return 'no-answer';
  return 'failed';
}

export function sipCodeLabel(code: number): string {
  const reason = SIP_REASON[code];
  return reason ? `SIP ${code} ${reason}` : `SIP ${code}`;
}

/**
 * Plays the script against one leg of a `<Dial>` with the given timeout: whoever acts first —
 * the caller hanging up, the agent responding, or Twilio giving up at the timeout — ends the ringing.
 * `who` names the party that picks up in the description.
 */
export function playAgentScript(
  script: AgentScript,
  leg: LegKind,
  dialTimeout: number,
  who = leg === 'sip' ? 'agent' : 'the person',
): LegOutcome {
  const hangup = script.callerHangupAfter ?? Number.POSITIVE_INFINITY;
  const scenarioCode = SCENARIO_SIP_CODE[script.agent];
  const responds = scenarioCode === null ? Number.POSITIVE_INFINITY : script.ringSeconds;
  if (hangup < responds && hangup < dialTimeout) return callerCancels(hangup, leg);
  if (responds >= dialTimeout) return ringsOut(dialTimeout, leg);
  const code = script.sipCode ?? scenarioCode ?? CANCELLED_SIP_CODE;
  const status = leg === 'sip' ? dialCallStatusForSipCode(code) : SCENARIO_PSTN_STATUS[script.agent];
  return status === 'completed' ? answers(script, leg, code, who) : refuses(script, leg, code, status, who);
}

function callerCancels(after: number, leg: LegKind): LegOutcome {
  return {
    ...unanswered('canceled', after, leg, CANCELLED_SIP_CODE),
    callerHungUp: true,
    agentResponded: false,
    description: `the caller hangs up after ${after} s of ringing${sipSuffix(leg, CANCELLED_SIP_CODE)}`,
  };
}

function ringsOut(timeout: number, leg: LegKind): LegOutcome {
  return {
    ...unanswered('no-answer', timeout, leg, CANCELLED_SIP_CODE),
    agentResponded: false,
    description: `no answer within the ${timeout} s timeout, Twilio stops ringing${sipSuffix(leg, CANCELLED_SIP_CODE)}`,
  };
}

function refuses(
  script: AgentScript,
  leg: LegKind,
  code: number,
  status: DialCallStatus,
  who: string,
): LegOutcome {
  // An overridden SIP code may contradict the scenario's name, so it is then described neutrally.
  const verb = leg === 'sip' && script.sipCode !== undefined ? 'responds' : SCENARIO_VERB[script.agent];
  return {
    ...unanswered(status, script.ringSeconds, leg, code),
    agentResponded: true,
    description: `${who} ${verb} after ${script.ringSeconds} s${sipSuffix(leg, code)}`,
  };
}

function answers(script: AgentScript, leg: LegKind, code: number, who: string): LegOutcome {
  const hangupWhileTalking = (script.callerHangupAfter ?? Number.POSITIVE_INFINITY) - script.ringSeconds;
  const callerHungUp = hangupWhileTalking < script.talkSeconds;
  const talkSeconds = Math.round(callerHungUp ? hangupWhileTalking : script.talkSeconds);
  const ending = callerHungUp ? `the caller hangs up after ${talkSeconds} s` : `talks for ${talkSeconds} s`;
  return {
    status: 'completed',
    ringSeconds: script.ringSeconds,
    answered: true,
    talkSeconds,
    sipResponseCode: leg === 'sip' ? code : undefined,
    callerHungUp,
    agentResponded: true,
    description: `${who} answers after ${script.ringSeconds} s${sipSuffix(leg, code)} and ${ending}`,
  };
}

function unanswered(status: DialCallStatus, ringSeconds: number, leg: LegKind, code: number) {
  return {
    status,
    ringSeconds,
    answered: false,
    talkSeconds: 0,
    sipResponseCode: leg === 'sip' ? code : undefined,
    callerHungUp: false,
  };
}

function sipSuffix(leg: LegKind, code: number): string {
  return leg === 'sip' ? ` (${sipCodeLabel(code)})` : '';
}
