import { Duration } from 'aws-cdk-lib';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDlqProps {
  /** The consumer's timeout: SQS wants a visibility timeout of at least six times it. */
  readonly consumerTimeout: Duration;
  readonly maxReceiveCount?: number;
  /** FIFO: per-group order and five-minute deduplication by MessageDeduplicationId. */
  readonly fifo?: boolean;
}

/** An encrypted, TLS-only queue whose poison messages move to a dead-letter queue kept 14 days. */
export class QueueWithDlq extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly maxReceiveCount: number;

  constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);
    this.maxReceiveCount = props.maxReceiveCount ?? 3;
    const fifo = props.fifo ? { fifo: true, contentBasedDeduplication: false } : {};
    this.deadLetterQueue = new Queue(this, 'DeadLetters', {
      ...fifo,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      ...fifo,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(props.consumerTimeout.toSeconds() * 6),
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: this.maxReceiveCount },
    });
  }
}
