import { twilioCredentials } from './twilio-credentials';
import { postTwilioForm } from './twilio-rest-client';

export interface OutboundCall {
  readonly to: string;
  readonly from: string;
  readonly url: string;
  readonly statusCallback: string;
  readonly timeoutSeconds: number;
}

export interface TwilioCallsOptions {
  /** The Secrets Manager secret holding the account SID and auth token. */
  readonly credentialsSecret: string;
  /** Where Twilio's REST API is, when not https://api.twilio.com (the local stack's emulator). */
  readonly apiBaseUrl?: string;
}

/** The progress Redial follows a callback's call by (every event Twilio's calls report). */
const STATUS_CALLBACK_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;

/**
 * Places outbound calls on the account in `credentialsSecret`; each call resolves with its CallSid
 * once Twilio has queued it. The credentials are read at every call (Powertools caches them for five
 * minutes) and there is no client to keep: a rotated auth token reaches the worker as it reaches the
 * webhook, at the next call, not at the container's next cold start.
 *
 * Twilio's Create a Call (twilio.com/docs/voice/api/call-resource#create-a-call-resource):
 * `POST /2010-04-01/Accounts/{AccountSid}/Calls.json` with the form fields To, From, Url, Method,
 * StatusCallback, StatusCallbackMethod, StatusCallbackEvent (repeated, one per event) and Timeout
 * (seconds of ringing); of the `201 Created` call resource only `sid` (CA…) is read.
 */
export function twilioCalls(options: TwilioCallsOptions): (call: OutboundCall) => Promise<string> {
  return async (call) => {
    const credentials = await twilioCredentials(options.credentialsSecret);
    const form = new URLSearchParams({
      To: call.to,
      From: call.from,
      Url: call.url,
      Method: 'POST',
      StatusCallback: call.statusCallback,
      StatusCallbackMethod: 'POST',
      Timeout: String(call.timeoutSeconds),
    });
    for (const event of STATUS_CALLBACK_EVENTS) form.append('StatusCallbackEvent', event);
    const created = await postTwilioForm(
      credentials,
      `/2010-04-01/Accounts/${encodeURIComponent(credentials.accountSid)}/Calls.json`,
      form,
      { baseUrl: options.apiBaseUrl },
    );
    const sid = (created as { sid?: unknown } | null)?.sid;
    if (typeof sid !== 'string') throw new Error('Twilio created the call but its answer has no sid');
    return sid;
  };
}
