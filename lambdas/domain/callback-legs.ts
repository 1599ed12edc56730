import { describeLocalTime } from './business-hours';
import { type CallFlowAnswer, type CallFlowContext, optionalNumber } from './call-flow-context';
import { type AttemptOutcome, agentLegOutcome, customerLegOutcome } from './callback-attempts';
import { type CallbackLeg, legQuery } from './callback-leg-urls';
import { DISPOSITION_IN_WORDS, type Disposition } from './dispositions';
import type { CallbackAttemptEvent } from './events';
import type { TwilioRequest } from './twilio-request';
import { callbackBriefingTwiml, dialCustomerTwiml, emptyTwiml, sayAndHangUpTwiml } from './twiml';
import { VOICE_ROUTES, voiceUrl } from './voice-routes';

/**
 * The callback's outbound call, agent first: the agent hears who is waiting and why, presses 1,
 * and Redial dials the customer. Every webhook of it reports to the callback's attempt.
 */

function legFrom(request: TwilioRequest): CallbackLeg {
  const { query } = request;
  return {
    callbackId: query.get('callback') ?? '',
    attempt: optionalNumber(query.get('attempt')) ?? 1,
    agentId: query.get('agent') ?? 'unknown',
    customer: query.get('customer') ?? '',
    reason: query.get('reason') ?? '',
    requestedAt: query.get('at') ?? '',
  };
}

function attemptEvent(
  leg: CallbackLeg,
  stage: CallbackAttemptEvent['stage'],
  context: CallFlowContext,
  extra: { outcome?: AttemptOutcome; source?: string; legCallSid?: string; sipResponseCode?: number } = {},
): CallbackAttemptEvent {
  const { source, ...rest } = extra;
  return {
    type: 'callback-attempt',
    version: 1,
    idempotencyKey: `callback-attempt:${leg.callbackId}:${leg.attempt}:${stage}${source ? `:${source}` : ''}`,
    occurredAt: context.now.toISOString(),
    callSid: leg.callbackId,
    attempt: leg.attempt,
    agentId: leg.agentId,
    stage,
    ...rest,
  };
}

/** Digit by digit, so text-to-speech does not read "fifteen billion…". */
const spokenNumber = (number: string) =>
  `${number.startsWith('+') ? 'plus ' : ''}${number.replace(/\D/g, '').split('').join(' ')}`;

function reasonInWords(reason: string): string {
  if (reason === 'closed') return 'we were closed';
  return DISPOSITION_IN_WORDS[reason as Disposition] ?? reason;
}

/** `POST /voice/callback-answer`: the agent picked up. Brief them; 1 calls the customer. */
export function answerCallbackAnswer(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const leg = legFrom(request);
  const briefing = context.config.prompts.callbackBriefing;
  const requestedAt = new Date(leg.requestedAt);
  // A missing or unreadable `at` (a broken URL) costs the briefing its time, not the agent's call.
  const when = Number.isNaN(requestedAt.getTime())
    ? 'earlier'
    : describeLocalTime(requestedAt, context.config.timezone, context.now);
  const text = briefing.text
    .replace('{customer}', spokenNumber(leg.customer))
    .replace('{when}', when)
    .replace('{reason}', reasonInWords(leg.reason));
  const twiml = callbackBriefingTwiml({
    prompt: briefing,
    text,
    acceptUrl: voiceUrl(context, VOICE_ROUTES.callbackAccept, legQuery(leg)),
  });
  return {
    twiml,
    events: [attemptEvent(leg, 'agent-answered', context, { legCallSid: request.params.CallSid })],
  };
}

/** `POST /voice/callback-accept`: 1 dials the customer from the business's number; anything else ends the attempt. */
export function answerCallbackAccept(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const leg = legFrom(request);
  if (request.params.Digits !== '1') {
    return {
      twiml: sayAndHangUpTwiml(),
      events: [attemptEvent(leg, 'ended', context, { outcome: 'agent-refused', source: 'agent' })],
    };
  }
  const twiml = dialCustomerTwiml({
    customer: leg.customer,
    callerId: request.params.From,
    actionUrl: voiceUrl(context, VOICE_ROUTES.callbackDialStatus, legQuery(leg)),
  });
  return { twiml, events: [attemptEvent(leg, 'customer-dialing', context)] };
}

/** `POST /voice/callback-dial-status`: how the customer leg ended decides the attempt. */
export function answerCallbackDialStatus(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const leg = legFrom(request);
  const outcome = customerLegOutcome(request.params.DialCallStatus ?? '');
  const twiml =
    outcome === 'connected'
      ? sayAndHangUpTwiml()
      : sayAndHangUpTwiml({ prompt: context.config.prompts.callbackNoAnswer });
  return { twiml, events: [attemptEvent(leg, 'ended', context, { outcome, source: 'customer' })] };
}

/**
 * `POST /voice/callback-status`: the agent leg's status callbacks. A leg that ends unanswered
 * ends the attempt by its SIP code; a completed leg ends an attempt nothing else ended (the agent
 * hung up during the briefing) — if the customer leg already ended it, that event won.
 */
export function answerCallbackStatus(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const leg = legFrom(request);
  const { CallStatus = '', SipResponseCode } = request.params;
  const sipResponseCode = optionalNumber(SipResponseCode);
  const outcome =
    agentLegOutcome(CallStatus, sipResponseCode) ??
    (CallStatus === 'completed' ? 'agent-refused' : undefined);
  if (!outcome) return { twiml: emptyTwiml(), events: [] };
  const event = attemptEvent(leg, 'ended', context, {
    outcome,
    source: 'agent-leg',
    sipResponseCode,
    legCallSid: request.params.CallSid,
  });
  return { twiml: emptyTwiml(), events: [event] };
}
