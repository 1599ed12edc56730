import type { DialCallStatus } from './agent-scripts';
import type { FormParams, HttpMethod, WebhookRequest } from './signed-webhook-client';
import { rfc2822 } from './twilio-ids';

/** The call progress events an app can subscribe to with `statusCallbackEvent`. */
export type ProgressEvent = 'initiated' | 'ringing' | 'answered' | 'completed';

/** Where a call's progress events go, and which of them were asked for. */
export interface ProgressSubscription {
  url: string;
  method: HttpMethod;
  events: string[];
}

/** The call the events are about, as its status callbacks describe it. */
export interface ReportedCall {
  accountSid: string;
  callSid: string;
  /** The call a `<Dial>` leg belongs to; none for a call placed through the REST API. */
  parentCallSid?: string;
  direction: 'inbound' | 'outbound-dial' | 'outbound-api';
  from: string;
  to: string;
}

/** How the call ended, for the `completed` event. */
export interface CallEnd {
  /** The final `CallStatus`. */
  status: DialCallStatus;
  /** `CallDuration`: seconds from the answer to the hang-up, 0 when never answered. */
  duration: number;
  /** The SIP final response, for calls to a SIP URI only. */
  sipResponseCode?: number;
}

export type PostStatusReport = (label: string, request: WebhookRequest) => Promise<void>;

/**
 * Twilio's status reports (its docs say status callbacks): posts the progress events a call subscribed to, with the parameters they
 * carry (twilio.com/docs/voice/api/call-resource#statuscallback), numbered in the order they happen.
 */
export class StatusReports {
  private sequenceNumber = 0;

  /** `name` ends each callback's label in the transcript, e.g. "ringing status callback". */
  constructor(
    private readonly call: ReportedCall,
    private readonly subscription: ProgressSubscription | undefined,
    private readonly post: PostStatusReport,
    private readonly name = 'status callback',
  ) {}

  async report(event: ProgressEvent, end?: CallEnd): Promise<void> {
    const { subscription } = this;
    if (!subscription?.events.includes(event)) return;
    await this.post(`${event} ${this.name}`, {
      method: subscription.method,
      url: subscription.url,
      params: this.params(event, end),
    });
  }

  private params(event: ProgressEvent, end: CallEnd | undefined): FormParams {
    const { call } = this;
    const params: FormParams = {
      AccountSid: call.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: call.callSid,
      ...(call.parentCallSid ? { ParentCallSid: call.parentCallSid } : {}),
      CallStatus: callStatusFor(event, end),
      Direction: call.direction,
      From: call.from,
      Caller: call.from,
      To: call.to,
      Called: call.to,
      Timestamp: rfc2822(new Date()),
      // Callbacks can arrive out of order; the number tells the receiver their real order.
      SequenceNumber: String(this.sequenceNumber++),
      CallbackSource: 'call-progress-events',
    };
    if (event !== 'completed' || !end) return params;
    params.CallDuration = String(end.duration);
    if (end.sipResponseCode !== undefined) params.SipResponseCode = String(end.sipResponseCode);
    return params;
  }
}

function callStatusFor(event: ProgressEvent, end: CallEnd | undefined): string {
  if (event === 'answered') return 'in-progress';
  if (event === 'completed') return end?.status ?? 'completed';
  return event;
}
