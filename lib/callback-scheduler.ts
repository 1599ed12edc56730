import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CALLBACK_WORKER_ENVIRONMENT } from '../lambdas/callback-worker/environment';
import type { RedialConfig } from '../lambdas/domain/config';
import { RedialFunction } from './redial-function';
import type { TwilioAccount } from './twilio-account';

export interface CallbackSchedulerProps {
  readonly config: RedialConfig;
  readonly callTable: ITableV2;
  /** Where the worker forwards the webhook's outbox. */
  readonly dialOutcomes: IQueue;
  /** Where the worker sends "callback exhausted" alerts. */
  readonly missedCalls: IQueue;
  /** The account the callbacks are placed on; its webhooks report the callback's legs. */
  readonly twilioAccount: TwilioAccount;
}

/** Runs the callback worker every minute through EventBridge Scheduler. */
export class CallbackScheduler extends Construct {
  readonly handler: RedialFunction<typeof CALLBACK_WORKER_ENVIRONMENT>;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: CallbackSchedulerProps) {
    super(scope, id);
    this.handler = new RedialFunction(this, 'Handler', {
      handlerFolder: 'callback-worker',
      description: 'Forwards the webhook outbox and places due callbacks through Twilio',
      config: props.config,
      timeout: Duration.seconds(50),
      declaredEnvironment: CALLBACK_WORKER_ENVIRONMENT,
    });
    this.handler.useTable(props.callTable, 'CALL_TABLE_NAME', 'read-write');
    this.handler.useQueue(props.dialOutcomes, 'DIAL_OUTCOMES_QUEUE_URL');
    this.handler.useQueue(props.missedCalls, 'MISSED_CALLS_QUEUE_URL');
    this.handler.useTwilioAccount(props.twilioAccount);
    this.schedule = new Schedule(this, 'EveryMinute', {
      description: 'Redial callback worker',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(this.handler, { retryAttempts: 0 }),
    });
  }
}
