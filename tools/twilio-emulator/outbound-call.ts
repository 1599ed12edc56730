import { setTimeout as sleep } from 'node:timers/promises';
import { type LegOutcome, playAgentScript, sipCodeLabel } from './agent-scripts';
import { CallSession, type CallStart, errorOutcome, toStep } from './call-session';
import { type CallbackAttempt, describeAttempt } from './callback-script';
import { CALL_DEFAULTS, type SessionOptions } from './options';
import {
  type HttpMethod,
  type SignedWebhookClient,
  type WebhookRequest,
  WebhookUnreachableError,
} from './signed-webhook-client';
import { type CallEnd, type ProgressSubscription, StatusReports } from './status-reports';
import { type TranscriptListener, TranscriptRecorder, type TranscriptStep } from './transcript';
import { formatStep } from './transcript-printer';
import { twilioSid } from './twilio-ids';

/** A `POST …/Calls.json` as the emulator understood it. */
export interface CallRequest {
  to: string;
  from: string;
  /** Requested, with `method`, when the call is answered. */
  url: string;
  method: HttpMethod;
  statusCallback?: ProgressSubscription;
  /** How long the phone may ring before Twilio gives up (`Timeout`, default 60 s). */
  timeout: number;
}

/** The call's `status` in the REST API (twilio.com/docs/voice/api/call-resource#call-status-values). */
export type CallResourceStatus =
  | 'queued'
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'canceled';

/** Which script entry a call plays. */
export interface ScriptChoice {
  /** The `callback` query parameter of `Url`; none when it has none. */
  scriptKey?: string;
  /** The call's place among the calls with its key, from 0. */
  index: number;
  /** False when the defaults apply because no script was set for the key. */
  scripted: boolean;
  attempt: CallbackAttempt;
}

/** One call placed through the emulator, as it stands now. */
export interface EmulatedCall extends Readonly<ScriptChoice> {
  readonly sid: string;
  readonly request: CallRequest;
  readonly status: CallResourceStatus;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
  readonly startTime?: Date;
  readonly endTime?: Date;
  /** Seconds from the answer to the hang-up, once the call is over. */
  readonly duration?: number;
  /** Every webhook made for the call, in order. */
  readonly steps: readonly TranscriptStep[];
  /** Settles once the call's last webhook has been answered; it never rejects. */
  readonly ended: Promise<void>;
}

/** What playing a call needs from the emulator. */
export interface PlayEnvironment {
  accountSid: string;
  client: SignedWebhookClient;
  /** How long each phone rings before it does what the script says. */
  ringSeconds: number;
  log: (line: string) => void;
}

type CallState = { -readonly [K in keyof EmulatedCall]: EmulatedCall[K] };

/** The agent answered Redial's call, and `<Dial>`s the customer from it. */
const CALLBACK_PARTIES = { onCall: 'Agent', dialled: 'customer' };

/**
 * A queued call, which starts ringing when `start` is called: the emulator answers the REST
 * request first, as Twilio does, so that the status callbacks come after Redial has the SID.
 */
export function placeCall(
  request: CallRequest,
  choice: ScriptChoice,
  env: PlayEnvironment,
): { call: EmulatedCall; start: () => void } {
  const now = new Date();
  let start = () => {};
  const started = new Promise<void>((resolve) => {
    start = resolve;
  });
  const call: CallState = {
    ...choice,
    sid: twilioSid('CA'),
    request,
    status: 'queued',
    dateCreated: now,
    dateUpdated: now,
    steps: [],
    ended: started,
  };
  call.ended = started
    .then(() => play(call, env))
    .catch((error: unknown) => env.log(`${prefix(call)} stopped by an emulator bug: ${String(error)}`));
  env.log(
    `${prefix(call)} from ${request.from} to ${request.to}: queued${attemptOf(request.url)}, ${describeChoice(choice)}`,
  );
  return { call, start };
}

async function play(call: CallState, env: PlayEnvironment): Promise<void> {
  const recorder = new TranscriptRecorder(logListener(call, env.log));
  call.steps = recorder.steps;
  const statusReports = new StatusReports(
    {
      accountSid: env.accountSid,
      callSid: call.sid,
      direction: 'outbound-api',
      from: call.request.from,
      to: call.request.to,
    },
    call.request.statusCallback,
    (label, request) => postProgress(call, env, recorder, label, request),
  );
  await statusReports.report('initiated');
  update(call, { status: 'ringing' });
  await statusReports.report('ringing');
  const pickup = ring(call, env);
  await sleep(pickup.ringSeconds * 1000);
  env.log(`${prefix(call)} to ${call.request.to}: ${describePickup(pickup)}`);
  if (pickup.answered) {
    update(call, { status: 'in-progress', startTime: new Date() });
    await statusReports.report('answered');
  }
  const end = pickup.answered ? await talk(call, env, recorder, pickup) : unanswered(pickup);
  update(call, { status: end.status, endTime: new Date(), duration: end.duration });
  env.log(`${prefix(call)} ends: ${end.status}${pickup.answered ? ` after ${end.duration} s` : ''}`);
  await statusReports.report('completed', end);
}

