import {
  type CallbackPlan,
  createTranscriptPrinter,
  describeCallbackScript,
  endedNormally,
  formatOutcome,
  LocalStackError,
  parseCommandLine,
  sendCallbackScript,
  simulateCall,
  USAGE,
} from '../tools/twilio-emulator';

/**
 * `npm run call -- [options]`: one simulated Twilio call; exit 0 when it ended as a real call could,
 * 2 when the local stack lacks what --callback-* needs.
 */
async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv);
  if (commandLine.help) {
    console.log(USAGE);
    return 0;
  }
  const { call, output, callbacks } = commandLine;
  const printer = output === 'text' ? createTranscriptPrinter((line) => console.log(line)) : undefined;
  const transcript = await simulateCall(call, printer);
  if (output === 'json') console.log(JSON.stringify(transcript, null, 2));
  const ok = endedNormally(transcript.outcome);
  if (ok && output !== 'json') console.log(formatOutcome(transcript));
  if (!ok) console.error(formatOutcome(transcript));
  if (callbacks) await scriptCallbacks(callbacks, transcript.callSid, output === 'text');
  return ok ? 0 : 1;
}

/** Redial keys a callback by the CallSid of the call that asked for it, and so does the emulator. */
async function scriptCallbacks(plan: CallbackPlan, callSid: string, print: boolean): Promise<void> {
  await sendCallbackScript(plan.emulatorUrl, callSid, plan.script);
  if (print)
    console.log(`Callbacks for ${callSid} in the Twilio emulator: ${describeCallbackScript(plan.script)}`);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Options errors and the unexpected alike: one line, no stack trace.
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = error instanceof LocalStackError ? 2 : 1;
  },
);
