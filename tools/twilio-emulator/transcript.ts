import type { FormParams, HttpMethod } from './signed-webhook-client';
import type { TwimlVerb } from './twiml-reader';

export interface StepRequest {
  method: HttpMethod;
  /** The exact URL requested (a GET's parameters are in its query string too). */
  url: string;
  params: FormParams;
}

/** One webhook Twilio made: for a TwiML document, what the caller then heard and did. */
export interface TranscriptStep {
  /** `twiml`: Twilio asked for instructions; `callback`: Twilio reported something and ignores the answer. */
  kind: 'twiml' | 'callback';
  /** What the request is, e.g. "incoming call", "dial action", "ringing status callback". */
  label: string;
  request: StepRequest;
  /** The HTTP status; 0 when the request got no answer (a TwiML request the fallback then replaced). */
  status: number;
  verbs: TwimlVerb[];
  /** In plain words, in order: "Caller hears: …", "Twilio dials …". */
  events: string[];
  /** Milliseconds from sending the request to reading its whole answer; absent when it got none. */
  ms?: number;
  /** When the answer had been read, by `Date.now()`; absent when it got none. */
  answeredAt?: number;
}

export type OutcomeStatus = 'completed' | 'rejected' | 'unsupported' | 'error';

export interface CallOutcome {
  status: OutcomeStatus;
  /** Plain words: why the call ended, or what went wrong. */
  detail: string;
  /**
   * The caller's call's final `CallStatus` at Twilio, when the call ended normally: `canceled` when
   * the caller hung up before anything answered (while a `<Dial answerOnBridge>` rang).
   */
  callStatus?: 'completed' | 'busy' | 'no-answer' | 'canceled';
}

export interface CallTranscript {
  callSid: string;
  from: string;
  to: string;
  steps: TranscriptStep[];
  outcome: CallOutcome;
}

/** Told about the call as it happens, e.g. to print it live while the agent's phone rings. */
export interface TranscriptListener {
  onCallStart?(call: { callSid: string; from: string; to: string; url: string }): void;
  onStep?(step: TranscriptStep): void;
  onEvent?(event: string): void;
}

/** Collects the steps of one call and passes each one on as soon as it is known. */
export class TranscriptRecorder {
  readonly steps: TranscriptStep[] = [];
  private document?: TranscriptStep;

  constructor(readonly listener: TranscriptListener = {}) {}

  record(step: TranscriptStep): void {
    this.steps.push(step);
    if (step.kind === 'twiml') this.document = step;
    this.listener.onStep?.(step);
  }

  /** Notes what happens while Twilio runs the latest TwiML document. */
  event(text: string): void {
    this.document?.events.push(text);
    this.listener.onEvent?.(text);
  }
}

/** Whether the call went as a real call could: `npm run call` exits 0 for these. */
export function endedNormally(outcome: CallOutcome): boolean {
  return outcome.status === 'completed' || outcome.status === 'rejected';
}
