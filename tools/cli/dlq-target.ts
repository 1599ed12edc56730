import {
  CloudFormationClient,
  DescribeStackResourcesCommand,
  GetTemplateCommand,
} from '@aws-sdk/client-cloudformation';
import { SQSClient } from '@aws-sdk/client-sqs';
import { Option } from 'commander';
import { CannotRunError, UsageError } from '../command-line/errors';
import { nonEmpty } from '../command-line/values';
import { LOCAL_STATE_FILE, readLocalState } from '../local-stack/state-file';
import { type CallTable, localTableOf, tableOptions } from './table-target';

/**
 * Which stack's dead-letter queues `redial dlq` reads: the local stack's (its state file names
 * every queue by construct path), or a deployed one by its CloudFormation stack name, whose
 * resources give the queues' URLs and the call table's name and whose template gives each queue's
 * construct path. One name, as an operator knows the stack, rather than a URL per queue.
 */

/** A dead-letter queue and the queue its messages came from (and go back to). */
export interface DeadLetterQueue {
  /** The queue pair's construct id in kebab case: `dial-outcomes`, `missed-calls`. */
  readonly name: string;
  readonly url: string;
  readonly sourceUrl: string;
}

/** Where the queues and the call table are, and how to reach them. */
export interface DlqTarget {
  readonly table: CallTable;
  readonly queues: readonly DeadLetterQueue[];
  /** Set for the local stack: the emulator's SQS endpoint (the table's credentials sign for it too). */
  readonly sqsEndpoint?: string;
}

export interface StackValues {
  readonly stack?: string;
  readonly region?: string;
  readonly localState?: string;
}

const STACK_GROUP = "Stack options (default: the local stack's queues):";

export function stackOptions(): Option[] {
  // --region and --local-state as the table's commands have them, grouped here with --stack.
  const [, region, localState] = tableOptions();
  const stack = new Option(
    '--stack <name>',
    'a deployed stack, reached with the AWS SDK’s usual credentials',
  );
  return [stack.argParser(nonEmpty('--stack')), region, localState].map((option) =>
    option.helpGroup(STACK_GROUP),
  );
}

/** The options' mistakes, before anything is read. */
export function checkStackValues(values: StackValues): void {
  if (values.stack === undefined && values.region !== undefined)
    throw new UsageError('--region goes with --stack');
  if (values.stack !== undefined && values.localState !== undefined)
    throw new UsageError('give --stack or --local-state, not both');
}

export async function resolveTarget(values: StackValues): Promise<DlqTarget> {
  checkStackValues(values);
  if (values.stack === undefined) {
    const file = values.localState ?? LOCAL_STATE_FILE;
    const info = readLocalState(file);
    if (!info) throw new CannotRunError(`no ${file}: start the local stack with npm start, or pass --stack`);
    return {
      table: localTableOf(info),
      sqsEndpoint: info.endpoints.sqs,
      queues: deadLetterQueuesOf(info.resources.queues),
    };
  }
  return deployedTarget(values.stack, values.region ?? process.env.AWS_REGION);
}

/**
 * The target's SQS client. Locally, to the emulator's endpoint rather than each queue URL's host
 * (`sqs.<region>.localhost`, which glibc does not resolve).
 */
export function sqsClientOf(target: DlqTarget): SQSClient {
  const { region, credentials } = target.table;
  if (target.sqsEndpoint === undefined) return new SQSClient({ region });
  return new SQSClient({ region, credentials, endpoint: target.sqsEndpoint, useQueueUrlAsEndpoint: false });
}

/**
 * The dead-letter queues among queues named by construct path: each `<pair>/DeadLetters` with its
 * `<pair>/Queue` (lib/queue-with-dlq.ts), named after the pair.
 */
export function deadLetterQueuesOf(queues: Readonly<Record<string, { url: string }>>): DeadLetterQueue[] {
  return Object.entries(queues)
    .filter(([path]) => path.endsWith('/DeadLetters') && queues[siblingQueue(path)] !== undefined)
    .map(([path, { url }]) => ({
      name: kebab(path.split('/').at(-2) ?? path),
      url,
      sourceUrl: queues[siblingQueue(path)].url,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** The queues `--queue NAME` picks: `dial-outcomes`, `DialOutcomes` or `dialoutcomes` alike. */
export function pickQueues(queues: readonly DeadLetterQueue[], name: string | undefined): DeadLetterQueue[] {
  if (name === undefined) return [...queues];
  const wanted = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  const picked = queues.filter((queue) => queue.name.replace(/-/g, '') === wanted);
  if (picked.length === 0)
    throw new UsageError(
      `no dead-letter queue "${name}"; use ${queues.map((queue) => queue.name).join(', ')}`,
    );
  return picked;
}

const siblingQueue = (deadLetterPath: string) => deadLetterPath.replace(/DeadLetters$/, 'Queue');
const kebab = (id: string) => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

async function deployedTarget(stackName: string, region: string | undefined): Promise<DlqTarget> {
  const cloudFormation = new CloudFormationClient({ region });
  const [{ StackResources = [] }, { TemplateBody = '{}' }] = await Promise.all([
    cloudFormation.send(new DescribeStackResourcesCommand({ StackName: stackName })),
    cloudFormation.send(new GetTemplateCommand({ StackName: stackName })),
  ]);
  const template = JSON.parse(TemplateBody) as {
    Resources?: Record<string, { Metadata?: Record<string, string> }>;
  };
  const pathOf = (logicalId: string) =>
    // `Redial/OutcomeRecorder/DialOutcomes/DeadLetters/Resource`: the path inside the stack.
    template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path']?.split('/').slice(1, -1).join('/') ??
    logicalId;
  const queues: Record<string, { url: string }> = {};
  let tableName: string | undefined;
  for (const resource of StackResources) {
    const { ResourceType, LogicalResourceId = '', PhysicalResourceId } = resource;
    if (!PhysicalResourceId) continue;
    if (ResourceType === 'AWS::SQS::Queue') queues[pathOf(LogicalResourceId)] = { url: PhysicalResourceId };
    if (ResourceType === 'AWS::DynamoDB::GlobalTable' || ResourceType === 'AWS::DynamoDB::Table')
      tableName = PhysicalResourceId;
  }
  if (tableName === undefined) throw new CannotRunError(`stack ${stackName} has no call table`);
  const found = deadLetterQueuesOf(queues);
  if (found.length === 0)
    throw new CannotRunError(
      `stack ${stackName} has no dead-letter queues its template names (aws:cdk:path)`,
    );
  return { table: { name: tableName, region }, queues: found };
}
