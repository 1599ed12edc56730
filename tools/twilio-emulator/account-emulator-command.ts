import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { setAction } from '../command-line/command-frame';
import { CannotRunError, EXIT } from '../command-line/errors';
import { processStopSignal } from '../command-line/stop-signal';
import { wholeNumber } from '../command-line/values';
import { ACCOUNT_SID, AUTH_TOKEN, weeksSinceSample } from './account-history-sample';
import { startSampleAccount } from './sample-account';

/**
 * `redial account-emulator`: a Twilio account's records without Twilio, for trying `redial
 * diagnose`: the sample week (account-history-sample.ts) moved to the latest whole week, served by
 * the account-history emulator, and the account's own web app answering its numbers' voice URLs,
 * checking Twilio's signature as a real one should.
 */

export const ACCOUNT_EMULATOR_SUMMARY =
  "Serve a sample Twilio account's records (alerts, calls, Insights, numbers) for redial diagnose";

const DESCRIPTION = `Serves a week of a sample account's Twilio records: a person declining during the day, a PBX \
rule declining every evening, a number whose TwiML starts with <Reject>, a number without a fallback URL whose \
webhook failed, and a number whose voice URL is a web page. The week is the sample's, moved by whole weeks to the \
latest that has ended, so weekdays and hours read as in the README. Prints the variables that point redial diagnose at it.`;

const AFTER_HELP = `
Example:
  terminal 1:  npx redial account-emulator --variables-file .redial/account.env
  terminal 2:  set -a; . .redial/account.env; set +a; npx redial diagnose --since 14d

Exit status: 0 stopped (Ctrl-C or SIGTERM), 2 a bad option.`;

const DEFAULT_PORT = 4599;

interface AccountEmulatorValues {
  readonly port: number;
  readonly insights: boolean;
  readonly variablesFile?: string;
}

export function accountEmulatorCommand(stopSignal: () => Promise<unknown> = processStopSignal): Command {
  const command = new Command('account-emulator')
    .summary(ACCOUNT_EMULATOR_SUMMARY)
    .description(DESCRIPTION)
    .addOption(
      new Option('--port <n>', "the REST API's port (the web app takes the next); 0 picks free ones")
        .argParser(wholeNumber('--port', 0, 65534))
        .default(DEFAULT_PORT),
    )
    .addOption(
      new Option('--no-insights', 'as an account without Voice Insights (the Summary API answers 17000)'),
    )
    .addOption(
      new Option('--variables-file <file>', 'also write the variables to FILE, one NAME=value a line'),
    )
    .addHelpText('after', AFTER_HELP);
  return setAction<AccountEmulatorValues>(command, async ({ options, output }) => {
    const { api, app, sample, stop } = await startSampleAccount({
      insightsEnabled: options.insights,
      weeksLater: weeksSinceSample(new Date()),
      port: options.port,
      // Beside the API, so the voice URLs read the same on every run.
      appPort: options.port === 0 ? 0 : options.port + 1,
    }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EADDRINUSE') throw error;
      throw new CannotRunError(
        `port ${options.port} or ${options.port + 1} is in use (another redial account-emulator?): pass --port N, or --port 0 for free ones`,
      );
    });
    const variables = [
      `TWILIO_API_BASE_URL=${api.url}`,
      `TWILIO_ACCOUNT_SID=${ACCOUNT_SID}`,
      `TWILIO_AUTH_TOKEN=${AUTH_TOKEN}`,
    ];
    if (options.variablesFile) writeFileSync(options.variablesFile, `${variables.join('\n')}\n`);
    output.out(
      [
        `Sample Twilio account running (Ctrl-C to stop): REST API ${api.url}, its web app ${app.url}.`,
        `Records from ${sample.history.now.toISOString().slice(0, 10)} back a week; Voice Insights ${options.insights ? 'enabled' : 'not enabled'}.`,
        'Point redial diagnose at it with:',
        ...variables.map((line) => `  export ${line}`),
        ...(options.variablesFile ? [`Written to ${options.variablesFile}`] : []),
      ].join('\n'),
    );
    await stopSignal();
    await stop();
    return EXIT.clean;
  });
}
