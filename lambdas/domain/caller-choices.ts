import { describeLocalTime, isOpen, nextOpening } from './business-hours';
import {
  type CallFlowAnswer,
  type CallFlowContext,
  eventHeader,
  optionalNumber,
  voicemail,
} from './call-flow-context';
import type { CallbackRequestedEvent, VoicemailLeftEvent } from './events';
import type { TwilioRequest } from './twilio-request';
import { sayAndHangUpTwiml } from './twiml';

/**
 * `POST /voice/callback-choice`, the callback offer's <Gather> action: 1 books a callback and
 * confirms it (with when, if the business is closed); anything else goes to voicemail.
 */
export function answerCallbackChoice(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const { params, query } = request;
  if (params.Digits !== '1') return { twiml: voicemail(context), events: [] };
  const { prompts, timezone } = context.config;
  const opening = isOpen(context.now, context.config) ? undefined : nextOpening(context.now, context.config);
  const event: CallbackRequestedEvent = {
    ...eventHeader('callback-requested', request, context, params.CallSid),
    from: params.From,
    to: params.To,
    agentId: query.get('agent') ?? undefined,
    reason: query.get('reason') ?? 'caller-request',
    notBefore: opening?.toISOString(),
  };
  const scheduled = opening && {
    prompt: prompts.callbackScheduled,
    text: prompts.callbackScheduled.text.replace('{when}', describeLocalTime(opening, timezone, context.now)),
  };
  const twiml = sayAndHangUpTwiml({ prompt: prompts.callbackConfirmed }, ...(scheduled ? [scheduled] : []));
  return { twiml, events: [event] };
}

/**
 * `POST /voice/voicemail`, the <Record> action: the caller has left a message (its recording
 * arrives later by status callback). Knowing it now lets the call's end tell a caller who left a
 * message from one who hung up.
 */
export function answerVoicemail(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const twiml = sayAndHangUpTwiml({ prompt: context.config.prompts.voicemailThanks });
  const { params } = request;
  const durationSeconds = optionalNumber(params.RecordingDuration) ?? 0;
  if (!params.RecordingUrl || durationSeconds <= 0) return { twiml, events: [] };
  const event: VoicemailLeftEvent = {
    ...eventHeader('voicemail-left', request, context, params.CallSid),
    from: params.From,
    to: params.To,
    durationSeconds,
  };
  return { twiml, events: [event] };
}
