import { isOpen } from './business-hours';
import {
  type CallFlowAnswer,
  type CallFlowContext,
  callbackOffer,
  eventHeader,
  lineFor,
  optionalNumber,
  voicemail,
} from './call-flow-context';
import type { Agent, PhoneLine } from './config';
import { classifyDialOutcome } from './dial-outcome';
import type { Disposition } from './dispositions';
import type { CallStartedEvent, DialOutcomeEvent } from './events';
import { PROBE_CALL_SID, type TwilioRequest } from './twilio-request';
import { dialAgentTwiml, isSipTarget, sayAndHangUpTwiml } from './twiml';
import { VOICE_ROUTES, voiceUrl } from './voice-routes';

export type CallerNextStep = DialOutcomeEvent['callerNextStep'];

/** What the caller gets after a dial, given its disposition and whether agents are left to try. */
export function callerNextStep(disposition: Disposition, huntExhausted: boolean): CallerNextStep {
  switch (disposition) {
    case 'answered':
    case 'abandoned':
      return 'hangup';
    case 'busy':
    case 'unavailable':
      return huntExhausted ? 'callback-offer' : 'next-agent';
    case 'declined-by-policy':
      return 'callback-offer';
    default:
      return 'voicemail';
  }
}

function agentAt(context: CallFlowContext, line: PhoneLine, position: number): Agent | undefined {
  const id = line.huntList[position];
  return context.config.agents.find((agent) => agent.id === id);
}

function dialTwiml(context: CallFlowContext, line: PhoneLine, position: number, greet: boolean): string {
  const agent = agentAt(context, line, position) as Agent;
  return dialAgentTwiml({
    agent,
    timeoutSeconds: line.dialTimeoutSeconds,
    callerId: line.callerId,
    greeting: greet ? context.config.prompts.greeting : undefined,
    actionUrl: voiceUrl(context, VOICE_ROUTES.dialStatus, {
      agent: agent.id,
      pos: position,
      dialedAt: context.now.getTime(),
    }),
    statusCallbackUrl: voiceUrl(context, VOICE_ROUTES.dialLegStatus, { agent: agent.id, pos: position }),
  });
}

/**
 * `POST /voice/incoming`: inside opening hours, ring the first agent of the number's hunt list;
 * outside them never ring the PBX: say so and offer a callback, falling back to voicemail.
 */
export function answerIncomingCall(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const open = isOpen(context.now, context.config);
  const line = lineFor(context.config, request.params.To);
  // A probe (redial diagnose auditing the TwiML) hears what a caller would; no call is recorded.
  const events = request.params.CallSid === PROBE_CALL_SID ? [] : [callStarted(request, context, open, line)];
  if (!open) {
    return { twiml: callbackOffer(context, { reason: 'closed' }, context.config.prompts.closed), events };
  }
  // A number Twilio routes to us that the config does not know still reaches voicemail.
  if (!line) return { twiml: voicemail(context), events };
  return { twiml: dialTwiml(context, line, 0, true), events };
}

/** The call's record starts with Twilio's first request, so every later event finds its caller. */
function callStarted(
  request: TwilioRequest,
  context: CallFlowContext,
  open: boolean,
  line: PhoneLine | undefined,
): CallStartedEvent {
  const { params } = request;
  return {
    ...eventHeader('call-started', request, context, params.CallSid),
    from: params.From,
    to: params.To,
    line: line?.number,
    open,
    agentId: line?.huntList[0],
    callerName: params.CallerName || undefined,
    forwardedFrom: params.ForwardedFrom || undefined,
  };
}

function sipHeaders(params: Record<string, string>): Record<string, string> {
  const prefix = 'DialSipHeader_';
  return Object.fromEntries(
    Object.entries(params)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
}

function ringSeconds(request: TwilioRequest, now: Date, talkSeconds: number | undefined): number {
  const dialedAt = optionalNumber(request.query.get('dialedAt'));
  if (dialedAt === undefined) return 0;
  const elapsed = (now.getTime() - dialedAt) / 1000 - (talkSeconds ?? 0);
  return Math.max(0, Math.round(elapsed * 10) / 10);
}

function dialOutcome(request: TwilioRequest, context: CallFlowContext): DialOutcomeEvent {
  const { params } = request;
  const line = lineFor(context.config, params.To);
  const position = optionalNumber(request.query.get('pos')) ?? 0;
  const agentId = request.query.get('agent') ?? 'unknown';
  const agent = context.config.agents.find((candidate) => candidate.id === agentId);
  const sipResponseCode = optionalNumber(params.DialSipResponseCode);
  const talkSeconds = optionalNumber(params.DialCallDuration);
  const signal = {
    dialCallStatus: params.DialCallStatus ?? '',
    sipResponseCode,
    ringSeconds: ringSeconds(request, context.now, talkSeconds),
    sipHeaders: sipHeaders(params),
  };
  const { disposition, rule } = classifyDialOutcome(signal, context.config.declineClassification);
  const huntExhausted = !line || position + 1 >= line.huntList.length;
  return {
    ...eventHeader('dial-outcome', request, context, params.CallSid, position),
    accountSid: params.AccountSid,
    from: params.From,
    to: params.To,
    agentId,
    huntPosition: position,
    huntExhausted,
    legKind: agent && !isSipTarget(agent.dial) ? 'number' : 'sip',
    dialCallSid: params.DialCallSid,
    dialCallStatus: signal.dialCallStatus,
    sipResponseCode,
    sipHeaders: signal.sipHeaders,
    ringSeconds: signal.ringSeconds,
    talkSeconds,
    disposition,
    rule,
    callerNextStep: callerNextStep(disposition, huntExhausted),
  };
}

function twimlAfterDial(event: DialOutcomeEvent, context: CallFlowContext): string {
  const line = lineFor(context.config, event.to);
  switch (event.callerNextStep) {
    case 'hangup':
      return sayAndHangUpTwiml();
    case 'next-agent':
      return dialTwiml(context, line as PhoneLine, event.huntPosition + 1, false);
    case 'callback-offer':
      return callbackOffer(context, { reason: event.disposition, agentId: event.agentId });
    default:
      return voicemail(context);
  }
}

/** `POST /voice/dial-status`: classify the ended dial, then hunt on, offer a callback or take a message. */
export function answerDialStatus(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const event = dialOutcome(request, context);
  return { twiml: twimlAfterDial(event, context), events: [event] };
}
