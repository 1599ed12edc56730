import { validateRequest } from 'twilio/lib/webhooks/webhooks';

/** The parts of an API Gateway (HTTP API, payload 2.0) request that a Twilio webhook needs. */
export interface HttpRequest {
  readonly rawPath: string;
  readonly rawQueryString?: string;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export interface TwilioRequest {
  readonly path: string;
  /** The URL Twilio called, as it signed it: public base URL + path + query. */
  readonly url: string;
  readonly query: URLSearchParams;
  readonly params: Record<string, string>;
  readonly signature?: string;
  readonly idempotencyToken?: string;
}

export class BadRequestError extends Error {}

/**
 * The CallSid of a probe: a signed request for the TwiML a number answers, sent by `redial
 * diagnose` to audit it, never by Twilio for a call. A valid SID no real call has (all zeros), so
 * the webhook answers it as any call and records nothing.
 */
export const PROBE_CALL_SID = `CA${'0'.repeat(32)}`;

/**
 * The largest body the webhook reads. Twilio's voice webhooks are form posts of a few KB (the
 * largest, a transcription of a two-minute voicemail with the call's parameters, stays under
 * 5 KB); 64 KB is ten times that with room for long SIP headers, and keeps a flood of megabytes
 * from being decoded, parsed and HMAC'd (API Gateway itself would pass up to 10 MB).
 */
export const MAX_BODY_BYTES = 64 * 1024;

/** The body's size once decoded, computed from its length without decoding it. */
export function bodyBytes(request: Pick<HttpRequest, 'body' | 'isBase64Encoded'>): number {
  return Buffer.byteLength(request.body ?? '', request.isBase64Encoded ? 'base64' : 'utf8');
}

function header(request: HttpRequest, name: string): string | undefined {
  const wanted = name.toLowerCase();
  const entry = Object.entries(request.headers).find(([key]) => key.toLowerCase() === wanted);
  return entry?.[1];
}

function formBody(request: HttpRequest): Record<string, string> {
  const type = header(request, 'content-type') ?? '';
  const raw = request.isBase64Encoded
    ? Buffer.from(request.body ?? '', 'base64').toString('utf8')
    : (request.body ?? '');
  if (raw === '') return {};
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    throw new BadRequestError(`expected an application/x-www-form-urlencoded body, got "${type}"`);
  }
  return Object.fromEntries(new URLSearchParams(raw));
}

/**
 * Reads a webhook request. The URL is rebuilt from the configured public base URL, never from
 * Host headers: behind API Gateway those differ from what Twilio signed.
 */
export function readTwilioRequest(request: HttpRequest, publicBaseUrl: string): TwilioRequest {
  const query = request.rawQueryString ?? '';
  return {
    path: request.rawPath,
    url: `${publicBaseUrl.replace(/\/+$/, '')}${request.rawPath}${query ? `?${query}` : ''}`,
    query: new URLSearchParams(query),
    params: formBody(request),
    signature: header(request, 'x-twilio-signature'),
    idempotencyToken: header(request, 'i-twilio-idempotency-token'),
  };
}

/** True when X-Twilio-Signature is Twilio's HMAC of this URL and these parameters. */
export function hasValidSignature(request: TwilioRequest, authToken: string): boolean {
  if (!request.signature) return false;
  return validateRequest(authToken, request.signature, request.url, request.params);
}

/** Twilio's REST API host, where the recordings and transcriptions its webhooks point to live. */
export const TWILIO_API_HOST = 'api.twilio.com';

/** The parameters that carry a URL of Twilio's: RecordingUrl, TranscriptionUrl and the like. */
const URL_PARAMETER = /Url$/;

/**
 * True for https on one of Twilio's hosts, nothing else: no `javascript:` or `data:`, no other
 * host, no look-alike (`api.twilio.com.evil.example`, `api.twilio.com@evil.example`), no port.
 */
export function isTwilioUrl(value: string, twilioHosts: readonly string[]): boolean {
  if (!URL.canParse(value)) return false;
  const url = new URL(value);
  const bare = url.username === '' && url.password === '' && url.port === '';
  return url.protocol === 'https:' && bare && twilioHosts.includes(url.hostname);
}

/**
 * The request without the URL parameters that are not Twilio's, and which were dropped. A
 * recording's URL becomes the link in an agent's alert, so a signed request that carries another
 * host's (a leaked token, a misconfigured proxy) loses it here, after the signature is checked.
 */
export function withoutForeignUrls(
  request: TwilioRequest,
  twilioHosts: readonly string[],
): { request: TwilioRequest; dropped: { name: string; value: string }[] } {
  const foreign = Object.entries(request.params).filter(
    ([name, value]) => URL_PARAMETER.test(name) && !isTwilioUrl(value, twilioHosts),
  );
  if (foreign.length === 0) return { request, dropped: [] };
  const names = new Set(foreign.map(([name]) => name));
  const params = Object.fromEntries(Object.entries(request.params).filter(([name]) => !names.has(name)));
  return { request: { ...request, params }, dropped: foreign.map(([name, value]) => ({ name, value })) };
}
