import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient';

/**
 * twilio-node sends each API to its own host (api.twilio.com, monitor.twilio.com,
 * insights.twilio.com) and has no option for one base URL: `edge` and `region` only rewrite the
 * host within twilio.com. Its `httpClient` option takes any RequestClient, so this one moves every
 * `https://<product>.twilio.com` origin to the emulator's, keeping the path and query, and the
 * library's own paging, parsing and (with `autoRetry`) 429 backoff are what a test exercises.
 * `redial diagnose` can build its client with this to run against the account-history emulator.
 */
export class LocalRequestClient extends twilio.RequestClient {
  constructor(
    private readonly baseUrl: string,
    options?: RequestClient.RequestClientOptions,
  ) {
    super(options);
  }

  request<T>(opts: RequestClient.RequestOptions<T>) {
    return super.request<T>({ ...opts, uri: toLocal(opts.uri, this.baseUrl) });
  }
}

/** `https://monitor.twilio.com/v1/Alerts?…` → `<baseUrl>/v1/Alerts?…`; other URLs are kept. */
export function toLocal(uri: string, baseUrl: string): string {
  return uri.replace(/^https:\/\/[a-z0-9.-]+\.twilio\.com(:443)?(?=\/|$)/i, baseUrl.replace(/\/$/, ''));
}

export interface LocalTwilioOptions {
  /** The account's SID when `username` is an API key SID (SK…), as twilio-node requires then. */
  accountSid?: string;
  /** Passed to the RequestClient: `autoRetry`, `maxRetries`, `maxRetryDelay`, `timeout`…. */
  requestClient?: RequestClient.RequestClientOptions;
}

/** A twilio-node client whose every request goes to `baseUrl` (e.g. the emulator's `url`). */
export function localTwilioClient(
  baseUrl: string,
  username: string,
  password: string,
  options: LocalTwilioOptions = {},
): twilio.Twilio {
  const httpClient = new LocalRequestClient(baseUrl, options.requestClient);
  return twilio(username, password, { accountSid: options.accountSid, httpClient });
}
