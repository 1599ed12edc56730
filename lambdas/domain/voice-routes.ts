/**
 * The Twilio-facing paths. The CDK API creates one route per entry and the webhook handler
 * dispatches on the same table, so a path can never exist on one side only.
 */
export const VOICE_ROUTES = {
  incoming: '/voice/incoming',
  /** The number's call status callback ("Call status changes" in the Twilio console). */
  callStatus: '/voice/call-status',
  dialStatus: '/voice/dial-status',
  voicemail: '/voice/voicemail',
  callbackChoice: '/voice/callback-choice',
  recordingStatus: '/voice/recording-status',
  transcription: '/voice/transcription',
  dialLegStatus: '/voice/dial-leg-status',
  callbackAnswer: '/voice/callback-answer',
  callbackAccept: '/voice/callback-accept',
  callbackDialStatus: '/voice/callback-dial-status',
  callbackStatus: '/voice/callback-status',
} as const;

export type VoiceRoute = (typeof VOICE_ROUTES)[keyof typeof VOICE_ROUTES];

/**
 * The number's Voice Fallback URL ("Primary handler fails" in the Twilio console), which Twilio
 * requests when a route above fails. Not in VOICE_ROUTES: it is served by its own function
 * (lambdas/voice-fallback), which must keep working when the webhook does not.
 */
export const FALLBACK_ROUTE = '/voice/fallback';

/**
 * An absolute URL under the public base URL, so action URLs survive custom domains and base paths.
 * Here, beside the routes and free of TwiML, so the callback worker can build its calls' URLs
 * without bundling the webhook's TwiML (and twilio-node's TwiML builder with it).
 */
export function voiceUrl(
  context: { readonly publicBaseUrl: string },
  path: string,
  query: Record<string, string | number> = {},
): string {
  const search = new URLSearchParams(Object.entries(query).map(([k, v]): [string, string] => [k, String(v)]));
  const suffix = search.size > 0 ? `?${search}` : '';
  return `${context.publicBaseUrl.replace(/\/+$/, '')}${path}${suffix}`;
}
