import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { PROBE_CALL_SID } from '../../lambdas/domain/twilio-request';
import { causeMessage } from '../command-line/errors';

/**
 * The TwiML a number's voice URL answers, fetched as Twilio fetches it for an incoming call: the
 * number's method, Twilio's parameters for a ringing inbound call, and `X-Twilio-Signature` signed
 * with the auth token, so an app that checks signatures answers as it would for a real call. The
 * call is a probe: its SID is all zeros (PROBE_CALL_SID), which Redial's own webhook answers
 * without recording a call. What goes wrong is an answer, not an exception: the report says it.
 */

/** Twilio's magic test number: a valid caller ID that is nobody's. */
const PROBE_CALLER = '+15005550006';

/** Twilio waits 15 s for a voice URL (twilio.com/docs/usage/webhooks/voice-webhooks). */
export const TWILIO_WAIT_MS = 15_000;

export interface VoiceUrlTarget {
  readonly number: string;
  readonly voiceUrl: string;
  readonly voiceMethod?: string;
}

export interface Signer {
  readonly accountSid: string;
  /** Absent with API-key credentials: the request goes unsigned, and the report says so. */
  readonly authToken?: string;
}

export type VoiceUrlAnswer = { readonly xml: string } | { readonly problem: string };

/** The form parameters of a ringing inbound call to `number`. */
function probeParams(target: VoiceUrlTarget, accountSid: string): Record<string, string> {
  return {
    AccountSid: accountSid,
    ApiVersion: '2010-04-01',
    CallSid: PROBE_CALL_SID,
    CallStatus: 'ringing',
    Called: target.number,
    Caller: PROBE_CALLER,
    Direction: 'inbound',
    From: PROBE_CALLER,
    To: target.number,
  };
}

/** The request Twilio would send: a GET carries the parameters in its (signed) URL. */
function probeRequest(target: VoiceUrlTarget, signer: Signer) {
  const method = target.voiceMethod?.toUpperCase() === 'GET' ? 'GET' : 'POST';
  const params = probeParams(target, signer.accountSid);
  const url = new URL(target.voiceUrl);
  if (method === 'GET') for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const headers: Record<string, string> = {};
  if (signer.authToken)
    headers['X-Twilio-Signature'] = getExpectedTwilioSignature(
      signer.authToken,
      url.href,
      method === 'POST' ? params : {},
    );
  const body = method === 'POST' ? new URLSearchParams(params) : undefined;
  return { url: url.href, init: { method, headers, body } };
}

/** A web page rather than TwiML: the answer's type says HTML, or its text starts like a page. */
const isHtml = (contentType: string, text: string) =>
  /text\/html/i.test(contentType) || /^\s*(<!doctype html|<html)/i.test(text);

/** The voice URL's TwiML, or why there is none, within `timeoutMs`. */
export async function fetchVoiceTwiml(
  target: VoiceUrlTarget,
  signer: Signer,
  timeoutMs = TWILIO_WAIT_MS,
): Promise<VoiceUrlAnswer> {
  const { url, init } = probeRequest(target, signer);
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if ((error as Error).name === 'TimeoutError')
      return { problem: `did not answer within ${timeoutMs / 1000} s (Twilio waits 15 s)` };
    return { problem: `could not be reached: ${causeMessage(error)}` };
  }
  const text = await response.text();
  if (!response.ok) return { problem: httpProblem(response.status, signer) };
  if (isHtml(response.headers.get('content-type') ?? '', text))
    return { problem: 'answered an HTML page, not TwiML' };
  return { xml: text };
}

function httpProblem(status: number, signer: Signer): string {
  const unsigned = signer.authToken
    ? ''
    : ' (the request was unsigned: API-key credentials cannot sign as Twilio does; use the auth token)';
  return `answered HTTP ${status}${status === 401 || status === 403 ? unsigned : ''}`;
}
