import { CallSession } from './call-session';
import { SimulationError } from './errors';
import { type CallOptions, completeCallOptions } from './options';
import { SignedWebhookClient, WebhookUnreachableError } from './signed-webhook-client';
import {
  type CallOutcome,
  type CallTranscript,
  type TranscriptListener,
  TranscriptRecorder,
} from './transcript';

/**
 * Plays Twilio's part in one inbound call against a Redial API and returns what happened. A
 * webhook that answers badly ends the call with an `error` outcome rather than throwing, so the
 * transcript up to that point is still there; only unusable options throw (`OptionsError`).
 */
export async function simulateCall(
  options: CallOptions,
  listener?: TranscriptListener,
): Promise<CallTranscript> {
  const complete = completeCallOptions(options);
  const recorder = new TranscriptRecorder(listener);
  const session = new CallSession(complete, new SignedWebhookClient(complete.authToken), recorder);
  const outcome = await session.run().catch(errorOutcome);
  return { callSid: session.callSid, from: complete.from, to: complete.to, steps: recorder.steps, outcome };
}

function errorOutcome(error: unknown): CallOutcome {
  if (error instanceof SimulationError || error instanceof WebhookUnreachableError) {
    return { status: 'error', detail: error.message };
  }
  throw error;
}

export type { AgentScenario, DialCallStatus } from './agent-scripts';
export { AGENT_SCENARIOS, dialCallStatusForSipCode } from './agent-scripts';
export { OptionsError } from './errors';
export type { CallOptions, CommandLine, OutputMode, SimulatorOptions } from './options';
export { CALL_DEFAULTS, parseCommandLine, USAGE } from './options';
export type { CallOutcome, CallTranscript, TranscriptListener, TranscriptStep } from './transcript';
export { endedNormally } from './transcript';
export { createTranscriptPrinter, formatOutcome } from './transcript-printer';
export type { TwimlVerb } from './twiml-reader';
