import { writeFileSync } from 'node:fs';
import { Command, Option } from 'commander';
import { setAction } from '../command-line/command-frame';
import { EXIT } from '../command-line/errors';
import { processStopSignal } from '../command-line/stop-signal';
import { type Emulators, LOCAL_SERVICES, startEmulators } from './emulators';
import { resolveLocalhostSubdomains } from './localhost-dns';

/**
 * `redial emulators`: the AWS services alone, in a process of their own. `redial start` given their
 * endpoints (AWS_ENDPOINT_URL_*) runs the functions on them and creates its resources there only
 * where they are missing, so the stack can be stopped, killed or restarted with a new build while
 * its table, queues (with any message in flight), topic and secret (and so its Twilio account) live
 * on, as AWS's would while Lambda's execution environments come and go.
 */

export const EMULATORS_SUMMARY =
  "Run the local stack's AWS emulators on their own, so redial start can restart on them";

const DESCRIPTION = `Starts DynamoDB (dynalite), SQS and SNS (fauxqs) and Secrets Manager on embedded emulators and \
prints the AWS_ENDPOINT_URL_* variables that point redial start at them. Everything they hold is in memory: it lasts \
until Ctrl-C here, however often redial start stops or restarts.`;

const AFTER_HELP = `
Example:
  terminal 1:  npx redial emulators --endpoints-file .redial/emulators.env
  terminal 2:  set -a; . .redial/emulators.env; set +a; npm start

Exit status: 0 stopped (Ctrl-C or SIGTERM), 2 a bad option.`;

interface EmulatorsValues {
  readonly region: string;
  readonly endpointsFile?: string;
}

/** `AWS_ENDPOINT_URL_DYNAMODB=http://…` lines: what `redial start` needs to use `emulators`. */
export function endpointVariables(emulators: Emulators): string[] {
  return LOCAL_SERVICES.map(
    (service) => `AWS_ENDPOINT_URL_${service}=${emulators.functionEndpoints[service]}`,
  );
}

/** `stopSignal` resolves when the emulators should stop: by default at SIGINT or SIGTERM. */
export function emulatorsCommand(stopSignal: () => Promise<unknown> = processStopSignal): Command {
  const command = new Command('emulators')
    .summary(EMULATORS_SUMMARY)
    .description(DESCRIPTION)
    .addOption(
      new Option('--region <region>', 'the region in queue URLs and ARNs').default(
        process.env.AWS_REGION ?? 'us-east-1',
        '$AWS_REGION, else us-east-1',
      ),
    )
    .addOption(
      new Option('--endpoints-file <file>', 'also write the variables to FILE, one NAME=value a line'),
    )
    .addHelpText('after', AFTER_HELP);
  return setAction<EmulatorsValues>(command, async ({ options, output }) => {
    // fauxqs's queue URLs are on sqs.<region>.localhost, which this process reaches too.
    resolveLocalhostSubdomains();
    // All of them embedded, whatever AWS_ENDPOINT_URL_* this shell already has.
    const emulators = await startEmulators(options.region, '000000000000', {});
    const variables = endpointVariables(emulators);
    if (options.endpointsFile) writeFileSync(options.endpointsFile, `${variables.join('\n')}\n`);
    output.out(
      `AWS emulators running (Ctrl-C to stop). redial start uses them, and keeps its data across restarts, with:\n${variables
        .map((line) => `  export ${line}`)
        .join('\n')}${options.endpointsFile ? `\nWritten to ${options.endpointsFile}` : ''}`,
    );
    await stopSignal();
    await emulators.stop();
    return EXIT.clean;
  });
}
