import { setTimeout as sleep } from 'node:timers/promises';
import { SimulationError } from './errors';
import type { SessionOptions, SimulatorOptions } from './options';
import {
  type FormParams,
  type HttpMethod,
  type SignedWebhookClient,
  type WebhookRequest,
  type WebhookResponse,
  WebhookUnreachableError,
} from './signed-webhook-client';
import type { CallOutcome, TranscriptRecorder, TranscriptStep } from './transcript';
import { twilioSid } from './twilio-ids';
import { readTwiml, TwimlError } from './twiml-reader';
import { runVerb, VERBS_THAT_DO_NOT_ANSWER } from './verbs/run-verb';
import type { Parties, TwimlDocument, VerbContext, VerbResult } from './verbs/verb-context';

/** Where Twilio posts a call to a Redial number: the number's Voice URL. */
export const INCOMING_CALL_PATH = '/voice/incoming';

/** The call as Twilio reports it in `CallStatus`. */
type CallStatus = 'ringing' | 'in-progress' | 'completed';

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
}

/** A call from `options.from` to a Redial number, which Twilio posts to `{baseUrl}/voice/incoming`. */
export function inboundCall(options: SimulatorOptions): CallStart {
  return {
    callSid: twilioSid('CA'),
    direction: 'inbound',
    from: options.from,
    to: options.to,
    status: 'ringing',
    parties: { onCall: 'Caller' },
    first: {
      label: 'incoming call',
      method: 'POST',
      url: options.baseUrl.replace(/\/+$/, '') + INCOMING_CALL_PATH,
    },
  };
}

type DocumentEnd = Exclude<VerbResult, { next: 'continue' }>;

/** One call: Twilio's side of the TwiML conversation, from the first webhook to the hang-up. */
export class CallSession {
  private callStatus: CallStatus;
  private documentsRequested = 0;
  private readonly digits: string[];

  constructor(
    private readonly options: SessionOptions,
    private readonly start: CallStart,
    private readonly client: SignedWebhookClient,
    private readonly recorder: TranscriptRecorder,
  ) {
    this.digits = [...options.digits];
    this.callStatus = start.status;
  }

  get callSid(): string {
    return this.start.callSid;
  }

  /** Runs the call to its end; a webhook that answers badly throws a `SimulationError`. */
  async run(): Promise<CallOutcome> {
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
      if (this.callStatus === 'ringing' && !VERBS_THAT_DO_NOT_ANSWER.has(verb.name))
        this.callStatus = 'in-progress';
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
      callerGone: () => this.callStatus === 'completed',
      event: (text) => this.recorder.event(text),
      callParams: () => this.callParams(),
      fetchDocument: (label, request) => this.fetchDocument(label, request),
      postCallback: (label, request) => this.postCallback(label, request),
      // An empty entry in --digits is silence at that Gather, like running out of entries.
      nextDigits: () => this.digits.shift() || undefined,
      callerHangsUp: () => {
        this.callStatus = 'completed';
      },
      wait: (seconds) => sleep(seconds * 1000),
    };
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
    const response = await this.client.send(request);
    const step = toStep('twiml', label, request, response);
    const problem = response.status === 200 ? readVerbsInto(step, response) : describeStatus(response);
    this.recorder.record(step);
    if (problem) throw new SimulationError(`${label}: ${problem}`);
    return { url: response.url, verbs: step.verbs };
  }

  private async postCallback(label: string, request: WebhookRequest): Promise<void> {
    const response = await this.client.send(request);
    this.recorder.record(toStep('callback', label, request, response));
    if (response.status < 200 || response.status > 299)
      throw new SimulationError(`${label}: ${describeStatus(response)}`);
  }
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
