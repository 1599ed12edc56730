import { setTimeout as sleep } from 'node:timers/promises';
import type { TwilioCredentials } from './twilio-credentials';

/** Twilio's REST API origin; `baseUrl` replaces it (the local stack's Twilio emulator). */
const TWILIO_API_ORIGIN = 'https://api.twilio.com';

/** Names Redial to Twilio (its request logs and support) without a version to keep in step. */
const USER_AGENT = `redial-callback-worker node/${process.versions.node}`;

/**
 * Well inside the callback worker's 50 s Lambda timeout, which also has to cover the other calls
 * of the run: a request Twilio has not answered in this time fails its attempt.
 */
const REQUEST_TIMEOUT_MS = 10_000;
/** The first try and two retries, for 429 answers only. */
const MAX_ATTEMPTS = 3;
/** Backoff before retry n (from 1): BASE × 2^(n-1), with jitter; Retry-After replaces it when given. */
const BACKOFF_BASE_MS = 250;
/** A Retry-After longer than this is not waited for: the request fails instead. */
const MAX_RETRY_AFTER_MS = 5_000;

export interface TwilioRestClientOptions {
  /** Where Twilio's REST API is, when not https://api.twilio.com (the local stack's emulator). */
  readonly baseUrl?: string;
  /** Per request (default 10 s). */
  readonly timeoutMs?: number;
  /** Tries per request, the first included (default 3). */
  readonly maxAttempts?: number;
}

/**
 * An answer outside 2xx. `code` and `moreInfo` are Twilio's, from the JSON body it sends with every
 * error (`{ code, message, more_info, status }`, twilio.com/docs/usage/twilios-response#response-formats-exceptions);
 * they are undefined when the body was not that JSON (a proxy's error page).
 */
export class TwilioRestError extends Error {
  override readonly name = 'TwilioRestError';

  constructor(
    readonly status: number,
    readonly code: number | undefined,
    readonly twilioMessage: string,
    readonly moreInfo: string | undefined,
  ) {
    super(
      code === undefined
        ? `Twilio answered HTTP ${status}: ${twilioMessage}`
        : `Twilio error ${code}: ${twilioMessage} (HTTP ${status}${moreInfo ? `, ${moreInfo}` : ''})`,
    );
  }
}

/**
 * POSTs a form to Twilio's REST API as Twilio documents it: HTTP Basic auth with the account SID
 * and auth token, an application/x-www-form-urlencoded body, a JSON answer. A 429 is tried again
 * after a short backoff (or Retry-After), at most `maxAttempts` times in all; any other answer
 * outside 2xx, a timeout or a network error throws at once (such a request may have reached
 * Twilio, so it is not sent again). Resolves with the parsed JSON.
 *
 * Only what the callback worker needs: twilio-node (with axios and every Twilio API) made the
 * worker's bundle 3.7 MB larger.
 */
export async function postTwilioForm(
  credentials: TwilioCredentials,
  path: string,
  form: URLSearchParams,
  options: TwilioRestClientOptions = {},
): Promise<unknown> {
  const url = `${(options.baseUrl ?? TWILIO_API_ORIGIN).replace(/\/+$/, '')}${path}`;
  const basic = Buffer.from(`${credentials.accountSid}:${credentials.authToken}`).toString('base64');
  const maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Basic ${basic}`,
        Accept: 'application/json',
        'Content-Type': 'application/x-www-form-urlencoded',
        'User-Agent': USER_AGENT,
      },
      body: form.toString(),
      signal: AbortSignal.timeout(options.timeoutMs ?? REQUEST_TIMEOUT_MS),
    });
    const text = await response.text();
    if (response.ok) return JSON.parse(text) as unknown;
    const error = restError(response.status, text);
    const wait =
      attempt < maxAttempts && retryable(response.status) ? retryWait(response, attempt) : undefined;
    if (wait === undefined) throw error;
    await sleep(wait);
  }
}

/**
 * Too many requests: refused before any work, so safe to send again. A 5xx is not: Twilio may have
 * queued the call before failing, and sending it again would dial the same attempt twice. The
 * attempt fails instead, and the callback policy tries again later under a new attempt number.
 */
function retryable(status: number): boolean {
  return status === 429;
}

/** Retry-After (seconds or an HTTP date) when present, else exponential backoff; undefined: too long to wait. */
function retryWait(response: Response, attempt: number): number | undefined {
  const header = response.headers.get('retry-after');
  if (header !== null) {
    const seconds = Number(header);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now();
    if (!Number.isNaN(ms)) return ms <= MAX_RETRY_AFTER_MS ? Math.max(0, ms) : undefined;
  }
  const backoff = BACKOFF_BASE_MS * 2 ** (attempt - 1);
  return backoff / 2 + Math.random() * (backoff / 2);
}

function restError(status: number, text: string): TwilioRestError {
  const body = parseJson(text);
  if (body && typeof body === 'object' && 'message' in body && typeof body.message === 'string') {
    const code = 'code' in body && typeof body.code === 'number' ? body.code : undefined;
    const moreInfo = 'more_info' in body && typeof body.more_info === 'string' ? body.more_info : undefined;
    return new TwilioRestError(status, code, body.message, moreInfo);
  }
  return new TwilioRestError(status, undefined, text.slice(0, 200) || '(no body)', undefined);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
