import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { TWILIO_API_BASE_URL } from '../../lambdas/environment/twilio-account';
import { formatAlert, startAlertPrinters } from './alert-printer';
import { type Emulators, LOCAL_SERVICES, type LocalService, startEmulators } from './emulators';
import { faultPlanReader, readFaultPlan } from './fault-plan';
import { startFaultServer } from './fault-server';
import { type GatewayRoute, type HttpGateway, type LocalPage, startHttpGateway } from './http-gateway';
import { LOCAL_CONCURRENCY, LocalFunction } from './local-function';
import { createLocalResources, LOCAL_CREDENTIALS, localClients, localCredentials } from './local-resources';
import { resolveLocalhostSubdomains } from './localhost-dns';
import { formatLogLine } from './log-lines';
import { QueuePoller } from './queue-poller';
import { rateSeconds, runOnSchedule, type ScheduleRunner } from './schedule-runner';
import { type StackWiring, synthesizeWiring } from './stack-wiring';
import { LOCAL_STATE_FILE, type LocalStackInfo, writeLocalState } from './state-file';
import { type PhysicalValues, resolveValue, resourcesOfType } from './template-resolver';

export interface LocalStackOptions {
  /** API port; 0 picks a free one. Defaults to PORT, then 3000. */
  readonly port?: number;
  /** Where local.json and the cloud assembly go. Defaults to .redial in the project. */
  readonly stateDir?: string;
  readonly configFile?: string;
  readonly region?: string;
  /** See QueuePollerOptions.retryVisibilitySeconds. */
  readonly retryVisibilitySeconds?: number;
  /** See QueuePollerOptions.deliveriesPerBatch. */
  readonly deliveriesPerBatch?: number;
  /** Seconds between scheduled runs instead of the schedule's own rate (tests). */
  readonly scheduleOverrideSeconds?: number;
  /**
   * AWS emulators already running elsewhere, by service (`redial emulators` prints them); the rest
   * start embedded. Unset: those the AWS_ENDPOINT_URL_* environment names.
   */
  readonly endpoints?: Partial<Record<LocalService, string>>;
  /**
   * Stamp a request's arrival with the simulated time its header carries, where there is one
   * (tools/twilio-emulator/simulated-clock.ts), so a benchmark's calls ring without waiting while
   * the webhook still measures their ring time. Never for a stack that real requests reach.
   */
  readonly trustSimulatedTime?: boolean;
  /** A fault plan (fault-plan.ts) the functions' requests follow, read again as it changes (tests). */
  readonly faultPlanFile?: string;
  /**
   * Starts the stand-in for https://api.twilio.com that the callback worker's REST calls reach, for
   * the account the local API checks signatures with. The caller chooses it (the Twilio emulator),
   * so the local stack runs whatever plays Twilio's part without depending on it.
   */
  readonly startTwilioApi: (account: TwilioAccount, log: (line: string) => void) => Promise<TwilioApi>;
  /** Pages served beside the API's routes (the dashboard), made from the running stack's state. */
  readonly pages?: (info: LocalStackInfo) => readonly LocalPage[];
  readonly log?: (line: string) => void;
}

/**
 * A Twilio account of the local stack's own: random SID and token, new at each start on emulators
 * of its own (kept across restarts on `redial emulators`).
 */
export interface TwilioAccount {
  readonly accountSid: string;
  readonly authToken: string;
}

export interface TwilioApi {
  readonly url: string;
  stop(): Promise<void>;
}

export interface LocalStack {
  readonly info: LocalStackInfo;
  readonly wiring: StackWiring;
  /** The pages it serves beside the API (the dashboard). */
  readonly pages: readonly Pick<LocalPage, 'name' | 'path'>[];
  /** The local.json this stack wrote. */
  readonly stateFile: string;
  stop(): Promise<void>;
}

const shortPath = (constructPath: string) => constructPath.split('/').slice(1).join('/');

function pathOf(wiring: StackWiring, logicalId: string): string {
  const metadataPath = wiring.template.Resources[logicalId]?.Metadata?.['aws:cdk:path'] as string | undefined;
  return shortPath((metadataPath ?? `${wiring.stackName}/${logicalId}`).replace(/\/Resource$/, ''));
}

