import { type CallFlowContext, voicemailOptions } from './call-flow-context';
import { E164_NUMBER } from './config';
import { sayAndHangUpTwiml, voicemailTwiml } from './twiml';
import { FALLBACK_ROUTE, VOICE_ROUTES, voiceUrl } from './voice-routes';

/**
 * The number's Voice Fallback URL: what the caller gets when Redial's webhook has failed (a Lambda
 * error, Secrets Manager unreachable, a time-out), instead of Twilio's application error. The
 * fallback holds no secret, so it cannot check Twilio's signature: anyone may call it. It therefore
 * does nothing but answer TwiML built from the config, and puts nothing of the request into it
 * except the caller's and the called number, and those only when they are E.164.
 *
 * The message itself is stored by the main path: the recording status callback goes to the main
 * API's /voice/recording-status, where the signature is checked, carrying in its query (which
 * Twilio signs with the rest of the URL) that it came through here and who called whom, since that
 * callback carries no From/To and the main path never saw the call's first request.
 */

/** The query parameter, and its value, that marks a recording status callback as the fallback's. */
const VIA = 'via';
const FALLBACK = 'fallback';
/** The `<Record>` action's query: the message is done, thank the caller and hang up. */
const STEP = 'step';
const RECORDED = 'recorded';

export type FallbackContext = Pick<CallFlowContext, 'config' | 'publicBaseUrl'>;

/** A number as Twilio sends it when it is E.164; anything else (anonymous, client:, markup) is left out. */
export function e164OrNothing(value: string | null | undefined): string | undefined {
  return value && E164_NUMBER.test(value) ? value : undefined;
}

/**
 * The fallback's answer: on Twilio's request, an apology, the voicemail prompt and a `<Record>`
 * whose action comes back here (without one, Twilio would request this URL again: a loop); on
 * that action, thanks and a hang-up. `params` and `query` are unverified.
 */
export function answerFallback(
  params: Readonly<Record<string, string>>,
  query: URLSearchParams,
  context: FallbackContext,
): string {
  const { prompts } = context.config;
  if (query.get(STEP) === RECORDED) return sayAndHangUpTwiml({ prompt: prompts.voicemailThanks });
  const from = e164OrNothing(params.From);
  const to = e164OrNothing(params.To);
  const recordingStatusUrl = voiceUrl(context, VOICE_ROUTES.recordingStatus, {
    [VIA]: FALLBACK,
    ...(from && { from }),
    ...(to && { to }),
  });
  const actionUrl = voiceUrl(context, FALLBACK_ROUTE, { [STEP]: RECORDED });
  return voicemailTwiml(
    voicemailOptions(context, { actionUrl, recordingStatusUrl }),
    prompts.fallbackApology,
  );
}

/**
 * Read by the main path from a signed recording status callback: whether the fallback took the
 * message, and the numbers it passed on (E.164 only, checked again: the main path trusts nothing
 * it would not have accepted from Twilio itself).
 */
export function fallbackOrigin(query: URLSearchParams): { from?: string; to?: string } | undefined {
  if (query.get(VIA) !== FALLBACK) return undefined;
  return { from: e164OrNothing(query.get('from')), to: e164OrNothing(query.get('to')) };
}
