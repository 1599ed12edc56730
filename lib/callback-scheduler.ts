import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { RedialFunction } from './redial-function';

export interface CallbackSchedulerProps {
  readonly config: RedialConfig;
  readonly table: ITableV2;
}

/** Runs the callback worker every minute through EventBridge Scheduler. */
export class CallbackScheduler extends Construct {
  readonly handler: RedialFunction;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, props: CallbackSchedulerProps) {
    super(scope, id);
    this.handler = new RedialFunction(this, 'Handler', {
      handlerFolder: 'callback-worker',
      description: 'Works through due callbacks',
      config: props.config,
      timeout: Duration.seconds(50),
      environment: { TABLE_NAME: props.table.tableName },
    });
    props.table.grantReadWriteData(this.handler);
    this.schedule = new Schedule(this, 'EveryMinute', {
      description: 'Redial callback worker',
      schedule: ScheduleExpression.rate(Duration.minutes(1)),
      target: new LambdaInvoke(this.handler, { retryAttempts: 0 }),
    });
  }
}
