import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { SIMULATED_TIME_HEADER } from '../local-stack/state-file';
import type { SimulatedClock } from './simulated-clock';
import { idempotencyToken } from './twilio-ids';

export type HttpMethod = 'GET' | 'POST';
export type FormParams = Record<string, string>;

export interface WebhookRequest {
  method: HttpMethod;
  /** The URL before any GET parameters are added. */
  url: string;
  params: FormParams;
}

export interface WebhookResponse {
  /** The exact URL requested and signed: with a GET, the parameters are in its query string. */
  url: string;
  status: number;
  statusText: string;
  contentType: string;
  body: string;
  /** Milliseconds from sending the request to reading its whole answer (every attempt, when retried). */
  ms?: number;
  /** When that answer had been read, by `Date.now()`. */
  answeredAt?: number;
}

/** The request never got an HTTP answer: refused connection, unknown host, time-out. */
export class WebhookUnreachableError extends Error {
  constructor(
    message: string,
    /** The URL requested. */
    readonly url: string,
    /** No answer in time, rather than no connection at all: the server may answer its next request. */
    readonly timedOut = false,
  ) {
    super(message);
  }
}

/** Twilio waits at most 15 s for a call webhook to answer (twilio.com/docs/usage/webhooks/voice-webhooks). */
const TWILIO_TIMEOUT_MS = 15_000;

/** Sends webhooks the way Twilio does, signed with the account's auth token. */
export class SignedWebhookClient {
  /** `attempts` > 1: each request is sent that many times, as Twilio retries, and the last answer kept. */
  constructor(
    private readonly authToken: string,
    private readonly attempts = 1,
    /** A simulated call's clock: its time goes with each request (simulated-clock.ts). */
    private readonly clock?: SimulatedClock,
  ) {}

  async send(request: WebhookRequest): Promise<WebhookResponse> {
    const url = requestUrl(request);
    // Twilio signs the URL it requests plus, for a POST, every form parameter; a GET has its
    // parameters in that URL already.
    const signedParams = request.method === 'POST' ? request.params : {};
    const headers: Record<string, string> = {
      'X-Twilio-Signature': getExpectedTwilioSignature(this.authToken, url, signedParams),
      'I-Twilio-Idempotency-Token': idempotencyToken(),
      'User-Agent': 'TwilioProxy/1.1',
      Accept: '*/*',
      ...(this.clock && { [SIMULATED_TIME_HEADER]: String(this.clock.now()) }),
    };
    let body: string | undefined;
    if (request.method === 'POST') {
      headers['Content-Type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(request.params).toString();
    }
    const sent = performance.now();
    let response = await fetchOrExplain(url, { method: request.method, headers, body });
    for (let attempt = 1; attempt < this.attempts; attempt += 1) {
      await response.arrayBuffer(); // the first answer, lost on its way back to Twilio
      response = await fetchOrExplain(url, { method: request.method, headers, body });
    }
    const text = await response.text();
    return {
      url,
      status: response.status,
      statusText: response.statusText,
      contentType: response.headers.get('content-type') ?? '',
      body: text,
      ms: performance.now() - sent,
      answeredAt: Date.now(),
    };
  }
}

/** The URL as requested: fragment dropped (it never reaches the server), GET parameters appended. */
function requestUrl({ method, url, params }: WebhookRequest): string {
  const withoutFragment = url.split('#')[0];
  const query = new URLSearchParams(params).toString();
  if (method === 'POST' || query === '') return withoutFragment;
  // Appended by hand so the existing query string keeps its exact characters.
  return `${withoutFragment}${withoutFragment.includes('?') ? '&' : '?'}${query}`;
}

async function fetchOrExplain(url: string, init: RequestInit): Promise<Response> {
  try {
    // Redirects are not followed: a 3xx is reported like any other status that is not 200.
    return await fetch(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(TWILIO_TIMEOUT_MS) });
  } catch (error) {
    const timedOut = errorField(error, 'name') === 'TimeoutError';
    throw new WebhookUnreachableError(explainFetchFailure(url, error), url, timedOut);
  }
}

function explainFetchFailure(url: string, error: unknown): string {
  if (errorField(error, 'name') === 'TimeoutError') {
    return `${url} did not answer within ${TWILIO_TIMEOUT_MS / 1000} s, after which Twilio gives up`;
  }
  // fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND…) in its cause.
  const cause = errorField(error, 'cause') ?? error;
  return `cannot reach ${url}: ${errorField(cause, 'message') || errorField(cause, 'code') || String(cause)}`;
}

/** Read without `instanceof`, which fails for errors made in another realm (as under Jest). */
function errorField(error: unknown, name: 'name' | 'message' | 'code' | 'cause'): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}
