import { VOICE_ROUTES, voiceUrl } from './voice-routes';

/**
 * One attempt of a callback, as the URLs of its outbound call carry it. Apart from the legs'
 * TwiML (callback-legs.ts) so that the callback worker, which only builds the URLs, does not
 * bundle the TwiML builder.
 */
export interface CallbackLeg {
  readonly callbackId: string;
  readonly attempt: number;
  readonly agentId: string;
  readonly customer: string;
  readonly reason: string;
  readonly requestedAt: string;
}

/** The query every callback webhook URL carries, so each request knows its callback and attempt. */
export function legQuery(leg: CallbackLeg): Record<string, string | number> {
  return {
    callback: leg.callbackId,
    attempt: leg.attempt,
    agent: leg.agentId,
    customer: leg.customer,
    reason: leg.reason,
    at: leg.requestedAt,
  };
}

/** The URLs the worker gives Twilio for one attempt. */
export function callbackCallUrls(context: { readonly publicBaseUrl: string }, leg: CallbackLeg) {
  return {
    answerUrl: voiceUrl(context, VOICE_ROUTES.callbackAnswer, legQuery(leg)),
    statusCallbackUrl: voiceUrl(context, VOICE_ROUTES.callbackStatus, legQuery(leg)),
  };
}
