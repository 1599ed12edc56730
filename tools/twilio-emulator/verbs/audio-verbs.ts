import type { TwimlVerb } from '../twiml-reader';
import { CONTINUE, numberAttribute, type VerbContext, type VerbHandler } from './verb-context';

/** A `<Pause>` is noted, but waited for at most this long: nothing on the server measures it. */
const MAX_PAUSE_SECONDS = 1;

export const say: VerbHandler = async (verb, context) => {
  const voice = [verb.attributes.voice, verb.attributes.language].filter(Boolean).join(', ');
  context.event(
    `${context.parties.onCall} hears: "${spokenText(verb)}"${voice ? ` (${voice})` : ''}${loopSuffix(verb)}`,
  );
  return CONTINUE;
};

export const play: VerbHandler = async (verb, context) => {
  const digits = verb.attributes.digits;
  context.event(
    digits
      ? `Twilio plays the DTMF tones ${digits}`
      : `${context.parties.onCall} hears the audio ${verb.text}${loopSuffix(verb)}`,
  );
  return CONTINUE;
};

export const pause: VerbHandler = async (verb, context) => {
  const seconds = numberAttribute(verb, 'length', 1);
  context.event(`${context.parties.onCall} hears ${seconds} s of silence`);
  await context.wait(Math.min(seconds, MAX_PAUSE_SECONDS));
  return CONTINUE;
};

/** The verbs that `<Gather>` may nest to prompt the caller. */
export const AUDIO_VERBS: Record<string, VerbHandler> = { Say: say, Play: play, Pause: pause };

/** Plays the prompts nested in a verb such as `<Gather>`. */
export async function playNestedAudio(verb: TwimlVerb, context: VerbContext): Promise<void> {
  for (const child of verb.children) await AUDIO_VERBS[child.name]?.(child, context);
}

/** The words of a `<Say>`, including any nested SSML such as `<prosody>`. */
function spokenText(verb: TwimlVerb): string {
  return [verb.text, ...verb.children.map(spokenText)].filter(Boolean).join(' ');
}

/** `loop="0"` repeats until the call moves on; the default plays once. */
function loopSuffix(verb: TwimlVerb): string {
  const loop = numberAttribute(verb, 'loop', 1);
  if (loop === 1) return '';
  return loop === 0 ? ', repeated until the call moves on' : `, ${loop} times`;
}
