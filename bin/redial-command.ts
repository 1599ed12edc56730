import type { Command } from 'commander';
import { auditTwimlCommand } from '../tools/cli/audit-twiml';
import { callbacksCommand } from '../tools/cli/callbacks-command';
import { callsCommand } from '../tools/cli/calls-command';
import { dashboardPage } from '../tools/cli/dashboard-page';
import { diagnoseCommand } from '../tools/cli/diagnose-command';
import { dlqCommand } from '../tools/cli/dlq-command';
import { reportCommand } from '../tools/cli/report-command';
import { createProgram, runProgram } from '../tools/command-line/command-frame';
import { type CliOutput, consoleOutput } from '../tools/command-line/output';
import { emulatorsCommand } from '../tools/local-stack/emulators-command';
import { startCommand } from '../tools/local-stack/start-command';
import { accountEmulatorCommand } from '../tools/twilio-emulator/account-emulator-command';
import { callCommand } from '../tools/twilio-emulator/call-command';
import { twilioEmulatorForLocalStack } from '../tools/twilio-emulator/local-stack-twilio-api';

/**
 * The `redial` program: every tool's commands in one, under one convention for options, help,
 * exit status and errors (tools/command-line/command-frame.ts). `bin/redial.cjs` runs it; `npm start`
 * and `npm run call` are `redial start` and `redial call`.
 */
export function redialProgram(): Command {
  return createProgram([
    // The local stack plays Twilio's REST API with the Twilio emulator and serves the report's
    // dashboard, both handed in here so that no tool imports another.
    startCommand(twilioEmulatorForLocalStack(), (info) => [dashboardPage(info)]),
    emulatorsCommand(),
    callCommand(),
    callsCommand(),
    callbacksCommand(),
    reportCommand(),
    dlqCommand(),
    auditTwimlCommand(),
    diagnoseCommand(),
    accountEmulatorCommand(),
  ]);
}

/** `redial ...argv`; resolves to the exit status. */
export function main(argv: readonly string[], output: CliOutput = consoleOutput): Promise<number> {
  return runProgram(redialProgram(), argv, output);
}
