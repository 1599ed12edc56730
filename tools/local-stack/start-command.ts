import { Command, Option } from 'commander';
import { setAction } from '../command-line/command-frame';
import { EXIT } from '../command-line/errors';
import { processStopSignal } from '../command-line/stop-signal';
import { seconds, wholeNumber } from '../command-line/values';
import type { LocalStack, LocalStackOptions } from './local-stack';

/** `redial start` (and `npm start`): the whole pipeline on this machine, on embedded emulators. */

export const START_SUMMARY = 'Run the whole pipeline on this machine, on embedded emulators (npm start)';

const DESCRIPTION = `Synthesizes the CDK app, starts DynamoDB, SQS, SNS, Secrets Manager and Twilio's REST API \
on embedded emulators, runs each Lambda bundle on them as the template wires it, and writes how to reach it all to \
.redial/local.json, which redial call, redial calls and redial callbacks read. Runs until Ctrl-C.`;

const AFTER_HELP = `
npm start -- [options] runs it too.

Exit status: 0 stopped (Ctrl-C or SIGTERM), 2 a bad option or a stack that could not start.`;

const TESTING_GROUP = 'For tests and demos:';

/**
 * Whatever plays Twilio's REST API for the local stack (the Twilio emulator), handed in by the
 * program so that the local stack depends on no other tool: the options `redial start` offers for
 * it, and its starter, made from the values of all of start's options (throwing a UsageError for a
 * bad one) before anything starts.
 */
export interface TwilioApiProvider<Values> {
  readonly options: readonly Option[];
  starter(values: Values): LocalStackOptions['startTwilioApi'];
}

interface StartValues {
  readonly config?: string;
  readonly port?: number;
  readonly stateDir?: string;
  readonly retryVisibilitySeconds?: number;
  readonly scheduleSeconds?: number;
  readonly deliverTwice?: boolean;
  readonly faults?: string;
}

/**
 * `pages` are served beside the API (the dashboard, handed in by the program like the Twilio API);
 * `stopSignal` resolves when the stack should stop: by default at SIGINT or SIGTERM.
 */
export function startCommand<Values>(
  twilioApi: TwilioApiProvider<Values>,
  pages?: LocalStackOptions['pages'],
  stopSignal: () => Promise<unknown> = processStopSignal,
): Command {
  const command = new Command('start')
    .summary(START_SUMMARY)
    .description(DESCRIPTION)
    .addOption(
      new Option(
        '--config <file>',
        'the Redial config (default: $REDIAL_CONFIG_FILE, else redial.config.json)',
      ),
    )
    .addOption(
      new Option('--port <n>', 'API port; 0 picks a free one (default: $PORT, else 3000)').argParser(
        wholeNumber('--port', 0, 65_535),
      ),
    )
    .addOption(
      new Option('--state-dir <dir>', 'where local.json and the cloud assembly go (default: .redial)'),
    )
    .addOption(
      new Option(
        '--retry-visibility-seconds <n>',
        "failed messages come back after N s instead of the queue's visibility timeout",
      )
        .argParser(wholeNumber('--retry-visibility-seconds', 0, 43_200))
        .helpGroup(TESTING_GROUP),
    )
    .addOption(
      new Option('--schedule-seconds <n>', 'run the schedules every N s instead of at their rate')
        .argParser(seconds('--schedule-seconds'))
        .helpGroup(TESTING_GROUP),
    )
    .addOption(
      new Option(
        '--deliver-twice',
        "hand every batch to its consumer twice, as SQS's at-least-once delivery may",
      ).helpGroup(TESTING_GROUP),
    )
    .addOption(
      new Option(
        '--faults <file>',
        "inject the faults a JSON fault plan describes into the functions' AWS requests (read again as it changes)",
      ).helpGroup(TESTING_GROUP),
    );
  for (const option of twilioApi.options) command.addOption(option);
  command.addHelpText('after', AFTER_HELP);
  return setAction<StartValues & Values>(command, async ({ options, output }) => {
    const startTwilioApi = twilioApi.starter(options);
    // Loaded here, not above: it brings the CDK app, which the other commands need not load.
    const { startLocalStack } = require('./local-stack') as typeof import('./local-stack');
    const started = Date.now();
    const stack = await startLocalStack({
      configFile: options.config,
      port: options.port,
      stateDir: options.stateDir,
      retryVisibilitySeconds: options.retryVisibilitySeconds,
      scheduleOverrideSeconds: options.scheduleSeconds,
      deliveriesPerBatch: options.deliverTwice ? 2 : 1,
      faultPlanFile: options.faults,
      startTwilioApi,
      pages,
      log: (line) => output.out(line),
    });
    output.out(banner(stack, Date.now() - started));
    await stopSignal();
    output.out('Stopping…');
    await stack.stop();
    return EXIT.clean;
  });
}

function banner({ info, wiring, stateFile, pages }: LocalStack, startMs: number): string {
  return `
Redial is running locally (started in ${(startMs / 1000).toFixed(1)} s).

  API            ${info.apiBaseUrl}   (POST ${wiring.routes.map((route) => route.path).join(', ')})
${pages.map((page) => `  ${page.name.padEnd(15)}${info.apiBaseUrl}${page.path}\n`).join('')}  Twilio token   ${info.twilio.authToken}   (the API checks X-Twilio-Signature with it)
  Numbers        ${info.numbers.join(', ')}
  Region         ${info.region}
  DynamoDB       ${info.endpoints.dynamodb}   table ${info.resources.table}
  SQS / SNS      ${info.endpoints.sqs}   topic ${info.resources.topicArn}
  Secrets        ${info.endpoints.secrets_manager}
  Twilio API     ${info.twilio.apiBaseUrl}   (emulated: the callback worker's calls are played here)
  Written to     ${stateFile}

Try a call in another terminal:  npm run call -- --agent decline --ring-seconds 8
`;
}
