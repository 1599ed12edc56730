import { Duration } from 'aws-cdk-lib';
import { MathExpression, Metric, Stats } from 'aws-cdk-lib/aws-cloudwatch';
import type { Agent } from '../lambdas/domain/config';
import { DIAL_DISPOSITIONS } from '../lambdas/domain/dispositions';
import {
  DECLINE_KINDS,
  type DeclineKind,
  DIMENSION,
  METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricName,
} from '../lambdas/domain/operational-metrics';

/**
 * Redial's own metrics as CloudWatch reads them (lambdas/domain/operational-metrics.ts names them;
 * lambdas/aws/metrics.ts emits them), for the dashboard and the alarms.
 */

export interface RedialMetricOptions {
  readonly dimensions?: Record<string, string>;
  readonly statistic?: string;
  readonly period?: Duration;
  readonly label?: string;
}

export function redialMetric(name: MetricName, options: RedialMetricOptions = {}): Metric {
  return new Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRICS_SERVICE, ...options.dimensions },
    statistic: options.statistic ?? Stats.SUM,
    period: options.period ?? Duration.minutes(5),
    label: options.label,
  });
}

/** A metric-math id from a disposition: "declined-by-user" → "d_declined_by_user". */
const dialId = (disposition: string) => `d_${disposition.replace(/-/g, '_')}`;

/** Each dial disposition's count, by id, for one metric-math expression (8 metrics: under the alarms' 10). */
function dialsByDisposition(period: Duration): Record<string, Metric> {
  return Object.fromEntries(
    DIAL_DISPOSITIONS.map((disposition) => [
      dialId(disposition),
      redialMetric(METRIC.dials, { dimensions: { [DIMENSION.disposition]: disposition }, period }),
    ]),
  );
}

/**
 * The share of all dials that ended in a 603 (by a person or a rule), in percent, over `period`;
 * 0 while fewer than `minimumDials` were made, so a quiet hour's one decline is no spike.
 */
export function declineRate(period: Duration, minimumDials: number): MathExpression {
  const dials = dialsByDisposition(period);
  const sum = (ids: string[], label: string) =>
    new MathExpression({
      expression: ids.map((id) => `FILL(${id}, 0)`).join(' + '),
      usingMetrics: Object.fromEntries(ids.map((id) => [id, dials[id]])),
      period,
      label,
    });
  return new MathExpression({
    expression: `IF(dials >= ${minimumDials}, 100 * declines / dials, 0)`,
    usingMetrics: {
      dials: sum(Object.keys(dials), 'dials'),
      declines: sum(Object.keys(DECLINE_KINDS).map(dialId), '603s'),
    },
    period,
    label: `603s, % of dials (at least ${minimumDials} dials)`,
  });
}

/**
 * One agent's 603s of one kind, in percent of their dials, over `period`. Its ids carry the agent's
 * `index` in the config, so that one graph can draw every agent.
 */
export function agentDeclineRate(
  agent: Agent,
  index: number,
  kind: DeclineKind,
  period: Duration,
): MathExpression {
  return new MathExpression({
    expression: `100 * FILL(declines${index}, 0) / dials${index}`,
    usingMetrics: {
      [`declines${index}`]: redialMetric(METRIC.declines, {
        dimensions: { [DIMENSION.agent]: agent.id, [DIMENSION.declineKind]: kind },
        period,
      }),
      [`dials${index}`]: redialMetric(METRIC.dials, { dimensions: { [DIMENSION.agent]: agent.id }, period }),
    },
    period,
    label: agent.name,
  });
}
