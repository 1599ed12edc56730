import type { Agent, PhoneLine, RedialConfig } from './config';
import { classifyDialOutcome } from './dial-outcome';
import type { Disposition } from './dispositions';
import type { DialOutcomeEvent, RedialEvent } from './events';
import type { TwilioRequest } from './twilio-request';
import { dialAgentTwiml, isSipTarget, sayAndHangUpTwiml, voicemailTwiml } from './twiml';
import { VOICE_ROUTES } from './voice-routes';

/** What the webhook answers Twilio with, and the events the answer implies. */
export interface CallFlowAnswer {
  readonly twiml: string;
  readonly events: RedialEvent[];
}

export interface CallFlowContext {
  readonly config: RedialConfig;
  readonly publicBaseUrl: string;
  readonly now: Date;
}

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

function url(context: CallFlowContext, path: string, query: Record<string, string | number> = {}): string {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const suffix = search.size > 0 ? `?${search}` : '';
  return `${context.publicBaseUrl.replace(/\/+$/, '')}${path}${suffix}`;
}

function lineFor(config: RedialConfig, to: string | undefined): PhoneLine | undefined {
  return config.numbers.find((line) => line.number === to);
}

function agentAt(config: RedialConfig, line: PhoneLine, position: number): Agent | undefined {
  const id = line.huntList[position];
  return config.agents.find((agent) => agent.id === id);
}

function dialTwiml(context: CallFlowContext, line: PhoneLine, position: number, greet: boolean): string {
  const agent = agentAt(context.config, line, position) as Agent;
  return dialAgentTwiml({
    agent,
    timeoutSeconds: line.dialTimeoutSeconds,
    callerId: line.callerId,
    greeting: greet ? context.config.prompts.greeting : undefined,
    actionUrl: url(context, VOICE_ROUTES.dialStatus, {
      agent: agent.id,
      pos: position,
      dialedAt: context.now.getTime(),
    }),
  });
}

function voicemail(context: CallFlowContext): string {
  return voicemailTwiml({
    prompt: context.config.prompts.voicemail,
    actionUrl: url(context, VOICE_ROUTES.voicemail),
  });
}

/** `POST /voice/incoming`: ring the first agent of the number's hunt list. */
export function answerIncomingCall(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const line = lineFor(context.config, request.params.To);
  // A number Twilio routes to us that the config does not know still reaches voicemail.
  if (!line) return { twiml: voicemail(context), events: [] };
  return { twiml: dialTwiml(context, line, 0, true), events: [] };
}

function sipHeaders(params: Record<string, string>): Record<string, string> {
  const prefix = 'DialSipHeader_';
  return Object.fromEntries(
    Object.entries(params)
      .filter(([name]) => name.startsWith(prefix))
      .map(([name, value]) => [name.slice(prefix.length), value]),
  );
}

function optionalNumber(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

function ringSeconds(request: TwilioRequest, now: Date, talkSeconds: number | undefined): number {
  const dialedAt = optionalNumber(request.query.get('dialedAt') ?? undefined);
  if (dialedAt === undefined) return 0;
  const elapsed = (now.getTime() - dialedAt) / 1000 - (talkSeconds ?? 0);
  return Math.max(0, Math.round(elapsed * 10) / 10);
}

/** `POST /voice/dial-status`: classify the ended dial, then hunt on, offer a callback or take a message. */
export function answerDialStatus(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const { params } = request;
  const line = lineFor(context.config, params.To);
  const position = optionalNumber(request.query.get('pos') ?? undefined) ?? 0;
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
  const next = callerNextStep(disposition, huntExhausted);
  const event: DialOutcomeEvent = {
    type: 'dial-outcome',
    version: 1,
    idempotencyKey: `dial-outcome:${params.CallSid}:${position}`,
    occurredAt: context.now.toISOString(),
    callSid: params.CallSid,
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
    callerNextStep: next,
  };
  return { twiml: twimlForNextStep(next, context, line, position), events: [event] };
}

function twimlForNextStep(
  next: CallerNextStep,
  context: CallFlowContext,
  line: PhoneLine | undefined,
  position: number,
): string {
  if (next === 'hangup') return sayAndHangUpTwiml();
  if (next === 'next-agent' && line) return dialTwiml(context, line, position + 1, false);
  // The callback offer (<Gather>) arrives with the callback queue; until then, a message is taken.
  return voicemail(context);
}

/** `POST /voice/voicemail`: the <Record> action. */
export function answerVoicemail(_request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  return { twiml: sayAndHangUpTwiml(context.config.prompts.voicemailThanks), events: [] };
}
