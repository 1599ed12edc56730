import type { FormParams } from '../signed-webhook-client';
import { twilioSid } from '../twilio-ids';
import type { TwimlVerb } from '../twiml-reader';
import {
  endAfterCallerHangup,
  listAttribute,
  methodAttribute,
  numberAttribute,
  resolveUrl,
  type VerbContext,
  type VerbHandler,
} from './verb-context';

/** What the caller says in every simulated voicemail, as the transcription reports it. */
export const VOICEMAIL_TRANSCRIPT =
  'Hi, this is a test caller from the Redial simulator. Please call me back when you get this. Thanks.';

/** Twilio transcribes recordings of 2 to 120 s only (twilio.com/docs/voice/twiml/record#transcribe). */
const TRANSCRIBABLE_SECONDS = { min: 2, max: 120 };

interface Recording {
  sid: string;
  url: string;
  duration: number;
  /** `Digits` in the action request: the key that ended it, `hangup`, or absent when maxLength did. */
  endedBy?: string;
}

/**
 * `<Record>` (twilio.com/docs/voice/twiml/record): after the beep the caller speaks for
 * --record-seconds, then Twilio requests `action` (default: this document's URL) with the
 * recording, and later posts `recordingStatusCallback` and `transcribeCallback` if set. An empty
 * recording makes no action request at all.
 */
export const record: VerbHandler = async (verb, context) => {
  context.event(
    verb.attributes.playBeep === 'false'
      ? 'Recording starts (no beep)'
      : `${context.parties.onCall} hears a beep`,
  );
  if (context.options.recordSeconds === 0) {
    context.event(
      `${context.parties.onCall} hangs up without a word: the recording is empty, so Twilio requests no action`,
    );
    context.callerHangsUp();
    return endAfterCallerHangup(context, 'at <Record> without leaving a message');
  }
  const recording = makeRecording(verb, context);
  context.event(describeRecording(recording, verb, context.parties.onCall));
  // The message is reported in RecordingDuration without being waited for.
  context.elapse(recording.duration);
  if (recording.endedBy === 'hangup') context.callerHangsUp();
  const document = await context.fetchDocument('record action', {
    method: methodAttribute(verb),
    url: resolveUrl(context, verb.attributes.action ?? context.document.url),
    params: { ...context.callParams(), ...recordingParams(recording) },
  });
  await postRecordingStatus(verb, context, recording);
  await postTranscription(verb, context, recording);
  if (context.callerGone()) return endAfterCallerHangup(context, 'after leaving a message', document);
  return { next: 'document', document };
};

function makeRecording(verb: TwimlVerb, context: VerbContext): Recording {
  const sid = twilioSid('RE');
  const maxLength = numberAttribute(verb, 'maxLength', 3600);
  const spoken = Math.round(context.options.recordSeconds);
  const finishOnKey = verb.attributes.finishOnKey ?? '1234567890*#';
  // A caller who may end with # does so and stays on the line to hear what follows; otherwise
  // the only way to finish is hanging up.
  const endedBy = spoken > maxLength ? undefined : finishOnKey.includes('#') ? '#' : 'hangup';
  const url = `https://api.twilio.com/2010-04-01/Accounts/${context.options.accountSid}/Recordings/${sid}`;
  return { sid, url, duration: Math.min(spoken, maxLength), endedBy };
}

function describeRecording(recording: Recording, verb: TwimlVerb, who: string): string {
  const spoken = `${who} leaves a ${recording.duration} s message`;
  if (recording.endedBy === '#') return `${spoken} and presses #`;
  if (recording.endedBy === 'hangup') return `${spoken} and hangs up`;
  return `${spoken}, cut off at maxLength=${verb.attributes.maxLength} s`;
}

function recordingParams(recording: Recording): FormParams {
  return {
    RecordingUrl: recording.url,
    RecordingSid: recording.sid,
    RecordingDuration: String(recording.duration),
    ...(recording.endedBy ? { Digits: recording.endedBy } : {}),
  };
}

async function postRecordingStatus(
  verb: TwimlVerb,
  context: VerbContext,
  recording: Recording,
): Promise<void> {
  const callback = verb.attributes.recordingStatusCallback;
  if (!callback || !listAttribute(verb, 'recordingStatusCallbackEvent', 'completed').includes('completed'))
    return;
  await context.postCallback('recording status callback', {
    method: methodAttribute(verb, 'recordingStatusCallbackMethod'),
    url: resolveUrl(context, callback),
    params: {
      AccountSid: context.options.accountSid,
      CallSid: context.callSid,
      RecordingSid: recording.sid,
      RecordingUrl: recording.url,
      RecordingStatus: 'completed',
      RecordingDuration: String(recording.duration),
      RecordingChannels: '1',
      RecordingSource: 'RecordVerb',
    },
  });
}

async function postTranscription(verb: TwimlVerb, context: VerbContext, recording: Recording): Promise<void> {
  const callback = verb.attributes.transcribeCallback;
  if (!callback) return;
  const sid = twilioSid('TR');
  const transcribable =
    recording.duration >= TRANSCRIBABLE_SECONDS.min && recording.duration <= TRANSCRIBABLE_SECONDS.max;
  await context.postCallback('transcription callback', {
    method: 'POST',
    url: resolveUrl(context, callback),
    params: {
      ...context.callParams(),
      TranscriptionSid: sid,
      TranscriptionStatus: transcribable ? 'completed' : 'failed',
      TranscriptionText: transcribable ? VOICEMAIL_TRANSCRIPT : '',
      TranscriptionUrl: `https://api.twilio.com/2010-04-01/Accounts/${context.options.accountSid}/Transcriptions/${sid}`,
      RecordingSid: recording.sid,
      RecordingUrl: recording.url,
    },
  });
}
