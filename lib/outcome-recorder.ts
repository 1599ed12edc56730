import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { OUTCOME_RECORDER_ENVIRONMENT } from '../lambdas/outcome-recorder/environment';
import { QueueWithDlq } from './queue-with-dlq';
import { RedialFunction } from './redial-function';

export interface OutcomeRecorderProps {
  readonly config: RedialConfig;
  readonly callTable: ITableV2;
  readonly missedCalls: Queue;
}

/** The dial-outcomes queue and the Lambda that records each outcome and forwards missed calls. */
export class OutcomeRecorder extends Construct {
  readonly dialOutcomes: QueueWithDlq;
  readonly handler: RedialFunction<typeof OUTCOME_RECORDER_ENVIRONMENT>;

  constructor(scope: Construct, id: string, props: OutcomeRecorderProps) {
    super(scope, id);
    const timeout = Duration.seconds(30);
    // FIFO: a call's events apply in order, and a Twilio retry that publishes an event again
    // within five minutes is dropped by SQS (deduplication by the event's idempotency key).
    this.dialOutcomes = new QueueWithDlq(this, 'DialOutcomes', { consumerTimeout: timeout, fifo: true });
    this.handler = new RedialFunction(this, 'Handler', {
      handlerFolder: 'outcome-recorder',
      description: 'Stores dial outcomes in DynamoDB and forwards missed calls for alerting',
      config: props.config,
      timeout,
      declaredEnvironment: OUTCOME_RECORDER_ENVIRONMENT,
    });
    this.handler.useTable(props.callTable, 'CALL_TABLE_NAME', {
      // GetItem: the call and its callback, read before deciding (record-event.ts), and a
      //   callback before its attempt's end (callback-progress.ts).
      // PutItem: the call (versioned), its dial legs, a booked callback and its customer entry.
      // UpdateItem: the caller's request on a callback, a callback cancelled when the customer got
      //   through, a callback attempt's lease and end (callback-claims.ts), and why it failed a
      //   message (message-failures.ts, for redial dlq).
      // DeleteItem: the agent's lock, released when a callback attempt ends.
      // Query, on the table: the customer's callbacks (CUSTOMER#<number>) to cancel; no index.
      items: ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query'],
    });
    this.handler.useQueue(props.missedCalls, 'MISSED_CALLS_QUEUE_URL');
    this.handler.consumeQueue(this.dialOutcomes.queue);
  }
}
