import {
  createTranscriptPrinter,
  endedNormally,
  formatOutcome,
  parseCommandLine,
  simulateCall,
  USAGE,
} from '../lib/simulator';

/** `npm run call -- [options]`: one simulated Twilio call; exit 0 when it ended as a real call could. */
async function main(argv: string[]): Promise<number> {
  const commandLine = parseCommandLine(argv);
  if (commandLine.help) {
    console.log(USAGE);
    return 0;
  }
  const { call, output } = commandLine;
  const printer = output === 'text' ? createTranscriptPrinter((line) => console.log(line)) : undefined;
  const transcript = await simulateCall(call, printer);
  if (output === 'json') console.log(JSON.stringify(transcript, null, 2));
  const ok = endedNormally(transcript.outcome);
  if (ok && output !== 'json') console.log(formatOutcome(transcript));
  if (!ok) console.error(formatOutcome(transcript));
  return ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // Options errors and the unexpected alike: one line, no stack trace.
    console.error(`Error: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
