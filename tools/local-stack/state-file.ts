import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';

/**
 * The local stack's contract with the other tools: `.redial/local.json`, written by `redial start`
 * and read by `redial call`, `redial calls`, `redial callbacks` and the tests. This module is the
 * only writer and the only parser, and the only part of tools/local-stack/ another tool may import.
 */

/**
 * The header a simulated call's webhooks carry (the Twilio emulator's `simulatedClock`): the call's
 * own time, in milliseconds since the epoch. Twilio sends no such header; a local stack started
 * with `trustSimulatedTime` (the benchmarks') stamps it as the request's arrival time, where API
 * Gateway would stamp its own clock.
 */
export const SIMULATED_TIME_HEADER = 'X-Simulated-Time';

/** Where `redial start` writes the state file, relative to the project. */
export const LOCAL_STATE_FILE = join('.redial', 'local.json');

const text = z.string().min(1);

/** One of the template's subscriptions (email, SMS, HTTPS), stood in for by a local queue. */
const standInSubscription = z.object({
  protocol: text,
  endpoint: text,
  filterPolicy: z.unknown().optional(),
  queueUrl: text,
});

const localState = z.object({
  apiBaseUrl: text,
  region: text,
  accountId: text,
  /** Where each emulated AWS service listens, keyed by the lower-case AWS_ENDPOINT_URL_* suffix. */
  endpoints: z.object({ dynamodb: text, sqs: text, sns: text, secrets_manager: text }),
  /** The static credentials every local client signs with. */
  credentials: z.object({ accessKeyId: text, secretAccessKey: text }),
  stackName: text,
  resources: z.object({
    table: text,
    topicArn: text,
    /** Each queue by its construct path, e.g. `OutcomeRecorder/DialOutcomes/Queue`. */
    queues: z.record(z.string(), z.object({ url: text, arn: text })),
    alertPrinterQueueUrl: text,
    subscriptions: z.array(standInSubscription),
  }),
  /** Each function's physical name by its construct path. */
  functions: z.record(z.string(), text),
  /** The account the local API checks signatures with, and the Twilio REST emulator's URL. */
  twilio: z.object({ accountSid: text, authToken: text, apiBaseUrl: text }),
  /** The Twilio numbers the stack answers, in config order. */
  numbers: z.array(text),
  /** The config file the stack runs (absolute): what `redial report` judges opening hours by. */
  configFile: text,
});

/** What other tools need to reach the local stack. */
export type LocalStackInfo = z.infer<typeof localState>;
export type StandInSubscription = z.infer<typeof standInSubscription>;

/** The state file is there but unusable: the message says which file and what to do. */
export class LocalStateError extends Error {}

/**
 * The file's text: the info with exactly the documented credential fields, whatever else an object
 * passed through the AWS SDK may have gained (it adds an internal `$source`).
 */
export function stateFileContent(info: LocalStackInfo): string {
  const { accessKeyId, secretAccessKey } = info.credentials;
  return `${JSON.stringify({ ...info, credentials: { accessKeyId, secretAccessKey } }, null, 2)}\n`;
}

export function writeLocalState(file: string, info: LocalStackInfo): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, stateFileContent(info));
}

/** The state in `file`; undefined when there is none (the stack never ran here). */
export function readLocalState(file: string = LOCAL_STATE_FILE): LocalStackInfo | undefined {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw new LocalStateError(
      `${file} is not valid JSON (${(error as Error).message}); restart the local stack with npm start`,
    );
  }
  const result = localState.safeParse(parsed);
  if (result.success) return result.data;
  const [issue] = result.error.issues;
  throw new LocalStateError(
    `${file} is not a local stack state file (${issue.path.join('.') || 'the file'}: ${issue.message}); restart the local stack with npm start`,
  );
}
