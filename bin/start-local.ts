import { runCommand } from '../tools/command-line/command-frame';
import { startCommand } from '../tools/local-stack/start-command';
import { twilioEmulatorForLocalStack } from '../tools/twilio-emulator/local-stack-twilio-api';

/** `npm start`: `redial start`, tools/local-stack/start-command.ts. */
runCommand(startCommand(twilioEmulatorForLocalStack()), process.argv.slice(2)).then((code) => {
  // The stack has stopped, or never started: whatever it left open must not keep the process.
  process.exit(code);
});
