import { type CallFlowAnswer, type CallFlowContext, eventHeader, optionalNumber } from './call-flow-context';
import type { CallEndedEvent, VoicemailRecordedEvent, VoicemailTranscribedEvent } from './events';
import type { TwilioRequest } from './twilio-request';
import { emptyTwiml } from './twiml';
import { fallbackOrigin } from './voice-fallback';

/**
 * Twilio's status reports (what Twilio's docs call status callbacks; here "callback" means only a
 * customer callback): Twilio ignores the answer, so each gets an empty <Response/> and the news
 * travels on as an event keyed by Twilio's SIDs.
 */

/**
 * `POST /voice/recording-status`: a finished voicemail becomes an event; `absent` (silence) does
 * not. Twilio sends no From/To here; a message the fallback took brings them in the URL's query
 * (signed by Twilio with the URL), with the mark that it came that way.
 */
export function answerRecordingStatus(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const { params } = request;
  if (params.RecordingStatus !== 'completed' || !params.RecordingUrl)
    return { twiml: emptyTwiml(), events: [] };
  const fallback = fallbackOrigin(request.query);
  const event: VoicemailRecordedEvent = {
    ...eventHeader('voicemail-recorded', request, context, params.RecordingSid),
    from: fallback?.from ?? params.From,
    to: fallback?.to ?? params.To,
    ...(fallback && { viaFallback: true }),
    recordingSid: params.RecordingSid,
    recordingUrl: params.RecordingUrl,
    durationSeconds: optionalNumber(params.RecordingDuration) ?? 0,
  };
  return { twiml: emptyTwiml(), events: [event] };
}

/** `POST /voice/transcription`: Twilio's transcription of a voicemail. */
export function answerTranscription(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const { params } = request;
  const event: VoicemailTranscribedEvent = {
    ...eventHeader('voicemail-transcribed', request, context, params.RecordingSid),
    recordingSid: params.RecordingSid,
    status: params.TranscriptionStatus ?? 'unknown',
    text: params.TranscriptionText ?? '',
  };
  return { twiml: emptyTwiml(), events: [event] };
}

/** `POST /voice/dial-leg-status`: a dialled leg's progress; logged by the handler, nothing to store. */
export function answerDialLegStatus(_request: TwilioRequest, _context: CallFlowContext): CallFlowAnswer {
  return { twiml: emptyTwiml(), events: [] };
}

/** The CallStatus values that end a call; the number's status reports may tell of progress too. */
const FINAL_CALL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'failed', 'canceled']);

/** `POST /voice/call-status`, the number's call status report: the call ended, and how long it lasted. */
export function answerCallStatus(request: TwilioRequest, context: CallFlowContext): CallFlowAnswer {
  const { params } = request;
  if (!FINAL_CALL_STATUSES.has(params.CallStatus ?? '')) return { twiml: emptyTwiml(), events: [] };
  const event: CallEndedEvent = {
    ...eventHeader('call-ended', request, context, params.CallSid),
    from: params.From,
    to: params.To,
    callStatus: params.CallStatus,
    durationSeconds: optionalNumber(params.CallDuration) ?? 0,
  };
  return { twiml: emptyTwiml(), events: [event] };
}
