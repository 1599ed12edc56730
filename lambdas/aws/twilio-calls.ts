import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';
import { twilioCredentials } from './twilio-credentials';

const TWILIO_API = 'https://api.twilio.com';

/**
 * twilio-node's HTTP client with Twilio's API origin replaced by TWILIO_API_BASE_URL, the way
 * AWS_ENDPOINT_URL_* points the AWS SDK elsewhere: the local stack sets it to its Twilio emulator.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: string) {
    super();
  }

  request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request<T>({ ...opts, uri: opts.uri.replace(TWILIO_API, this.baseUrl) });
  }
}

let client: ReturnType<typeof twilio> | undefined;

async function twilioClient() {
  if (client) return client;
  const { accountSid, authToken } = await twilioCredentials();
  const baseUrl = process.env.TWILIO_API_BASE_URL;
  client = twilio(accountSid, authToken, baseUrl ? { httpClient: new RebasedRequestClient(baseUrl) } : {});
  return client;
}

export interface OutboundCall {
  readonly to: string;
  readonly from: string;
  readonly url: string;
  readonly statusCallback: string;
  readonly timeoutSeconds: number;
}

/** Places an outbound call; resolves with its CallSid once Twilio has queued it. */
export async function placeCall(call: OutboundCall): Promise<string> {
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
}
