import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Alias } from 'aws-cdk-lib/aws-kms';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { MISSED_CALL_ALERTER_ENVIRONMENT } from '../lambdas/missed-call-alerter/environment';
import { AlertSubscriptions } from './alert-subscriptions';
import { QueueWithDlq } from './queue-with-dlq';
import { RedialFunction } from './redial-function';

export interface MissedCallAlertsProps {
  readonly config: RedialConfig;
  readonly callTable: ITableV2;
}

/** The missed-calls queue, the alert topic agents subscribe to, and the Lambda between them. */
export class MissedCallAlerts extends Construct {
  readonly missedCalls: QueueWithDlq;
  readonly topic: Topic;
  readonly handler: RedialFunction<typeof MISSED_CALL_ALERTER_ENVIRONMENT>;

  constructor(scope: Construct, id: string, props: MissedCallAlertsProps) {
    super(scope, id);
    const timeout = Duration.seconds(30);
    this.missedCalls = new QueueWithDlq(this, 'MissedCalls', { consumerTimeout: timeout });
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Redial missed calls',
      enforceSSL: true,
      masterKey: Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
    });
    this.handler = new RedialFunction(this, 'Handler', {
      handlerFolder: 'missed-call-alerter',
      description: 'Publishes one missed-call alert per missed call to the alert topic',
      config: props.config,
      timeout,
      declaredEnvironment: MISSED_CALL_ALERTER_ENVIRONMENT,
    });
    this.handler.useTable(props.callTable, 'CALL_TABLE_NAME', {
      // UpdateItem: the alert ledger's claim before publishing, and its mark once sent; why it
      //   failed a message (message-failures.ts, for redial dlq).
      // GetItem: the ledger entry whose claim failed, where DynamoDB did not return it (an emulator).
      items: ['UpdateItem', 'GetItem'],
    });
    this.handler.useTopic(this.topic, 'ALERT_TOPIC_ARN');
    new AlertSubscriptions(this, 'Subscriptions', { topic: this.topic, config: props.config });
    this.handler.consumeQueue(this.missedCalls.queue);
  }
}
