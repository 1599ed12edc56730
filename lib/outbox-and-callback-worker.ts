import { Duration, Stack, Validations } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CALLBACK_WORKER_ENVIRONMENT } from '../lambdas/callback-worker/environment';
import type { RedialConfig } from '../lambdas/domain/config';
import { TABLE_INDEXES } from '../lambdas/domain/table-layout';
import { RedialFunction } from './redial-function';
import type { TwilioAccount } from './twilio-account';

export interface OutboxAndCallbackWorkerProps {
  readonly config: RedialConfig;
  readonly callTable: ITableV2;
  /** Where the worker sends the webhook's outbox on to. */
  readonly dialOutcomes: IQueue;
  /** Where the worker sends "callback exhausted" alerts. */
  readonly missedCalls: IQueue;
  /** The account the callbacks are placed on; its webhooks report the callback's legs. */
  readonly twilioAccount: TwilioAccount;
}

/**
 * The work EventBridge Scheduler runs every minute, in one function (lambdas/callback-worker):
 * first the outbox drain, which sends on the events the webhook kept in the call table when SQS
 * refused them; then the callback worker, which places the callbacks that are due.
 */
export class OutboxAndCallbackWorker extends Construct {
  readonly handler: RedialFunction<typeof CALLBACK_WORKER_ENVIRONMENT>;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: OutboxAndCallbackWorkerProps) {
    super(scope, id);
    this.handler = new RedialFunction(this, 'Handler', {
      handlerFolder: 'callback-worker',
      description:
        'Every minute: drains the webhook outbox to the dial-outcomes queue, then places due callbacks through Twilio',
      config: props.config,
      timeout: Duration.seconds(50),
      // One: a run (at most 50 s) ends before the next minute's starts, so one copy is all it ever
      // needs, and a retried or hand-started run waits instead of placing calls beside it; reserved,
      // so a webhook surge cannot take the account's last concurrency from the callbacks.
      reservedConcurrency: 1,
      declaredEnvironment: CALLBACK_WORKER_ENVIRONMENT,
    });
    this.handler.useTable(props.callTable, 'CALL_TABLE_NAME', {
      // PutItem: an agent's lock for one attempt (conditional: one callback per agent at a time).
      // UpdateItem: a callback's claim, its call's SID, its end, its due time moved to the next
      //   opening, and a callback closed when no agent is left.
      // DeleteItem: an agent's lock released; an outbox item once its event is on the queue.
      // It reads nothing by key: what it works on comes from the one index below.
      items: ['PutItem', 'UpdateItem', 'DeleteItem'],
      // byDueTime: the callbacks due (CALLBACKS#pending) and the outbox (OUTBOX#pending).
      queriesIndexes: [TABLE_INDEXES.byDueTime.name],
    });
    this.handler.useQueue(props.dialOutcomes, 'DIAL_OUTCOMES_QUEUE_URL');
    this.handler.useQueue(props.missedCalls, 'MISSED_CALLS_QUEUE_URL');
    this.handler.useTwilioAccount(props.twilioAccount);
    this.schedule = new Schedule(this, 'EveryMinute', {
      description: 'Redial: drain the webhook outbox, then place due callbacks',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(this.handler, { retryAttempts: 0 }),
    });
    acknowledgeSchedulerRole(this.handler);
  }
}

/**
 * LambdaInvoke's role is one per stack and target, made at the stack's root (not under this
 * construct): the acknowledgement goes on that role, for this function's ARN alone.
 */
function acknowledgeSchedulerRole(worker: RedialFunction<typeof CALLBACK_WORKER_ENVIRONMENT>): void {
  const stack = Stack.of(worker);
  const role = stack.node.children.find((child) => child.node.id.startsWith('SchedulerRoleForTarget'));
  if (!role) throw new Error(`${worker.node.path}: the scheduler's role was not found to acknowledge`);
  const workerArn = stack.resolve(worker.functionArn) as { 'Fn::GetAtt': [string, string] };
  Validations.of(role).acknowledge({
    id: `AwsSolutions-IAM5[Resource::<${workerArn['Fn::GetAtt'][0]}.Arn>:*]`,
    reason:
      "LambdaInvoke grants the worker's versions and aliases with it; the scheduler invokes only this function.",
  });
}
