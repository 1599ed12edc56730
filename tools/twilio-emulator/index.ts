import { CallSession, errorOutcome, inboundCall } from './call-session';
import { type CallOptions, completeCallOptions } from './options';
import { SignedWebhookClient } from './signed-webhook-client';
import { SimulatedClock } from './simulated-clock';
import { type CallTranscript, type TranscriptListener, TranscriptRecorder } from './transcript';

/**
 * Plays Twilio's part in one inbound call against a Redial API and returns what happened; the
 * number's call status callback (`options.statusCallback`) is the call's last request, however it
 * ended. A webhook that answers badly ends the call with an `error` outcome rather than throwing,
 * so the transcript up to that point is still there; only unusable options throw (`OptionsError`).
 */
export async function simulateCall(
  options: CallOptions,
  listener?: TranscriptListener,
): Promise<CallTranscript> {
  const complete = completeCallOptions(options);
  const recorder = new TranscriptRecorder(listener);
  const start = inboundCall(complete);
  const { callSid, from, to } = start;
  recorder.listener.onCallStart?.({ callSid, from, to, url: start.first.url });
  const clock = complete.simulatedClock ? new SimulatedClock() : undefined;
  const client = new SignedWebhookClient(complete.authToken, complete.retryEachWebhook ? 2 : 1, clock);
  const outcome = await new CallSession(complete, start, client, recorder, clock).run().catch(errorOutcome);
  return { callSid, from, to, steps: recorder.steps, outcome };
}

export type {
  AccountHistory,
  HistoryAlert,
  HistoryCall,
  HistoryNumber,
  HistorySummary,
} from './account-history';
export type {
  AccountHistoryEmulator,
  AccountHistoryEmulatorOptions,
  ApiKey,
  RateLimit,
} from './account-history-emulator';
export { startAccountHistoryEmulator } from './account-history-emulator';
export type { AgentScenario, DialCallStatus } from './agent-scripts';
export { AGENT_SCENARIOS, dialCallStatusForSipCode } from './agent-scripts';
export type { CallbackPlan } from './callback-options';
export type { AgentOutcome, CallbackScript, CustomerOutcome } from './callback-script';
export { describeCallbackScript } from './callback-script';
export { SCRIPTS_PATH, sendCallbackScript } from './emulator-control';
export { LocalStackError, OptionsError } from './errors';
export type { CallOptions, CallValues, CommandLine, OutputMode, SimulatorOptions } from './options';
export { CALL_DEFAULTS, commandLineOf, parseCommandLine } from './options';
export type { CallOutcome, CallTranscript, TranscriptListener, TranscriptStep } from './transcript';
export { endedNormally } from './transcript';
export { createTranscriptPrinter, formatOutcome } from './transcript-printer';
export type {
  CallResourceStatus,
  EmulatedCall,
  TwilioRestEmulator,
  TwilioRestEmulatorOptions,
} from './twilio-rest-emulator';
export { startTwilioRestEmulator } from './twilio-rest-emulator';
export type { TwimlVerb } from './twiml-reader';
