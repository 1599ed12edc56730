import { Command } from 'commander';
import { runCommand, setAction } from '../command-line/command-frame';
import { CannotRunError, EXIT } from '../command-line/errors';
import { type CliOutput, consoleOutput } from '../command-line/output';
import type { CallbackPlan } from './callback-options';
import { describeCallbackScript } from './callback-script';
import { sendCallbackScript } from './emulator-control';
import { simulateCall } from './index';
import { type LocalStackDefaults, readLocalStackDefaults } from './local-stack-defaults';
import { type CallValues, callOptions, commandLineOf } from './options';
import { type CallTranscript, endedNormally } from './transcript';
import { createTranscriptPrinter, formatOutcome } from './transcript-printer';

/** `redial call` (and `npm run call`): one simulated Twilio call against a Redial API. */

export const CALL_SUMMARY =
  "Play Twilio's part in one inbound call against the local stack or a deployed API";

const DESCRIPTION = `Plays Twilio's part in one inbound call against a Redial API and prints the conversation. \
Without --url, --auth-token and --to it calls the local stack, from what npm start wrote to .redial/local.json.`;

const AFTER_HELP = `
npm run call -- [options] runs it too.

Exit status: 0 the call ended as a real call could (completed, or rejected by the TwiML), 1 it did
not (a webhook answered badly, or the simulation stopped), 2 a bad option, no local stack for
--callback-*, or an API that does not answer.`;

/**
 * `env` and `local` give the defaults: the auth token from TWILIO_AUTH_TOKEN, the rest from the
 * local stack's state file, read only when the call is made (so --help needs no local stack).
 */
export function callCommand(
  env: NodeJS.ProcessEnv = process.env,
  local: () => LocalStackDefaults = readLocalStackDefaults,
): Command {
  const command = new Command('call').summary(CALL_SUMMARY).description(DESCRIPTION);
  for (const option of callOptions()) command.addOption(option);
  command.addHelpText('after', AFTER_HELP);
  return setAction<CallValues>(command, async ({ options, output }) => {
    const { call, output: mode, callbacks } = commandLineOf(options, env, local());
    const printer = mode === 'text' ? createTranscriptPrinter((line) => output.out(line)) : undefined;
    const transcript = await simulateCall(call, printer);
    if (unanswered(transcript)) {
      const hint = options.url === undefined ? '; is the local stack running (npm start)?' : '';
      throw new CannotRunError(`${transcript.outcome.detail}${hint}`);
    }
    if (mode === 'json') output.out(JSON.stringify(transcript, null, 2));
    const ok = endedNormally(transcript.outcome);
    if (ok && mode !== 'json') output.out(formatOutcome(transcript));
    if (!ok) output.err(formatOutcome(transcript));
    if (callbacks) await scriptCallbacks(callbacks, transcript.callSid, mode === 'text', output);
    return ok ? EXIT.clean : EXIT.findings;
  });
}

/** `redial call ...argv`, printing to `output`; resolves to the exit status. */
export function runCall(
  argv: readonly string[],
  output: CliOutput = consoleOutput,
  env: NodeJS.ProcessEnv = process.env,
  local: () => LocalStackDefaults = readLocalStackDefaults,
): Promise<number> {
  return runCommand(callCommand(env, local), argv, output);
}

/**
 * Not one webhook got an answer: the API is not there (or never answers), so there was no call to
 * judge. A step with status 0 is a request that got none (before the fallback URL was tried).
 */
function unanswered({ steps, outcome }: CallTranscript): boolean {
  return outcome.status === 'error' && steps.every((step) => step.status === 0);
}

/** Redial keys a callback by the CallSid of the call that asked for it, and so does the emulator. */
async function scriptCallbacks(
  plan: CallbackPlan,
  callSid: string,
  print: boolean,
  output: CliOutput,
): Promise<void> {
  await sendCallbackScript(plan.emulatorUrl, callSid, plan.script);
  if (print)
    output.out(`Callbacks for ${callSid} in the Twilio emulator: ${describeCallbackScript(plan.script)}`);
}