/** The agent's phone, scripted like a dialled leg: Twilio gives up at the call's `Timeout`. */
function ring(call: CallState, env: PlayEnvironment): LegOutcome {
  const script = { agent: call.attempt.agent, ringSeconds: env.ringSeconds, talkSeconds: 0 };
  const leg = call.request.to.startsWith('sip:') ? 'sip' : 'number';
  return playAgentScript(script, leg, call.request.timeout, 'agent');
}

function describePickup(pickup: LegOutcome): string {
  if (!pickup.answered) return `${pickup.description} → ${pickup.status}`;
  const code = pickup.sipResponseCode;
  return `agent answers after ${pickup.ringSeconds} s${code === undefined ? '' : ` (${sipCodeLabel(code)})`}`;
}

function unanswered(pickup: LegOutcome): CallEnd {
  return { status: pickup.status, duration: 0, sipResponseCode: pickup.sipResponseCode };
}

/** The answered call runs Redial's TwiML, like an inbound call does, until it hangs up. */
async function talk(
  call: CallState,
  env: PlayEnvironment,
  recorder: TranscriptRecorder,
  pickup: LegOutcome,
): Promise<CallEnd> {
  const start: CallStart = {
    callSid: call.sid,
    direction: 'outbound-api',
    from: call.request.from,
    to: call.request.to,
    status: 'in-progress',
    parties: CALLBACK_PARTIES,
    first: { label: 'call answered', method: call.request.method, url: call.request.url },
  };
  const session = new CallSession(sessionOptions(env, call.attempt), start, env.client, recorder);
  const outcome = await session.run().catch(errorOutcome);
  // Any other ending was told as it happened, by the events of the verb that ended the call.
  if (outcome.status === 'error') env.log(`${prefix(call)} error: ${outcome.detail}; Twilio hangs up`);
  return { status: 'completed', duration: callDuration(call), sipResponseCode: pickup.sipResponseCode };
}

/** The customer is the `<Dial>`led party, and the agent gives the same keys at every `<Gather>`. */
function sessionOptions(env: PlayEnvironment, attempt: CallbackAttempt): SessionOptions {
  const { from: _caller, ...defaults } = CALL_DEFAULTS;
  return {
    ...defaults,
    accountSid: env.accountSid,
    agent: attempt.customer,
    ringSeconds: env.ringSeconds,
    digits: new Array<string>(defaults.maxSteps).fill(attempt.digits),
  };
}

/**
 * Seconds since the answer, plus the talk time of any bridged `<Dial>`, which the simulator
 * reports in `DialCallDuration` without waiting for it.
 */
function callDuration(call: CallState): number {
  const waited = (Date.now() - (call.startTime ?? call.dateCreated).getTime()) / 1000;
  const bridged = call.steps
    .filter((step) => step.label === 'dial action')
    .reduce((sum, step) => sum + Number(step.request.params.DialCallDuration ?? 0), 0);
  return Math.round(waited) + bridged;
}

/** A status callback that fails is logged, as Twilio's debugger would, and the call goes on. */
async function postProgress(
  call: CallState,
  env: PlayEnvironment,
  recorder: TranscriptRecorder,
  label: string,
  request: WebhookRequest,
): Promise<void> {
  try {
    recorder.record(toStep('callback', label, request, await env.client.send(request)));
  } catch (error) {
    if (!(error instanceof WebhookUnreachableError)) throw error;
    env.log(`${prefix(call)} ${label} failed: ${error.message}`);
  }
}

function update(call: CallState, changes: Partial<CallState>): void {
  Object.assign(call, changes, { dateUpdated: new Date() });
}

function logListener(call: CallState, log: (line: string) => void): TranscriptListener {
  const origin = new URL(call.request.url).origin;
  return {
    onStep(step) {
      const { request, params, answer } = formatStep(step, origin);
      log(`${prefix(call)} ${[request, params, answer].filter(Boolean).join(' ')}`);
    },
    onEvent(text) {
      log(`${prefix(call)} ${text}`);
    },
  };
}

/** ` (callback CA… attempt 2)` for a callback's call, from the TwiML URL Redial gave: what a log reader counts by. */
function attemptOf(url: string): string {
  const query = new URL(url).searchParams;
  const callback = query.get('callback');
  return callback ? ` (callback ${callback} attempt ${query.get('attempt')})` : '';
}

function prefix(call: CallState): string {
  return `[twilio] outbound ${call.sid}`;
}

function describeChoice({ scriptKey, index, scripted, attempt }: ScriptChoice): string {
  const what = `call ${index + 1}: ${describeAttempt(attempt)}`;
  if (scripted) return `callback ${scriptKey} ${what}`;
  if (scriptKey) return `callback ${scriptKey} has no script, so the defaults apply, ${what}`;
  return `no callback parameter in Url, so the defaults apply, ${what}`;
}
