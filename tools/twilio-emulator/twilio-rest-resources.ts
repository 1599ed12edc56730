import type { CallRequest, EmulatedCall } from './outbound-call';
import type { HttpMethod } from './signed-webhook-client';
import { rfc2822 } from './twilio-ids';

export const API_VERSION = '2010-04-01';

/** An error as Twilio's REST API reports it. */
export interface RestError {
  status: number;
  code: number;
  message: string;
}

export const AUTHENTICATE: RestError = { status: 401, code: 20003, message: 'Authenticate' };
export const METHOD_NOT_ALLOWED: RestError = { status: 405, code: 20004, message: 'Method not allowed' };

export function notFound(path: string): RestError {
  return { status: 404, code: 20404, message: `The requested resource ${path} was not found` };
}

/** The JSON body Twilio answers an error with (`{ code, message, more_info, status }`). */
export function errorBody({ status, code, message }: RestError) {
  return { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status };
}

/** Twilio's answer to a REST error: its status, its JSON body and, for a 401, the Basic challenge. */
export function errorReply(error: RestError) {
  const headers: Record<string, string> =
    error.status === 401 ? { 'WWW-Authenticate': 'Basic realm="Twilio API"' } : {};
  return { status: error.status, json: errorBody(error), headers };
}

/** The user and password of an HTTP Basic `Authorization` header, as Twilio's REST APIs take them. */
export function basicCredentials(authorization: string | undefined): [string, string] | null {
  const [scheme, encoded] = (authorization ?? '').split(' ');
  if (scheme !== 'Basic' || !encoded) return null;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

/** `Timeout` when absent (twilio.com/docs/voice/api/call-resource#create-a-call-resource)… */
const DEFAULT_TIMEOUT = 60;
/** …and the most Twilio allows; a larger value counts as this. */
const MAX_TIMEOUT = 600;

/**
 * Reads the form a Create Call request sends (To, From, Url, Method, StatusCallback,
 * StatusCallbackMethod, StatusCallbackEvent once per event, Timeout), or says what is missing.
 */
export function readCallRequest(form: URLSearchParams): CallRequest | RestError {
  const to = form.get('To');
  const from = form.get('From');
  const url = form.get('Url');
  if (!to) return badRequest(21201, "No 'To' number is specified");
  if (!from) return badRequest(21213, "No 'From' number is specified");
  // Twilio also takes `Twiml` or `ApplicationSid` instead of `Url`; Redial passes Url.
  if (!url) return badRequest(21205, 'Url parameter is required (the emulator plays Url only)');
  if (!/^https?:\/\/[^/]/.test(url) || !URL.canParse(url))
    return badRequest(21205, `Url is not a valid URL: ${url}`);
  return {
    to,
    from,
    url,
    method: httpMethod(form.get('Method')),
    statusCallback: statusCallback(form),
    timeout: timeoutSeconds(form.get('Timeout')),
  };
}

function badRequest(code: number, message: string): RestError {
  return { status: 400, code, message };
}

function httpMethod(value: string | null): HttpMethod {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/** Without `StatusCallbackEvent`, Twilio reports `completed` only. */
function statusCallback(form: URLSearchParams): CallRequest['statusCallback'] {
  const url = form.get('StatusCallback');
  if (!url) return undefined;
  const events = form.getAll('StatusCallbackEvent').flatMap((value) => value.split(/[\s,]+/).filter(Boolean));
  return {
    url,
    method: httpMethod(form.get('StatusCallbackMethod')),
    events: events.length > 0 ? events : ['completed'],
  };
}

function timeoutSeconds(value: string | null): number {
  const seconds = Number(value);
  if (value === null || !Number.isFinite(seconds) || seconds <= 0) return DEFAULT_TIMEOUT;
  return Math.min(seconds, MAX_TIMEOUT);
}

/** The path of a call resource, as in its `uri`. */
export function callUri(accountSid: string, callSid: string): string {
  return `/${API_VERSION}/Accounts/${accountSid}/Calls/${callSid}.json`;
}

/** What differs between calls; the rest of the Call resource is the same for every call an emulator shows. */
export interface CallFields {
  readonly sid: string;
  readonly parentCallSid: string | null;
  readonly to: string;
  readonly from: string;
  readonly phoneNumberSid: string | null;
  readonly status: string;
  readonly direction: string;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
  readonly startTime: Date | null;
  readonly endTime: Date | null;
  /** Seconds; null while unknown. */
  readonly duration: number | null;
  readonly answeredBy: string | null;
}

/** The 2010 Call resource as Twilio's API shows it (twilio.com/docs/voice/api/call-resource). */
export function callJson(call: CallFields, accountSid: string) {
  const uri = callUri(accountSid, call.sid);
  const base = uri.replace(/\.json$/, '');
  return {
    sid: call.sid,
    account_sid: accountSid,
    parent_call_sid: call.parentCallSid,
    to: call.to,
    to_formatted: call.to,
    from: call.from,
    from_formatted: call.from,
    phone_number_sid: call.phoneNumberSid,
    status: call.status,
    direction: call.direction,
    date_created: rfc2822(call.dateCreated),
    date_updated: rfc2822(call.dateUpdated),
    start_time: call.startTime ? rfc2822(call.startTime) : null,
    end_time: call.endTime ? rfc2822(call.endTime) : null,
    duration: call.duration === null ? null : String(call.duration),
    price: null,
    price_unit: 'USD',
    answered_by: call.answeredBy,
    annotation: null,
    api_version: API_VERSION,
    forwarded_from: null,
    group_sid: null,
    caller_name: null,
    queue_time: '0',
    trunk_sid: null,
    uri,
    subresource_uris: {
      events: `${base}/Events.json`,
      notifications: `${base}/Notifications.json`,
      recordings: `${base}/Recordings.json`,
    },
  };
}

/** A call the REST emulator placed. */
export function callResource(call: EmulatedCall, accountSid: string) {
  return callJson(
    {
      sid: call.sid,
      parentCallSid: null,
      to: call.request.to,
      from: call.request.from,
      phoneNumberSid: null,
      status: call.status,
      direction: 'outbound-api',
      dateCreated: call.dateCreated,
      dateUpdated: call.dateUpdated,
      startTime: call.startTime ?? null,
      endTime: call.endTime ?? null,
      duration: call.duration ?? null,
      answeredBy: null,
    },
    accountSid,
  );
}
