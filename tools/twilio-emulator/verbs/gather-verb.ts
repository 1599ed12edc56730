import type { TwimlVerb } from '../twiml-reader';
import { playNestedAudio } from './audio-verbs';
import {
  CONTINUE,
  listAttribute,
  methodAttribute,
  numberAttribute,
  resolveUrl,
  type VerbContext,
  type VerbHandler,
  type VerbResult,
} from './verb-context';

/**
 * `<Gather>` (twilio.com/docs/voice/twiml/gather): the prompts play, then the caller's keys go to
 * `action` (default: this document's URL) as `Digits`. With no keys Twilio moves on to the next
 * verb, unless `actionOnEmptyResult="true"` asks for the action anyway with empty `Digits`.
 */
export const gather: VerbHandler = async (verb, context) => {
  await playNestedAudio(verb, context);
  const pressed = context.nextDigits();
  const digits = listensForKeys(verb, context) ? collectDigits(verb, pressed ?? '') : '';
  if (digits !== '') {
    context.event(`${context.parties.onCall} presses ${digits}`);
    return requestAction(verb, context, digits);
  }
  context.event(
    `${context.parties.onCall} presses nothing: the Gather times out after ${numberAttribute(verb, 'timeout', 5)} s`,
  );
  if (verb.attributes.actionOnEmptyResult === 'true') return requestAction(verb, context, '');
  context.event('Twilio moves on to the next verb');
  return CONTINUE;
};

/** A speech-only Gather ignores keys, and the simulator cannot speak. */
function listensForKeys(verb: TwimlVerb, context: VerbContext): boolean {
  if (listAttribute(verb, 'input', 'dtmf').includes('dtmf')) return true;
  context.event('The Gather listens for speech only, which the simulator cannot give');
  return false;
}

/** The keys Twilio reports: up to `finishOnKey` (not included) or `numDigits`, whichever comes first. */
function collectDigits(verb: TwimlVerb, pressed: string): string {
  const finishOnKey = verb.attributes.finishOnKey ?? '#';
  const numDigits = numberAttribute(verb, 'numDigits', Number.POSITIVE_INFINITY);
  let digits = '';
  for (const key of pressed) {
    if (finishOnKey !== '' && key === finishOnKey) break;
    digits += key;
    if (digits.length >= numDigits) break;
  }
  return digits;
}

async function requestAction(verb: TwimlVerb, context: VerbContext, digits: string): Promise<VerbResult> {
  const url = resolveUrl(context, verb.attributes.action ?? context.document.url);
  const params = { ...context.callParams(), Digits: digits };
  const document = await context.fetchDocument('gather action', {
    method: methodAttribute(verb),
    url,
    params,
  });
  return { next: 'document', document };
}
