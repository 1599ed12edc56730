import type { SessionOptions } from '../options';
import type { FormParams, HttpMethod, WebhookRequest } from '../signed-webhook-client';
import type { CallOutcome } from '../transcript';
import type { TwimlVerb } from '../twiml-reader';

/** A TwiML document as Twilio runs it: its verbs, and the URL that relative URLs in it resolve against. */
export interface TwimlDocument {
  url: string;
  verbs: TwimlVerb[];
}

/** How events name the people: whoever is on the call with Twilio, and whoever a `<Dial>` rings. */
export interface Parties {
  /** Capitalised, as it starts events: "Caller hears: …". */
  onCall: string;
  /** Lower case; when absent, "agent" on a `<Sip>` leg and "the person" on a `<Number>` leg. */
  dialled?: string;
}

/** What Twilio does after a verb: the next verb, a new document, or nothing more. */
export type VerbResult =
  | { next: 'continue' }
  | { next: 'document'; document: TwimlDocument }
  | { next: 'end'; outcome: CallOutcome };

/** What a verb can see and do of the call it runs in. */
export interface VerbContext {
  readonly options: SessionOptions;
  readonly callSid: string;
  readonly parties: Parties;
  /** The document being run. */
  readonly document: TwimlDocument;
  /** Whether the caller has hung up: Twilio then still makes the request but runs none of its TwiML. */
  callerGone(): boolean;
  /** Whether the call has been answered: by a verb, or by the agent of a `<Dial answerOnBridge>`. */
  answered(): boolean;
  /** Answers the call if it still rings: a `<Dial answerOnBridge>` does so when its leg answers. */
  answer(): void;
  /** Notes in plain words what the caller hears or does, or what Twilio does. */
  event(text: string): void;
  /** The parameters Twilio sends with every request about the caller's call. */
  callParams(): FormParams;
  /** Requests the next TwiML document (an action or a Redirect), counting against --max-steps. */
  fetchDocument(label: string, request: WebhookRequest): Promise<TwimlDocument>;
  /** Posts a status callback; any 2xx will do, and the body is ignored as Twilio does. */
  postCallback(label: string, request: WebhookRequest): Promise<void>;
  /** The keys the caller presses at this `<Gather>`, or `undefined` for silence. */
  nextDigits(): string | undefined;
  callerHangsUp(): void;
  /**
   * Waits, for the things the server measures by the clock: really, or on a simulated call's own
   * clock (simulated-clock.ts).
   */
  wait(seconds: number): Promise<void>;
  /**
   * Counts time that passes on the call without the simulator waiting for it (a bridged call's
   * talk time, a recorded message) towards the call's `CallDuration`.
   */
  elapse(seconds: number): void;
}

export type VerbHandler = (verb: TwimlVerb, context: VerbContext) => Promise<VerbResult>;

export const CONTINUE: VerbResult = { next: 'continue' };

/** A URL in TwiML, resolved as Twilio resolves it: relative to the current document's URL. */
export function resolveUrl(context: VerbContext, url: string): string {
  return new URL(url, context.document.url).toString();
}

/** A `method`-like attribute: GET or POST, case-insensitive, POST when absent. */
export function methodAttribute(verb: TwimlVerb, name = 'method'): HttpMethod {
  return verb.attributes[name]?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/** A numeric attribute, or the fallback when absent or not a number. */
export function numberAttribute(verb: TwimlVerb, name: string, fallback: number): number {
  const value = Number(verb.attributes[name]);
  return verb.attributes[name] === undefined || !Number.isFinite(value) ? fallback : value;
}

/** An event list such as `statusCallbackEvent="initiated ringing"` (Twilio accepts spaces or commas). */
export function listAttribute(verb: TwimlVerb, name: string, fallback: string): string[] {
  return (verb.attributes[name] ?? fallback).split(/[\s,]+/).filter(Boolean);
}

/** Ends the call after the caller hung up; Twilio still requested `unrun`, but runs none of it. */
export function endAfterCallerHangup(context: VerbContext, when: string, unrun?: TwimlDocument): VerbResult {
  const who = context.parties.onCall.toLowerCase();
  if (unrun) context.event(`The ${who} has already hung up, so Twilio runs none of this TwiML`);
  // A call that still rang when the caller gave up was never answered: it ends canceled.
  const callStatus = context.answered() ? 'completed' : 'canceled';
  return { next: 'end', outcome: { status: 'completed', detail: `the ${who} hung up ${when}`, callStatus } };
}

/** Stops at TwiML the simulator cannot play, rather than guess what Twilio would do. */
export function stopUnsupported(context: VerbContext, element: string): VerbResult {
  const detail = `${element} is not supported by the simulator`;
  context.event(`${detail}: stopping here`);
  return { next: 'end', outcome: { status: 'unsupported', detail } };
}
