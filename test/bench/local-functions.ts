import { randomBytes } from 'node:crypto';
import type { APIGatewayProxyEventV2, SQSEvent } from 'aws-lambda';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import type { CallStartedEvent, MissedCallNotice } from '../../lambdas/domain/events';
import { FALLBACK_ROUTE, VOICE_ROUTES } from '../../lambdas/domain/voice-routes';
import { startEmulators } from '../../tools/local-stack/emulators';
import { createLocalResources, localClients } from '../../tools/local-stack/local-resources';
import { lambdaEnvironment, type TwilioAccount } from '../../tools/local-stack/local-stack';
import { resolveLocalhostSubdomains } from '../../tools/local-stack/localhost-dns';
import type { FunctionWiring, StackWiring } from '../../tools/local-stack/stack-wiring';
import type { PhysicalValues } from '../../tools/local-stack/template-resolver';
import { webhookEvent } from '../support/webhook-in-process';
import { functionName } from './synthesized-stack';

/**
 * The stack's functions as the local stack runs them: the synthesized bundles, each with the
 * environment `redial start` gives it (lambdaEnvironment), over the embedded emulators with the
 * stack's tables, queues, topic and secret created in them. With each, an event of the kind it
 * is invoked with, whose every invocation does the function's real work (a new call, a new
 * alert), and a check of its answer: a benchmark of a function that failed measures nothing.
 */

const REGION = 'us-east-1';
const ACCOUNT_ID = '000000000000';
/** Where the local stack's API would listen: the webhook signs and checks URLs on it; nothing serves it here. */
const API_BASE_URL = 'http://localhost:3000';
/**
 * No Twilio emulator: the only function that calls Twilio is the callback worker, and only for a
 * due callback, which no benchmark stores. A stray call would fail on this closed port.
 */
const TWILIO_API = 'http://127.0.0.1:9';
const CALLER = '+15005550006';

export interface BenchFunction {
  /** WebhookApi, OutcomeRecorder… */
  readonly name: string;
  readonly wiring: FunctionWiring;
  readonly environment: Record<string, string>;
  /** An event to invoke it with; each a new call (or alert), so no run finds the work done. */
  event(): unknown;
  /** Throws unless `result` is the function's answer to a handled event. */
  check(result: unknown): void;
  /** Throws unless what it logged shows the work done the intended way (cold starts, whose logs are whole). */
  checkLog(log: string): void;
}

export interface LocalFunctions {
  readonly functions: readonly BenchFunction[];
  /** The account in the stack's secret (the webhook's signatures are checked with its token). */
  readonly twilio: TwilioAccount;
  stop(): Promise<void>;
}

const newSid = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

function signedPost(
  path: string,
  params: Record<string, string>,
  env: Record<string, string>,
  token: string,
) {
  const url = `${env.PUBLIC_BASE_URL}${path}`;
  const body = new URLSearchParams(params).toString();
  return webhookEvent({ path, body, signature: getExpectedTwilioSignature(token, url, params) });
}

/** One SQS message as Lambda's poller hands it over, in a batch of one. */
function sqsEvent(body: unknown, queueArn: string, groupId: string): SQSEvent {
  const messageId = newSid('m-');
  return {
    Records: [
      {
        messageId,
        receiptHandle: `receipt-${messageId}`,
        body: JSON.stringify(body),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: String(Date.now()),
          SenderId: ACCOUNT_ID,
          ApproximateFirstReceiveTimestamp: String(Date.now()),
          MessageGroupId: groupId,
          MessageDeduplicationId: messageId,
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: queueArn,
        awsRegion: REGION,
      },
    ],
  };
}

function statusOk(result: unknown): void {
  const { statusCode, body } = result as { statusCode?: number; body?: string };
  if (statusCode !== 200) throw new Error(`answered ${statusCode}: ${body}`);
}

function batchOk(result: unknown): void {
  const failures = (result as { batchItemFailures?: unknown[] }).batchItemFailures ?? [];
  if (failures.length > 0) throw new Error(`reported ${failures.length} failed message(s)`);
}

type Events = Pick<BenchFunction, 'event' | 'check'> & Partial<Pick<BenchFunction, 'checkLog'>>;

/**
 * The webhook answers Twilio even when SQS refuses its events (they go to the outbox): only its
 * log says the events were queued, the path the benchmark means to measure.
 */
function queuedLog(log: string): void {
  if (!log.includes('"delivery":"queued"')) throw new Error(`did not queue its events; it logged: ${log}`);
}

