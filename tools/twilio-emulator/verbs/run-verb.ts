import type { TwimlVerb } from '../twiml-reader';
import { pause, play, say } from './audio-verbs';
import { dial } from './dial-verb';
import { hangup, redirect, reject } from './flow-verbs';
import { gather } from './gather-verb';
import { record } from './record-verb';
import { stopUnsupported, type VerbContext, type VerbHandler, type VerbResult } from './verb-context';

const VERBS: Record<string, VerbHandler> = {
  Say: say,
  Play: play,
  Pause: pause,
  Gather: gather,
  Record: record,
  Dial: dial,
  Redirect: redirect,
  Hangup: hangup,
  Reject: reject,
};

/** Verbs after which the call is still unanswered (twilio.com/docs/voice/api/sip-twiml). */
const VERBS_THAT_DO_NOT_ANSWER = new Set(['Reject', 'Redirect']);

/**
 * Whether Twilio answers a ringing call as it starts the verb. A `<Dial answerOnBridge="true">`
 * lets the caller hear ringing until its leg answers (twilio.com/docs/voice/twiml/dial#answeronbridge),
 * which the verb then reports itself.
 */
export function answersAtStart(verb: TwimlVerb): boolean {
  if (VERBS_THAT_DO_NOT_ANSWER.has(verb.name)) return false;
  return !(verb.name === 'Dial' && verb.attributes.answerOnBridge === 'true');
}

/** Runs one verb as Twilio would; anything else (`<Enqueue>`, `<Connect>`, …) stops the simulation. */
export function runVerb(verb: TwimlVerb, context: VerbContext): Promise<VerbResult> {
  const handler = Object.hasOwn(VERBS, verb.name) ? VERBS[verb.name] : undefined;
  return handler ? handler(verb, context) : Promise.resolve(stopUnsupported(context, `<${verb.name}>`));
}
