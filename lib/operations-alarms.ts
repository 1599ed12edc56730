import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Alarm, ComparisonOperator, type IMetric, Stats, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { METRIC } from '../lambdas/domain/operational-metrics';
import { subscribeEndpoints } from './alert-subscriptions';
import { declineRate, redialMetric } from './redial-metrics';

/** The alarms' thresholds, in one place (the README's "Metrics, dashboard and alarms" quotes them). */
export const ALARM_THRESHOLDS = {
  /** 603s (by a person or a rule) as a share of all dials in an hour, in percent… */
  declineRatePercent: 30,
  /** …counted only once the hour has this many dials. */
  declineRateMinimumDials: 20,
  /** Refused webhook signatures in five minutes: a misconfigured URL or token, or a probe. */
  signatureFailures: 10,
  /** A due callback not placed for this long, in seconds, while open. */
  callbackOldestDueAgeSeconds: 30 * 60,
} as const;

export interface OperationsAlarmsProps {
  readonly config: RedialConfig;
  /** The HTTP API Twilio calls: its 5xx answers. */
  readonly api: HttpApi;
  readonly callbackWorker: IFunction;
  /** Each queue's dead-letter queue, by a name for the alarm ("DialOutcomes"). */
  readonly deadLetterQueues: Record<string, IQueue>;
}

/**
 * The operations topic and the alarms that publish to it. The topic is encrypted with a key of its
 * own: CloudWatch may not use the AWS-managed SNS key (its policy cannot be changed), so an alarm
 * could never publish to a topic encrypted with it.
 */
export class OperationsAlarms extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsAlarmsProps) {
    super(scope, id);
    const key = new Key(this, 'TopicKey', {
      description: 'Redial operations alarms topic',
      enableKeyRotation: true,
    });
    key.grant(new ServicePrincipal('cloudwatch.amazonaws.com'), 'kms:Decrypt', 'kms:GenerateDataKey*');
    this.topic = new Topic(this, 'Topic', {
      displayName: 'Redial operations alarms',
      enforceSSL: true,
      masterKey: key,
    });
    subscribeEndpoints(this, this.topic, 'Operations', props.config.operations);

    this.alarm('DeclineRateSpike', {
      description: `603s were ${ALARM_THRESHOLDS.declineRatePercent}% or more of the last hour's dials (at least ${ALARM_THRESHOLDS.declineRateMinimumDials} dials): see the dashboard's 603 rates per agent, by a person (training, availability) or by a rule (routing)`,
      metric: declineRate(Duration.hours(1), ALARM_THRESHOLDS.declineRateMinimumDials),
      threshold: ALARM_THRESHOLDS.declineRatePercent,
    });
    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`${name}DeadLetters`, {
        description: `A message reached the ${name} dead-letter queue: its failure is in the consumer's log (Could not …); redrive it once fixed`,
        metric: queue.metricApproximateNumberOfMessagesVisible({
          statistic: Stats.MAXIMUM,
          period: Duration.minutes(5),
        }),
        threshold: 1,
      });
    }
    this.alarm('CallbackWorkerErrors', {
      description: 'The outbox and callback worker failed a run: outbox events and due callbacks wait',
      metric: props.callbackWorker.metricErrors({ statistic: Stats.SUM, period: Duration.minutes(5) }),
      threshold: 1,
    });
    this.alarm('SignatureFailureBurst', {
      description: `${ALARM_THRESHOLDS.signatureFailures} or more webhook requests in 5 minutes had no valid X-Twilio-Signature: check the Twilio number's URLs and the auth token in the secret`,
      metric: redialMetric(METRIC.signatureFailures, { period: Duration.minutes(5) }),
      threshold: ALARM_THRESHOLDS.signatureFailures,
    });
    this.alarm('Webhook5xx', {
      description:
        'The webhook API answered Twilio with a 5xx: callers heard "an application error has occurred"',
      metric: props.api.metricServerError({ statistic: Stats.SUM, period: Duration.minutes(5) }),
      threshold: 1,
    });
    this.alarm('CallbackNotPlaced', {
      description:
        'A callback has been due for 30 minutes or more, in opening hours, without being placed: are the agents all busy, or is the worker failing?',
      metric: redialMetric(METRIC.callbackOldestDueAge, {
        statistic: Stats.MAXIMUM,
        period: Duration.minutes(5),
      }),
      threshold: ALARM_THRESHOLDS.callbackOldestDueAgeSeconds,
    });
    const attendants = props.config.agents.filter((agent) => agent.alwaysAnswers);
    if (attendants.length > 0) {
      this.alarm('AutoAttendantDeclined', {
        description: `An agent that always answers (${attendants.map((agent) => agent.id).join(', ')}) returned SIP 603: its endpoint is misconfigured (the dashboard's 603s per agent say which)`,
        metric: redialMetric(METRIC.autoAttendantDeclines, { period: Duration.minutes(1) }),
        threshold: 1,
      });
    }
  }

  private alarm(id: string, props: { description: string; metric: IMetric; threshold: number }): void {
    const alarm = new Alarm(this, id, {
      alarmName: `${Stack.of(this).stackName}-${id}`,
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
  }
}
