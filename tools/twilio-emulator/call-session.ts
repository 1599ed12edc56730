import { setTimeout as sleep } from 'node:timers/promises';
import { VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { SimulationError } from './errors';
import { apiUrl, type SessionOptions, type SimulatorOptions } from './options';
import {
  type FormParams,
  type HttpMethod,
  type SignedWebhookClient,
  type WebhookRequest,
  type WebhookResponse,
  WebhookUnreachableError,
} from './signed-webhook-client';
import type { SimulatedClock } from './simulated-clock';
import { type CallEnd, StatusReports } from './status-reports';
import type { CallOutcome, TranscriptRecorder, TranscriptStep } from './transcript';
import { twilioSid } from './twilio-ids';
import { readTwiml, TwimlError } from './twiml-reader';
import { answersAtStart, runVerb } from './verbs/run-verb';
import type { Parties, TwimlDocument, VerbContext, VerbResult } from './verbs/verb-context';

/** The call as Twilio reports it in `CallStatus`: `canceled` once the caller gave up while it rang. */
type CallStatus = 'ringing' | 'in-progress' | 'completed' | 'canceled';

/** How a call reaches its TwiML: who calls whom, and the first webhook Twilio makes. */
export interface CallStart {
  callSid: string;
  direction: 'inbound' | 'outbound-api';
  from: string;
  to: string;
  /** `CallStatus` until a verb answers: an inbound call rings, an outbound one was answered already. */
  status: Extract<CallStatus, 'ringing' | 'in-progress'>;
  parties: Parties;
  /** The first TwiML request: the Voice URL of the number called, or the `Url` of an outbound call. */
  first: { label: string; method: HttpMethod; url: string };
  /**
   * The number's call status callback ("Call status changes" in the Twilio console), which Twilio
   * POSTs once the call has ended; none for a number without one, and for calls the session does
   * not report on itself.
   */
  statusCallback?: string;
  /** The number's Voice Fallback URL, for an inbound call to a number that has one. */
  fallbackUrl?: string;
}

/**
 * A call from `options.from` to a Redial number, which Twilio posts to `{baseUrl}/voice/incoming`;
 * when it ends, Twilio posts `options.statusCallback`.
 */
export function inboundCall(options: SimulatorOptions): CallStart {
  return {
    callSid: twilioSid('CA'),
    direction: 'inbound',
    from: options.from,
    to: options.to,
    status: 'ringing',
    parties: { onCall: 'Caller' },
    first: { label: 'incoming call', method: 'POST', url: apiUrl(options.baseUrl, VOICE_ROUTES.incoming) },
    ...(options.statusCallback !== null && { statusCallback: options.statusCallback }),
    ...(options.fallbackUrl !== null && { fallbackUrl: options.fallbackUrl }),
  };
}

type DocumentEnd = Exclude<VerbResult, { next: 'continue' }>;

/** One call: Twilio's side of the TwiML conversation, from the first webhook to the hang-up. */
export class CallSession {
  private callStatus: CallStatus;
  private documentsRequested = 0;
  private readonly digits: string[];
  /** When the call was answered, and when the caller hung up, by the call's clock (`now`). */
  private answeredAt?: number;
  private hungUpAt?: number;
  /** Seconds of the call that the simulator reported without waiting for them. */
  private unwaitedSeconds = 0;

  constructor(
    private readonly options: SessionOptions,
    private readonly start: CallStart,
    private readonly client: SignedWebhookClient,
    private readonly recorder: TranscriptRecorder,
    /** Set when the call's waits are simulated rather than slept. */
    private readonly clock?: SimulatedClock,
  ) {
    this.digits = [...options.digits];
    this.callStatus = start.status;
    if (start.status === 'in-progress') this.answeredAt = this.now();
  }

  get callSid(): string {
    return this.start.callSid;
  }

  /**
   * Runs the call to its end, then posts the call status callback, if any, as its last request; a
   * webhook that answers badly throws a `SimulationError`. The call status callback is posted
   * however the call ended, as Twilio posts it for a call that failed too, but when the call ended
   * with an error, that error is what is thrown.
   */
  async run(): Promise<CallOutcome> {
    let outcome: CallOutcome;
    try {
      outcome = await this.play();
    } catch (error) {
      await this.reportEndAfter(error);
      throw error;
    }
    await this.reportEnd(outcome);
    return outcome;
  }

  private async play(): Promise<CallOutcome> {
    const { label, method, url } = this.start.first;
    let document = await this.fetchDocument(label, { method, url, params: this.callParams() });
    for (;;) {
      const result = await this.runDocument(document);
      if (result.next === 'end') return result.outcome;
      document = result.document;
    }
  }

  private async runDocument(document: TwimlDocument): Promise<DocumentEnd> {
    const context = this.contextFor(document);
    for (const verb of document.verbs) {
      if (answersAtStart(verb)) this.answer();
      const result = await runVerb(verb, context);
      if (result.next !== 'continue') return result;
    }
    this.recorder.event('No verbs are left, so Twilio hangs up');
    return {
      next: 'end',
      outcome: {
        status: 'completed',
        detail: 'the TwiML ran out of verbs, so Twilio hung up',
        callStatus: 'completed',
      },
    };
  }

  private contextFor(document: TwimlDocument): VerbContext {
    return {
      options: this.options,
      callSid: this.callSid,
      parties: this.start.parties,
      document,
      callerGone: () => this.callerGone(),
      answered: () => this.answeredAt !== undefined,
      answer: () => this.answer(),
      event: (text) => this.recorder.event(text),
      callParams: () => this.callParams(),
      fetchDocument: (label, request) => this.fetchDocument(label, request),
      postCallback: (label, request) => this.postCallback(label, request),
      // An empty entry in --digits is silence at that Gather, like running out of entries.
      nextDigits: () => this.digits.shift() || undefined,
      callerHangsUp: () => this.callerHangsUp(),
      wait: async (seconds) => (this.clock ? this.clock.advance(seconds) : await sleep(seconds * 1000)),
      elapse: (seconds) => {
        this.unwaitedSeconds += seconds;
      },
    };
  }

  private now(): number {
    return this.clock?.now() ?? Date.now();
  }

  private callerGone(): boolean {
    return this.callStatus === 'completed' || this.callStatus === 'canceled';
  }

  private answer(): void {
    if (this.callStatus !== 'ringing') return;
    this.callStatus = 'in-progress';
    this.answeredAt = this.now();
  }

  private callerHangsUp(): void {
    if (this.callerGone()) return;
    this.callStatus = this.callStatus === 'ringing' ? 'canceled' : 'completed';
    this.hungUpAt = this.now();
  }

  /**
   * The number's call status callback, as Twilio posts it when the call has ended: by default the
   * `completed` event only, with the final `CallStatus` and `CallDuration`
   * (twilio.com/docs/voice/api/call-resource#statuscallback).
   */
  private async reportEnd(outcome: CallOutcome): Promise<void> {
    const { statusCallback } = this.start;
    if (!statusCallback) return;
    this.hungUpAt ??= this.now();
    const { accountSid } = this.options;
    const { callSid, direction, from, to } = this.start;
    const statusReports = new StatusReports(
      { accountSid, callSid, direction, from, to },
      { url: statusCallback, method: 'POST', events: ['completed'] },
      (label, request) => this.postCallback(label, request),
      'call status callback',
    );
    await statusReports.report('completed', this.callEnd(outcome));
  }

  /** Posts the call status callback after an error, which a failure of the callback must not hide. */
  private async reportEndAfter(error: unknown): Promise<void> {
    // Anything but a webhook that answered badly is a bug, which errorOutcome throws on.
    const outcome = errorOutcome(error);
    if (this.unreachable(error)) {
      this.recorder.event('The call status callback is not posted: its server could not be reached just now');
      return;
    }
    try {
      await this.reportEnd(outcome);
    } catch (failure) {
      this.recorder.event(`The call status callback failed too: ${errorOutcome(failure).detail}`);
    }
  }

  /**
   * Whether the error was that the status callback's server could not be reached, which it would
   * not be for the status callback either (and a time-out would only double the wait).
   */
  private unreachable(error: unknown): boolean {
    return error instanceof WebhookUnreachableError && this.sameOrigin(error.url, this.start.statusCallback);
  }

  /**
   * How the call ended: a call that stopped at an error or at unsupported TwiML counts as
   * answered (Twilio answers to play its application-error message), unless the caller had hung up
   * while it still rang.
   */
  private callEnd(outcome: CallOutcome): CallEnd {
    const status = outcome.callStatus ?? (this.callStatus === 'canceled' ? 'canceled' : 'completed');
    return { status, duration: this.secondsSinceAnswer() };
  }

  /** `CallDuration`: whole seconds from the answer to the hang-up, 0 when never answered. */
  private secondsSinceAnswer(): number {
    if (this.answeredAt === undefined) return 0;
    const waited = ((this.hungUpAt ?? this.now()) - this.answeredAt) / 1000;
    return Math.round(waited + this.unwaitedSeconds);
  }

  private callParams(): FormParams {
    const { from, to, direction } = this.start;
    return {
      AccountSid: this.options.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.callSid,
      CallStatus: this.callStatus,
      Called: to,
      Caller: from,
      Direction: direction,
      From: from,
      To: to,
    };
  }

  private async fetchDocument(label: string, request: WebhookRequest): Promise<TwimlDocument> {
    this.documentsRequested += 1;
    if (this.documentsRequested > this.options.maxSteps) {
      throw new SimulationError(
        `gave up before request ${this.documentsRequested}: --max-steps is ${this.options.maxSteps}, so the call flow probably loops`,
      );
    }
    const response = await this.sendOrFail(label, request);
    if ('failure' in response) return this.fallBack(label, request, response.failure);
    const step = toStep('twiml', label, request, response);
    if (response.status >= 500 && this.mayFallBack(request)) {
      this.recorder.record(step);
      return this.fallBack(label, request, {
        errorCode: RETRIEVAL_FAILURE,
        detail: describeStatus(response),
      });
    }
    const problem = response.status === 200 ? readVerbsInto(step, response) : describeStatus(response);
    this.recorder.record(step);
    if (problem) throw new SimulationError(`${label}: ${problem}`);
    return { url: response.url, verbs: step.verbs };
  }

  /**
   * The answer, or, when the request got none (no connection, no answer in 15 s) and the number
   * has a fallback, that failure, recorded as a step with no status.
   */
  private async sendOrFail(
    label: string,
    request: WebhookRequest,
  ): Promise<WebhookResponse | { failure: FetchFailure }> {
    try {
      return await this.client.send(request);
    } catch (error) {
      if (!(error instanceof WebhookUnreachableError) || !this.mayFallBack(request)) throw error;
      // A server that just refused a connection refuses the next one too (as for the status
      // callback); one that timed out may still answer the fallback, served by another function.
      if (!error.timedOut && this.sameOrigin(error.url, this.start.fallbackUrl)) {
        this.recorder.event('The fallback URL is not requested: its server could not be reached just now');
        throw error;
      }
      this.recorder.record({ ...toStep('twiml', label, request, NO_ANSWER), request: stepRequest(request) });
      return { failure: { errorCode: CONNECTION_FAILURE, detail: error.message } };
    }
  }

  private sameOrigin(url: string, other: string | undefined): boolean {
    return other !== undefined && new URL(url).origin === new URL(other).origin;
  }

  /** Twilio turns to the number's fallback for a failed TwiML request, but not for the fallback's own. */
  private mayFallBack(request: WebhookRequest): boolean {
    const { fallbackUrl } = this.start;
    return fallbackUrl !== undefined && new URL(request.url).pathname !== new URL(fallbackUrl).pathname;
  }

  /**
   * What Twilio does when it cannot get TwiML (twilio.com/docs/usage/security/availability-reliability):
   * requests the number's fallback URL with the call's parameters, ErrorCode and ErrorUrl (the URL
   * that failed), and carries on with its TwiML.
   */
  private fallBack(label: string, failed: WebhookRequest, failure: FetchFailure): Promise<TwimlDocument> {
    this.recorder.event(`${label} failed (${failure.detail}): Twilio requests the number's fallback URL`);
    return this.fetchDocument(`fallback after ${label}`, {
      method: 'POST',
      url: this.start.fallbackUrl as string,
      params: { ...this.callParams(), ErrorCode: failure.errorCode, ErrorUrl: failed.url },
    });
  }

  private async postCallback(label: string, request: WebhookRequest): Promise<void> {
    const response = await this.client.send(request);
    this.recorder.record(toStep('callback', label, request, response));
    if (response.status < 200 || response.status > 299)
      throw new SimulationError(`${label}: ${describeStatus(response)}`);
  }
}

/** Twilio's codes for a TwiML request that failed: an HTTP error status, or no connection or answer. */
const RETRIEVAL_FAILURE = '11200';
const CONNECTION_FAILURE = '11205';

interface FetchFailure {
  readonly errorCode: string;
  readonly detail: string;
}

/** A request that got no HTTP answer, as its transcript step shows it: status 0. */
const NO_ANSWER: WebhookResponse = { url: '', status: 0, statusText: '', contentType: '', body: '' };

function stepRequest(request: WebhookRequest): TranscriptStep['request'] {
  return { method: request.method, url: request.url, params: request.params };
}

/**
 * The outcome of a call that stopped because a webhook answered badly or not at all, which the
 * session reports by throwing; anything else thrown is a bug and is thrown on.
 */
export function errorOutcome(error: unknown): CallOutcome {
  if (error instanceof SimulationError || error instanceof WebhookUnreachableError) {
    return { status: 'error', detail: error.message };
  }
  throw error;
}

export function toStep(
  kind: TranscriptStep['kind'],
  label: string,
  request: WebhookRequest,
  response: WebhookResponse,
): TranscriptStep {
  return {
    kind,
    label,
    request: { method: request.method, url: response.url, params: request.params },
    status: response.status,
    verbs: [],
    events: [],
    ...(response.ms !== undefined && { ms: response.ms, answeredAt: response.answeredAt }),
  };
}

/** Fills in the step's verbs; returns what is wrong when the body is not TwiML. */
function readVerbsInto(step: TranscriptStep, response: WebhookResponse): string | undefined {
  try {
    step.verbs = readTwiml(response.body);
    return undefined;
  } catch (error) {
    if (!(error instanceof TwimlError)) throw error;
    return `${response.url} answered 200 but not with TwiML (Content-Type: ${response.contentType || 'none'}): ${error.message}`;
  }
}

const STATUS_HINTS: Record<number, string> = {
  403: 'the server refused the request, most likely because X-Twilio-Signature did not verify: check --auth-token, and that --url is the public URL the server validates against',
  404: 'no such route: check --url, stage path included',
};

function describeStatus(response: WebhookResponse): string {
  const hint = STATUS_HINTS[response.status];
  const body = response.body.replace(/\s+/g, ' ').trim().slice(0, 160);
  return [
    `${response.url} answered HTTP ${response.status} ${response.statusText}`.trim(),
    hint && `— ${hint}`,
    body && `(body: ${body})`,
  ]
    .filter(Boolean)
    .join(' ');
}