/** What each function is invoked with, by its name in the stack. */
function eventsFor(name: string, env: Record<string, string>, context: EventContext): Events {
  const to = context.wiring.config.numbers[0].number;
  const occurredAt = () => new Date().toISOString();
  switch (name) {
    case 'WebhookApi':
      return {
        event: (): APIGatewayProxyEventV2 => {
          const params = {
            AccountSid: context.twilio.accountSid,
            ApiVersion: '2010-04-01',
            CallSid: newSid('CA'),
            CallStatus: 'ringing',
            Direction: 'inbound',
            From: CALLER,
            To: to,
          };
          return signedPost(VOICE_ROUTES.incoming, params, env, context.twilio.authToken);
        },
        check: statusOk,
        checkLog: queuedLog,
      };
    case 'VoiceFallback':
      return {
        event: () =>
          webhookEvent({
            path: FALLBACK_ROUTE,
            body: new URLSearchParams({
              CallSid: newSid('CA'),
              From: CALLER,
              To: to,
              ErrorCode: '11200',
            }).toString(),
          }),
        check: statusOk,
      };
    case 'OutcomeRecorder':
      return {
        event: () => {
          const callSid = newSid('CA');
          const started: CallStartedEvent = {
            type: 'call-started',
            version: 1,
            idempotencyKey: `call-started:${callSid}`,
            occurredAt: occurredAt(),
            callSid,
            from: CALLER,
            to,
            open: true,
          };
          return sqsEvent(started, context.queueArn(name), callSid);
        },
        check: batchOk,
      };
    case 'MissedCallAlerts':
      return {
        event: () => {
          const callSid = newSid('CA');
          const notice: MissedCallNotice = {
            type: 'missed-call',
            version: 2,
            idempotencyKey: `missed-call:${callSid}`,
            kind: 'missed-call',
            severity: 'warning',
            callSid,
            from: CALLER,
            to,
            agentId: context.wiring.config.numbers[0].huntList[0],
            disposition: 'busy',
            occurredAt: occurredAt(),
          };
          return sqsEvent(notice, context.queueArn(name), callSid);
        },
        check: batchOk,
      };
    case 'OutboxAndCallbackWorker':
      // What the local stack's scheduler sends it (EventBridge Scheduler's source and time).
      return { event: () => ({ source: 'aws.scheduler', time: occurredAt() }), check: () => {} };
    default:
      throw new Error(
        `no benchmark event for the stack's function ${name}: add one in test/bench/local-functions.ts`,
      );
  }
}

interface EventContext {
  readonly wiring: StackWiring;
  readonly twilio: TwilioAccount;
  /** The ARN of the queue whose messages the named function consumes. */
  queueArn(name: string): string;
}

function queueArnOf(wiring: StackWiring, values: PhysicalValues) {
  return (name: string) => {
    const fn = wiring.functions.find((candidate) => functionName(candidate.constructPath) === name);
    const source = wiring.eventSources.find((candidate) => candidate.functionId === fn?.logicalId);
    if (!source) throw new Error(`${name} consumes no queue in the stack`);
    return values.attributes[`${source.queueId}.Arn`];
  };
}

/** Starts the embedded emulators and creates the stack's resources in them, as `redial start` does. */
export async function startLocalFunctions(wiring: StackWiring): Promise<LocalFunctions> {
  resolveLocalhostSubdomains();
  // Embedded emulators whatever AWS_ENDPOINT_URL_* says (report-100k points one at its own table).
  const emulators = await startEmulators(REGION, ACCOUNT_ID, {});
  try {
    const clients = localClients(emulators, REGION);
    const created = await createLocalResources(wiring, clients, {
      region: REGION,
      accountId: ACCOUNT_ID,
      apiBaseUrl: API_BASE_URL,
      twilio: { accountSid: newSid('AC'), authToken: randomBytes(16).toString('hex') },
    });
    const context = { wiring, twilio: created.twilio, queueArn: queueArnOf(wiring, created.values) };
    const functions = wiring.functions.map((fn) => {
      const environment = lambdaEnvironment(
        fn,
        created.values,
        { ...emulators, twilioApi: TWILIO_API },
        REGION,
      );
      const name = functionName(fn.constructPath);
      return { name, wiring: fn, environment, checkLog: () => {}, ...eventsFor(name, environment, context) };
    });
    return { functions, twilio: created.twilio, stop: () => emulators.stop() };
  } catch (error) {
    await emulators.stop();
    throw error;
  }
}
