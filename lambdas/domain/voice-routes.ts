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