/** The environment a function runs with on the local stack (npm run bench gives its functions the same). */
export function lambdaEnvironment(
  fn: StackWiring['functions'][number],
  values: PhysicalValues,
  emulators: Emulators & { twilioApi: string },
  region: string,
): Record<string, string> {
  const resolved = resolveValue(fn.environment, values) as Record<string, string>;
  const endpoints = Object.fromEntries(
    LOCAL_SERVICES.map((service) => [`AWS_ENDPOINT_URL_${service}`, emulators.functionEndpoints[service]]),
  );
  return {
    PATH: process.env.PATH ?? '',
    TZ: 'UTC',
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    AWS_LAMBDA_FUNCTION_NAME: values.refs[fn.logicalId],
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
    ...endpoints,
    // The Twilio client's counterpart of AWS_ENDPOINT_URL_*: its REST calls go to the emulator.
    [TWILIO_API_BASE_URL]: emulators.twilioApi,
    ...resolved,
  };
}

const newTwilioAccount = (): TwilioAccount => ({
  accountSid: `AC${randomBytes(16).toString('hex')}`,
  authToken: randomBytes(16).toString('hex'),
});

/** A function's key in logs and fault plans: its construct's id in the stack (OutcomeRecorder). */
const functionKey = (constructPath: string) => constructPath.split('/')[0];

/** With a fault plan: the plan checked against the stack's functions, and the fault server. */
async function startFaults(planFile: string | undefined, wiring: StackWiring, log: (line: string) => void) {
  if (planFile === undefined) return undefined;
  const keys = [...new Set(wiring.functions.map((fn) => functionKey(pathOf(wiring, fn.logicalId))))];
  const plan = readFaultPlan(planFile, keys);
  const server = await startFaultServer(log);
  log(
    `Fault plan ${planFile}: ${plan.rules.length} rule(s) now, read again as it changes; functions: ${keys.join(', ')}`,
  );
  const file = path.resolve(planFile);
  return { server, plan: faultPlanReader(file), worker: { planFile: file, faultServer: server.url } };
}

