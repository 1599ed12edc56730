import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { twilioCredentials } from './twilio-credentials';

const TWILIO_API = 'https://api.twilio.com';

/**
 * twilio-node's HTTP client with Twilio's API origin replaced by another, the way
 * AWS_ENDPOINT_URL_* points the AWS SDK elsewhere: the local stack's Twilio emulator.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request<T>({ ...opts, uri: opts.uri.replace(TWILIO_API, this.baseUrl) });
  }
}

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

/**
 * Places outbound calls on the account in `credentialsSecret`; each call resolves with its CallSid
 * once Twilio has queued it. The credentials are read at every call (Powertools caches them for five
 * minutes), and the client is made again only when they change: a rotated auth token reaches the
 * worker as it reaches the webhook, not at the container's next cold start.
 */
export function twilioCalls(options: TwilioCallsOptions): (call: OutboundCall) => Promise<string> {
  let current: { readonly key: string; readonly client: ReturnType<typeof twilio> } | undefined;
  const twilioClient = async () => {
    const { accountSid, authToken } = await twilioCredentials(options.credentialsSecret);
    const key = `${accountSid}:${authToken}`;
    if (current?.key !== key) {
      const { apiBaseUrl } = options;
      const client = twilio(
        accountSid,
        authToken,
        apiBaseUrl ? { httpClient: new RebasedRequestClient(apiBaseUrl) } : {},
      );
      current = { key, client };
    }
    return current.client;
  };
  return async (call) => {
    const created = await (await twilioClient()).calls.create({
      to: call.to,
      from: call.from,
      url: call.url,
      method: 'POST',
      statusCallback: call.statusCallback,
      statusCallbackMethod: 'POST',
      statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
      timeout: call.timeoutSeconds,
    });
    return created.sid;
  };
}
