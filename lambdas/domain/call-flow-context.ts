import type { PhoneLine, RedialConfig } from './config';
import type { RedialEvent } from './events';
import type { TwilioRequest } from './twilio-request';
import {
  type CallbackOfferOptions,
  callbackOfferTwiml,
  type VoicemailOptions,
  voicemailTwiml,
} from './twiml';
import { VOICE_ROUTES, voiceUrl } from './voice-routes';

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

export type VoiceHandler = (request: TwilioRequest, context: CallFlowContext) => CallFlowAnswer;

export function lineFor(config: RedialConfig, to: string | undefined): PhoneLine | undefined {
  return config.numbers.find((line) => line.number === to);
}

/**
 * The voicemail as the config has it. `urls` replaces where Twilio reports on it: the fallback
 * takes the message with its own action and a recording status URL that says who called.
 */
export function voicemailOptions(
  context: Pick<CallFlowContext, 'config' | 'publicBaseUrl'>,
  urls: Partial<Pick<VoicemailOptions, 'actionUrl' | 'recordingStatusUrl'>> = {},
): VoicemailOptions {
  const { voicemail, prompts } = context.config;
  return {
    prompt: prompts.voicemail,
    actionUrl: urls.actionUrl ?? voiceUrl(context, VOICE_ROUTES.voicemail),
    recordingStatusUrl: urls.recordingStatusUrl ?? voiceUrl(context, VOICE_ROUTES.recordingStatus),
    maxLengthSeconds: voicemail.maxLengthSeconds,
    transcriptionUrl: voicemail.transcribe ? voiceUrl(context, VOICE_ROUTES.transcription) : undefined,
  };
}

export function voicemail(context: CallFlowContext): string {
  return voicemailTwiml(voicemailOptions(context));
}

/** The callback offer; the choice URL carries why it was made, for the callback request. */
export function callbackOffer(
  context: CallFlowContext,
  why: { reason: string; agentId?: string },
  preamble?: CallbackOfferOptions['preamble'],
): string {
  return callbackOfferTwiml({
    preamble,
    offer: context.config.prompts.callbackOffer,
    choiceUrl: voiceUrl(context, VOICE_ROUTES.callbackChoice, {
      reason: why.reason,
      ...(why.agentId ? { agent: why.agentId } : {}),
    }),
    voicemail: voicemailOptions(context),
  });
}

export function optionalNumber(value: string | null | undefined): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/**
 * What every event from a Twilio request starts with: its type, an idempotency key built from
 * Twilio's SIDs (`<type>:<keyParts…>`, so the same fact always yields the same key), when, and the call.
 */
export function eventHeader<T extends RedialEvent['type']>(
  type: T,
  request: TwilioRequest,
  context: Pick<CallFlowContext, 'now'>,
  ...keyParts: (string | number)[]
) {
  return {
    type,
    version: 1 as const,
    idempotencyKey: [type, ...keyParts].join(':'),
    occurredAt: context.now.toISOString(),
    callSid: request.params.CallSid,
  };
}
