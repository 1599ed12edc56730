import { Duration, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  type IAlarm,
  type IWidget,
  Stats,
  TextWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RedialConfig } from '../lambdas/domain/config';
import { DIAL_DISPOSITIONS, DISPOSITIONS } from '../lambdas/domain/dispositions';
import { ALERT_KINDS } from '../lambdas/domain/events';
import { DIMENSION, METRIC } from '../lambdas/domain/operational-metrics';
import { agentDeclineRate, redialMetric } from './redial-metrics';

export interface OperationsDashboardProps {
  readonly config: RedialConfig;
  readonly api: HttpApi;
  /** The webhook Lambda, whose errors are graphed with the API's. */
  readonly webhook: IFunction;
  /** Every Redial function, by a name for the graphs ("webhook"). */
  readonly functions: Record<string, IFunction>;
  /** Each queue's dead-letter queue, by a name for the graphs ("DialOutcomes"). */
  readonly deadLetterQueues: Record<string, IQueue>;
  readonly alarms: readonly IAlarm[];
}

const HOUR = Duration.hours(1);
const FIVE_MINUTES = Duration.minutes(5);
const FULL = 24;
const HALF = 12;
const HEIGHT = 6;

/**
 * One CloudWatch dashboard for the people who run Redial: the 603 rates per agent, by a person and
 * by a rule (a training question or a routing one), how calls and dials ended hour by hour, the
 * callback queue, the dead letters, the webhook's latency and errors, each function's errors, and
 * the alarms' states.
 */
export class OperationsDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: OperationsDashboardProps) {
    super(scope, id);
    const { config } = props;
    const rates = (kind: 'user' | 'policy', title: string): GraphWidget =>
      new GraphWidget({
        title,
        width: HALF,
        height: HEIGHT,
        left: config.agents.map((agent, index) => agentDeclineRate(agent, index, kind, HOUR)),
        leftYAxis: { min: 0, max: 100, label: '% of dials', showUnits: false },
      });
    const perHour = (
      title: string,
      name: typeof METRIC.calls | typeof METRIC.dials,
      values: readonly string[],
    ) =>
      new GraphWidget({
        title,
        width: HALF,
        height: HEIGHT,
        stacked: true,
        left: values.map((disposition) =>
          redialMetric(name, {
            dimensions: { [DIMENSION.disposition]: disposition },
            period: HOUR,
            label: disposition,
          }),
        ),
      });

    const rows: IWidget[][] = [
      [
        new TextWidget({
          markdown:
            '# Redial operations\n603 rates per agent: by a **person** (pressed decline: a training or availability question) and by a **rule** (the PBX declined: a routing question). Alarms go to the operations topic.',
          width: FULL,
          height: 2,
        }),
      ],
      [
        rates('user', "603s by a person, % of each agent's dials (hourly)"),
        rates('policy', "603s by a PBX rule, % of each agent's dials (hourly)"),
      ],
      [
        perHour('Calls by final disposition, per hour', METRIC.calls, DISPOSITIONS),
        perHour('Dials by disposition, per hour', METRIC.dials, DIAL_DISPOSITIONS),
      ],
      [
        new GraphWidget({
          title: 'Callback queue: due and not placed, oldest due age (open hours)',
          width: HALF,
          height: HEIGHT,
          left: [
            redialMetric(METRIC.callbackQueueDepth, {
              statistic: Stats.MAXIMUM,
              period: FIVE_MINUTES,
              label: 'callbacks due',
            }),
          ],
          right: [
            redialMetric(METRIC.callbackOldestDueAge, {
              statistic: Stats.MAXIMUM,
              period: FIVE_MINUTES,
              label: 'oldest due age (s)',
            }),
          ],
          leftYAxis: { min: 0 },
          rightYAxis: { min: 0, label: 'seconds', showUnits: false },
        }),
        new GraphWidget({
          title: 'Dead-letter queues: messages waiting',
          width: HALF,
          height: HEIGHT,
          left: Object.entries(props.deadLetterQueues).map(([name, queue]) =>
            queue.metricApproximateNumberOfMessagesVisible({
              statistic: Stats.MAXIMUM,
              period: FIVE_MINUTES,
              label: name,
            }),
          ),
          leftYAxis: { min: 0 },
        }),
      ],
      [
        new GraphWidget({
          title: 'Webhook latency (ms)',
          width: HALF,
          height: HEIGHT,
          left: [
            ...[Stats.p(99), Stats.p(50)].map((statistic) =>
              redialMetric(METRIC.webhookLatency, {
                statistic,
                period: FIVE_MINUTES,
                label: `webhook ${statistic}`,
              }),
            ),
            // Twilio's whole wait, cold starts included.
            props.api.metricLatency({ statistic: Stats.p(99), period: FIVE_MINUTES, label: 'API p99' }),
          ],
          leftYAxis: { min: 0 },
        }),
        new GraphWidget({
          title: 'Webhook errors: API 5xx, webhook Lambda errors, refused signatures',
          width: HALF,
          height: HEIGHT,
          left: [
            props.api.metricServerError({ statistic: Stats.SUM, period: FIVE_MINUTES, label: 'API 5xx' }),
            props.api.metricClientError({ statistic: Stats.SUM, period: FIVE_MINUTES, label: 'API 4xx' }),
            props.webhook.metricErrors({
              statistic: Stats.SUM,
              period: FIVE_MINUTES,
              label: 'webhook Lambda errors',
            }),
            redialMetric(METRIC.signatureFailures, {
              period: FIVE_MINUTES,
              label: 'signature refused (403)',
            }),
          ],
          leftYAxis: { min: 0 },
        }),
      ],
      [
        new GraphWidget({
          title: 'Lambda errors',
          width: HALF,
          height: HEIGHT,
          left: Object.entries(props.functions).map(([name, fn]) =>
            fn.metricErrors({ statistic: Stats.SUM, period: FIVE_MINUTES, label: name }),
          ),
          leftYAxis: { min: 0 },
        }),
        new GraphWidget({
          title: 'Alerts sent, by kind, per hour',
          width: HALF,
          height: HEIGHT,
          stacked: true,
          left: ALERT_KINDS.map((kind) =>
            redialMetric(METRIC.alertsSent, {
              dimensions: { [DIMENSION.kind]: kind },
              period: HOUR,
              label: kind,
            }),
          ),
        }),
      ],
      [new AlarmStatusWidget({ title: 'Alarms', alarms: [...props.alarms], width: FULL, height: 4 })],
    ];
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `${Stack.of(this).stackName}-operations`,
      defaultInterval: Duration.days(7),
      widgets: rows,
    });
  }
}