/** Starts the whole Redial pipeline on this machine, wired from the synthesized CDK app. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  resolveLocalhostSubdomains();
  const log = options.log ?? ((line: string) => console.log(line));
  const stateDir = path.resolve(options.stateDir ?? path.join(__dirname, '..', '..', '.redial'));
  const region = options.region ?? process.env.AWS_REGION ?? 'us-east-1';
  const accountId = '000000000000';
  mkdirSync(stateDir, { recursive: true });

  const wiring = synthesizeWiring({ outdir: path.join(stateDir, 'cdk.out'), configFile: options.configFile });
  const emulators = await startEmulators(region, accountId, options.endpoints);
  const clients = localClients(emulators, region);
  const routes: GatewayRoute[] = [];
  const pages: LocalPage[] = [];
  const gateway: HttpGateway = await startHttpGateway(routes, {
    port: options.port ?? Number(process.env.PORT ?? 3000),
    onRequest: (line) => log(`[api] ${line}`),
    pages,
    trustSimulatedTime: options.trustSimulatedTime,
  });
  const { values, twilio } = await createLocalResources(wiring, clients, {
    region,
    accountId,
    apiBaseUrl: gateway.url,
    twilio: newTwilioAccount(),
  });
  const twilioApi = await options.startTwilioApi(twilio, log);
  const faults = await startFaults(options.faultPlanFile, wiring, log);

  const functions = new Map<string, LocalFunction>();
  for (const fn of wiring.functions) {
    const name = pathOf(wiring, fn.logicalId);
    const source = functionKey(name);
    functions.set(
      fn.logicalId,
      new LocalFunction({
        name: values.refs[fn.logicalId],
        arn: values.attributes[`${fn.logicalId}.Arn`],
        bundle: fn.bundle,
        handlerExport: fn.handlerExport,
        timeoutSeconds: fn.timeoutSeconds,
        environment: lambdaEnvironment(fn, values, { ...emulators, twilioApi: twilioApi.url }, region),
        onLogLine: (line) => log(formatLogLine(source, line)),
        faults: faults && { ...faults.worker, functionKey: source },
      }),
    );
  }
  const target = (logicalId: string) => functions.get(logicalId) as LocalFunction;
  for (const route of wiring.routes)
    routes.push({ method: route.method, path: route.path, target: target(route.functionId) });

  const pollers = wiring.eventSources.map(
    (source) =>
      new QueuePoller({
        sqs: clients.sqs,
        queueUrl: values.refs[source.queueId],
        queueArn: values.attributes[`${source.queueId}.Arn`],
        region,
        target: target(source.functionId),
        batchSize: source.batchSize,
        maxBatchingWindowSeconds: source.maxBatchingWindowSeconds,
        concurrentBatches: LOCAL_CONCURRENCY,
        reportBatchItemFailures: source.reportBatchItemFailures,
        retryVisibilitySeconds: options.retryVisibilitySeconds,
        deliveriesPerBatch: options.deliveriesPerBatch,
        duplicateDeliveries: faults && (() => faults.plan().duplicateDeliveries),
        onError: (error) =>
          log(`[${pathOf(wiring, source.functionId).split('/')[0]}] invocation failed: ${error.message}`),
      }),
  );

  const printers = await startAlertPrinters({
    template: wiring.template,
    values,
    stackName: wiring.stackName,
    region,
    clients,
    onError: (error) => log(`[alerts] ${error.message}`),
    onAlert: (alert) => log(formatAlert(alert)),
  });
  const [topicId] = resourcesOfType(wiring.template, 'AWS::SNS::Topic')[0];
  const topicArn = values.refs[topicId];

  const schedules: ScheduleRunner[] = wiring.schedules.map((schedule) =>
    runOnSchedule(options.scheduleOverrideSeconds ?? rateSeconds(schedule.expression), async () => {
      try {
        await target(schedule.functionId).invoke({ source: 'aws.scheduler', time: new Date().toISOString() });
      } catch (error) {
        log(`[scheduler] ${(error as Error).message}`);
      }
    }),
  );
  for (const poller of pollers) poller.start();

  const [tableId] = [
    ...resourcesOfType(wiring.template, 'AWS::DynamoDB::GlobalTable'),
    ...resourcesOfType(wiring.template, 'AWS::DynamoDB::Table'),
  ][0];
  const info: LocalStackInfo = {
    apiBaseUrl: gateway.url,
    region,
    accountId,
    endpoints: {
      dynamodb: emulators.endpoints.DYNAMODB,
      sqs: emulators.endpoints.SQS,
      sns: emulators.endpoints.SNS,
      secrets_manager: emulators.endpoints.SECRETS_MANAGER,
    },
    credentials: localCredentials(),
    stackName: wiring.stackName,
    resources: {
      table: values.refs[tableId],
      topicArn,
      queues: Object.fromEntries(
        resourcesOfType(wiring.template, 'AWS::SQS::Queue').map(([id]) => [
          pathOf(wiring, id),
          { url: values.refs[id], arn: values.attributes[`${id}.Arn`] },
        ]),
      ),
      alertPrinterQueueUrl: printers.catchAllQueueUrl,
      subscriptions: printers.subscriptions,
    },
    functions: Object.fromEntries(
      wiring.functions.map((fn) => [pathOf(wiring, fn.logicalId), values.refs[fn.logicalId]]),
    ),
    twilio: { ...twilio, apiBaseUrl: twilioApi.url },
    numbers: wiring.config.numbers.map((line) => line.number),
    configFile: wiring.configFile,
  };
  const stateFile = path.join(stateDir, path.basename(LOCAL_STATE_FILE));
  writeLocalState(stateFile, info);
  pages.push(...(options.pages?.(info) ?? []));

  return {
    info,
    wiring,
    pages,
    stateFile,
    stop: async () => {
      for (const schedule of schedules) schedule.stop();
      await Promise.all([...pollers, ...printers.pollers].map((poller) => poller.stop()));
      await gateway.stop();
      await twilioApi.stop();
      await Promise.all([...functions.values()].map((fn) => fn.stop()));
      await emulators.stop();
      await faults?.server.stop();
    },
  };
}
