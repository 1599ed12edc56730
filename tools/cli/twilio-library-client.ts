import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

/**
 * The twilio-node client the `redial` commands read an account with. Against Twilio it is the
 * library's own, with `autoRetry` so a 429 is waited out (exponential backoff with full jitter from
 * 200 ms; twilio-node does not read Retry-After) rather than ending the read. With a base URL (TWILIO_API_BASE_URL, as the Lambdas take it), every
 * request goes there instead: twilio-node sends each API to its own host (api.twilio.com,
 * monitor.twilio.com, insights.twilio.com) and has no option for one base URL (`edge` and `region`
 * only rewrite the host within twilio.com), but its `httpClient` option takes any RequestClient,
 * so this one moves every `https://<product>.twilio.com` origin, keeping the path and query. The
 * library's paging, parsing and backoff are then what a test against an emulator exercises.
 */
export class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options?: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request<T>({ ...opts, uri: toBaseUrl(opts.uri, this.baseUrl) });
  }
}

/** `https://monitor.twilio.com/v1/Alerts?…` → `<baseUrl>/v1/Alerts?…`; other URLs are kept. */
export function toBaseUrl(uri: string, baseUrl: string): string {
  return uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com(:443)?(?=\/|$)/i, baseUrl.replace(/\/$/, ''));
}

export interface TwilioRestOptions {
  /** The account's SID when `username` is an API key SID (SK…), as twilio-node requires then. */
  accountSid?: string;
  /** Where Twilio's REST APIs are, when not twilio.com (an emulator). */
  baseUrl?: string;
  /** Passed to the RequestClient: `autoRetry`, `maxRetries`, `maxRetryDelay`, `timeout`…. */
  requestClient?: RequestClient.RequestClientOptions;
}

/** Waits out 429s: up to 6 tries, backing off to at most 20 s between them. */
export const RATE_LIMIT_BACKOFF: RequestClient.RequestClientOptions = {
  autoRetry: true,
  maxRetries: 6,
  maxRetryDelay: 20_000,
  timeout: 30_000,
};

/** A twilio-node client for `username`/`password` (auth token or API key), at `baseUrl` if given. */
export function twilioRestClient(
  username: string,
  password: string,
  options: TwilioRestOptions = {},
): twilio.Twilio {
  const requestOptions = options.requestClient ?? RATE_LIMIT_BACKOFF;
  const httpClient = options.baseUrl
    ? new BaseUrlRequestClient(options.baseUrl, requestOptions)
    : new twilio.RequestClient(requestOptions);
  return twilio(username, password, { accountSid: options.accountSid, httpClient });
}
