import type { LegKind, LegOutcome } from '../agent-scripts';
import type { FormParams } from '../signed-webhook-client';
import { rfc2822 } from '../twilio-ids';
import type { TwimlVerb } from '../twiml-reader';
import { listAttribute, methodAttribute, resolveUrl, type VerbContext } from './verb-context';

export type LegEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** One dialled leg: the child call Twilio places for a `<Sip>` or `<Number>`. */
export interface DialLeg {
  kind: LegKind;
  /** The SIP URI or phone number dialled. */
  address: string;
  /** The `<Sip>`/`<Number>` element, whose attributes hold its status callback; none for a bare number. */
  noun?: TwimlVerb;
  callSid: string;
  /** The caller ID the dialled party sees: `<Dial callerId>`, else the caller's number. */
  callerId: string;
}

/**
 * Posts the call progress events a `<Sip>`/`<Number>` noun subscribed to with `statusCallback` and
 * `statusCallbackEvent` (default `completed`), as twilio.com/docs/voice/twiml/number describes.
 */
export class LegStatusCallbacks {
  private sequenceNumber = 0;

  constructor(
    private readonly context: VerbContext,
    private readonly leg: DialLeg,
  ) {}

  async report(event: LegEvent, outcome?: LegOutcome): Promise<void> {
    const noun = this.leg.noun;
    const url = noun?.attributes.statusCallback;
    if (!noun || !url || !listAttribute(noun, 'statusCallbackEvent', 'completed').includes(event)) return;
    await this.context.postCallback(`${event} status callback`, {
      method: methodAttribute(noun, 'statusCallbackMethod'),
      url: resolveUrl(this.context, url),
      params: this.params(event, outcome),
    });
  }

  private params(event: LegEvent, outcome: LegOutcome | undefined): FormParams {
    const { context, leg } = this;
    const params: FormParams = {
      AccountSid: context.options.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: leg.callSid,
      ParentCallSid: context.callSid,
      CallStatus: callStatusFor(event, outcome),
      Direction: 'outbound-dial',
      From: leg.callerId,
      Caller: leg.callerId,
      To: leg.address,
      Called: leg.address,
      Timestamp: rfc2822(new Date()),
      // Callbacks can arrive out of order; the number tells the receiver their real order.
      SequenceNumber: String(this.sequenceNumber++),
      CallbackSource: 'call-progress-events',
    };
    if (event !== 'completed' || !outcome) return params;
    params.CallDuration = String(outcome.talkSeconds);
    if (outcome.sipResponseCode !== undefined) params.SipResponseCode = String(outcome.sipResponseCode);
    return params;
  }
}

function callStatusFor(event: LegEvent, outcome: LegOutcome | undefined): string {
  if (event === 'answered') return 'in-progress';
  if (event === 'completed') return outcome?.status ?? 'completed';
  return event;
}
