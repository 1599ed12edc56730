import { runCall } from '../tools/twilio-emulator/call-command';

/** `npm run call -- [options]`: `redial call`, tools/twilio-emulator/call-command.ts. */
runCall(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
