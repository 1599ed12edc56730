import { answerDialStatus, answerIncomingCall } from '../domain/call-flow';
import type { VoiceHandler } from '../domain/call-flow-context';
import {
  answerCallbackAccept,
  answerCallbackAnswer,
  answerCallbackDialStatus,
  answerCallbackStatus,
} from '../domain/callback-legs';
import { answerCallbackChoice, answerVoicemail } from '../domain/caller-choices';
import {
  answerCallStatus,
  answerDialLegStatus,
  answerRecordingStatus,
  answerTranscription,
} from '../domain/status-reports';
import { VOICE_ROUTES, type VoiceRoute } from '../domain/voice-routes';

/** Every voice route and the domain function that answers it; the type makes a missing one an error. */
export const VOICE_HANDLERS: Record<VoiceRoute, VoiceHandler> = {
  [VOICE_ROUTES.incoming]: answerIncomingCall,
  [VOICE_ROUTES.callStatus]: answerCallStatus,
  [VOICE_ROUTES.dialStatus]: answerDialStatus,
  [VOICE_ROUTES.voicemail]: answerVoicemail,
  [VOICE_ROUTES.callbackChoice]: answerCallbackChoice,
  [VOICE_ROUTES.recordingStatus]: answerRecordingStatus,
  [VOICE_ROUTES.transcription]: answerTranscription,
  [VOICE_ROUTES.dialLegStatus]: answerDialLegStatus,
  [VOICE_ROUTES.callbackAnswer]: answerCallbackAnswer,
  [VOICE_ROUTES.callbackAccept]: answerCallbackAccept,
  [VOICE_ROUTES.callbackDialStatus]: answerCallbackDialStatus,
  [VOICE_ROUTES.callbackStatus]: answerCallbackStatus,
};
