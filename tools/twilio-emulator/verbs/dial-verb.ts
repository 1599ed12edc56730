import { type LegKind, type LegOutcome, playAgentScript } from '../agent-scripts';
import type { FormParams } from '../signed-webhook-client';
import { type ProgressSubscription, StatusReports } from '../status-reports';
import { sipCallId, twilioSid } from '../twilio-ids';
import type { TwimlVerb } from '../twiml-reader';
import {
  CONTINUE,
  endAfterCallerHangup,
  listAttribute,
  methodAttribute,
  numberAttribute,
  resolveUrl,
  stopUnsupported,
  type VerbContext,
  type VerbHandler,
} from './verb-context';

/** One dialled leg: the child call Twilio places for a `<Sip>` or `<Number>`. */
interface DialLeg {
  kind: LegKind;
  /** The SIP URI or phone number dialled. */
  address: string;
  /** The `<Sip>`/`<Number>` element, whose attributes hold its status callback; none for a bare number. */
  noun?: TwimlVerb;
  callSid: string;
  /** The caller ID the dialled party sees: `<Dial callerId>`, else the number of the call that dials. */
  callerId: string;
}

const DIALLED_NOUNS: Record<string, LegKind> = { Sip: 'sip', Number: 'number' };

/** `<Dial timeout>` default (twilio.com/docs/voice/twiml/dial#timeout). */
const DEFAULT_DIAL_TIMEOUT = 30;

/**
 * `<Dial>` with a `<Sip>`, a `<Number>` or a bare number (twilio.com/docs/voice/twiml/dial): the
 * agent's phone really rings for as long as the script says, since the server measures ring time
 * by the clock. Then Twilio requests `action` with the result; without one, the caller (if still
 * there) goes on to the next verb.
 */
export const dial: VerbHandler = async (verb, context) => {
  const unsupported = verb.children.find((child) => !Object.hasOwn(DIALLED_NOUNS, child.name));
  if (unsupported) return stopUnsupported(context, `<Dial><${unsupported.name}>`);
  const leg = firstLeg(verb, context);
  if (!leg) return stopUnsupported(context, 'A <Dial> with nothing to dial');
  if (verb.children.length > 1) {
    context.event(`Only the first of the ${verb.children.length} destinations rings in the simulator`);
  }
  const timeout = numberAttribute(verb, 'timeout', DEFAULT_DIAL_TIMEOUT);
  const outcome = playAgentScript(context.options, leg.kind, timeout, context.parties.dialled);
  context.event(
    `Twilio dials ${leg.address} (timeout ${timeout} s): ${outcome.description} → DialCallStatus=${outcome.status}`,
  );
  await ring(context, leg, outcome);
  const action = verb.attributes.action;
  if (!action) {
    if (context.callerGone()) return endAfterCallerHangup(context, 'during the <Dial>');
    context.event('The <Dial> has no action, so Twilio moves on to the next verb');
    return CONTINUE;
  }
  const document = await context.fetchDocument('dial action', {
    method: methodAttribute(verb),
    url: resolveUrl(context, action),
    params: { ...context.callParams(), ...dialActionParams(context, leg, outcome) },
  });
  if (context.callerGone()) return endAfterCallerHangup(context, 'during the <Dial>', document);
  return { next: 'document', document };
};

function firstLeg(verb: TwimlVerb, context: VerbContext): DialLeg | undefined {
  const noun = verb.children[0];
  const address = noun ? noun.text : verb.text;
  if (address === '') return undefined;
  return {
    kind: noun ? DIALLED_NOUNS[noun.name] : 'number',
    address,
    noun,
    callSid: twilioSid('CA'),
    callerId: verb.attributes.callerId ?? context.callParams().From,
  };
}

/** From the INVITE to the end of the leg, with the status callbacks the noun asked for on the way. */
async function ring(context: VerbContext, leg: DialLeg, outcome: LegOutcome): Promise<void> {
  const statusReports = new StatusReports(
    {
      accountSid: context.options.accountSid,
      callSid: leg.callSid,
      parentCallSid: context.callSid,
      direction: 'outbound-dial',
      from: leg.callerId,
      to: leg.address,
    },
    legSubscription(context, leg.noun),
    context.postCallback,
  );
  await statusReports.report('initiated');
  await statusReports.report('ringing');
  await context.wait(outcome.ringSeconds);
  if (outcome.answered) {
    context.answer();
    await statusReports.report('answered');
    // The simulator reports the talk time in DialCallDuration without waiting for it.
    context.elapse(outcome.talkSeconds);
  }
  if (outcome.callerHungUp) context.callerHangsUp();
  const { status, talkSeconds, sipResponseCode } = outcome;
  await statusReports.report('completed', { status, duration: talkSeconds, sipResponseCode });
}

/**
 * The progress events a `<Sip>`/`<Number>` noun asked for with `statusCallback` and
 * `statusCallbackEvent` (default `completed`), as twilio.com/docs/voice/twiml/number describes.
 */
function legSubscription(
  context: VerbContext,
  noun: TwimlVerb | undefined,
): ProgressSubscription | undefined {
  const url = noun?.attributes.statusCallback;
  if (!noun || !url) return undefined;
  return {
    url: resolveUrl(context, url),
    method: methodAttribute(noun, 'statusCallbackMethod'),
    events: listAttribute(noun, 'statusCallbackEvent', 'completed'),
  };
}

function dialActionParams(context: VerbContext, leg: DialLeg, outcome: LegOutcome): FormParams {
  const params: FormParams = {
    DialCallStatus: outcome.status,
    DialCallSid: leg.callSid,
    DialBridged: String(outcome.answered),
  };
  if (outcome.answered) params.DialCallDuration = String(outcome.talkSeconds);
  if (leg.kind !== 'sip' || outcome.sipResponseCode === undefined) return params;
  params.DialSipCallId = sipCallId();
  params.DialSipResponseCode = String(outcome.sipResponseCode);
  // X- headers come with the agent's final response; a cancelled INVITE has none.
  if (!outcome.agentResponded) return params;
  for (const [name, value] of Object.entries(context.options.sipHeaders))
    params[`DialSipHeader_${name}`] = value;
  return params;
}
