import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CallChanges } from '../domain/call-changes';
import type { CallEvent } from '../domain/call-record';
import type { RedialConfig } from '../domain/config';
import type { AlertKind } from '../domain/events';
import {
  DECLINE_KINDS,
  DIMENSION,
  METRIC,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  type MetricName,
} from '../domain/operational-metrics';

/**
 * Turns what the functions decided and did into CloudWatch metrics, written to stdout in embedded
 * metric format by Powertools Metrics (CloudWatch Logs extracts them; no API call, no latency).
 * The functions decide; these functions only say which points a decision makes.
 */

export interface MetricPoint {
  readonly name: MetricName;
  readonly unit: 'Count' | 'Milliseconds' | 'Seconds';
  readonly value: number;
  readonly dimensions?: Readonly<Record<string, string>>;
}

const UNITS = { Count: MetricUnit.Count, Milliseconds: MetricUnit.Milliseconds, Seconds: MetricUnit.Seconds };

/**
 * One Powertools instance for the function's life: building one per request (a new Console each)
 * would put that on the webhook's hot path. Publishing clears its metrics and dimensions.
 */
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/** Writes the points now: one EMF line per set of dimensions (a line's metrics share its dimensions). */
export function publishMetrics(points: readonly MetricPoint[]): void {
  const byDimensions = new Map<string, MetricPoint[]>();
  for (const point of points) {
    const key = JSON.stringify(Object.entries(point.dimensions ?? {}).sort());
    byDimensions.set(key, [...(byDimensions.get(key) ?? []), point]);
  }
  for (const group of byDimensions.values()) {
    for (const [name, value] of Object.entries(group[0].dimensions ?? {})) metrics.addDimension(name, value);
    for (const point of group) metrics.addMetric(point.name, UNITS[point.unit], point.value);
    metrics.publishStoredMetrics();
  }
}

const count = (name: MetricName, dimensions?: Record<string, string>): MetricPoint => ({
  name,
  unit: 'Count',
  value: 1,
  dimensions,
});

/**
 * What one recorded event counts, from the recorder's decision: nothing on a replay (the decision
 * says the event changed nothing), so SQS's redeliveries count once. A dial counts by disposition
 * and by agent, a 603 by agent and kind (and as an auto-attendant's fault when the agent always
 * answers), a call's end by the call's final disposition.
 */
export function recordedEventMetrics(
  event: CallEvent,
  changes: CallChanges,
  config: RedialConfig,
): MetricPoint[] {
  if (!changes.changed) return [];
  const points: MetricPoint[] = [];
  const dial = changes.dial;
  if (dial) {
    points.push(count(METRIC.dials, { [DIMENSION.disposition]: dial.disposition }));
    points.push(count(METRIC.dials, { [DIMENSION.agent]: dial.agentId }));
    const declineKind = DECLINE_KINDS[dial.disposition as keyof typeof DECLINE_KINDS];
    if (declineKind) {
      points.push(
        count(METRIC.declines, { [DIMENSION.agent]: dial.agentId, [DIMENSION.declineKind]: declineKind }),
      );
      if (config.agents.find((agent) => agent.id === dial.agentId)?.alwaysAnswers)
        points.push(count(METRIC.autoAttendantDeclines));
    }
  }
  if (event.type === 'call-ended')
    points.push(count(METRIC.calls, { [DIMENSION.disposition]: changes.call.disposition ?? 'unknown' }));
  return points;
}

/** An alert went out (the ledger's first claim, not a redelivery's). */
export function alertSentMetrics(kind: AlertKind): MetricPoint[] {
  return [count(METRIC.alertsSent, { [DIMENSION.kind]: kind })];
}

/** One webhook request: how long it took, and whether its signature was refused. */
export function webhookMetrics(request: { latencyMs: number; signatureRefused: boolean }): MetricPoint[] {
  const latency: MetricPoint = {
    name: METRIC.webhookLatency,
    unit: 'Milliseconds',
    value: request.latencyMs,
  };
  return request.signatureRefused ? [latency, count(METRIC.signatureFailures)] : [latency];
}

/** What a callback worker run left due: how many, and (only while open) how long the oldest has waited. */
export interface CallbackQueueView {
  readonly due: number;
  /** Undefined while closed: nothing is placed then, and the due times move to the next opening. */
  readonly oldestDueAgeSeconds?: number;
}

export function callbackQueueMetrics(queue: CallbackQueueView): MetricPoint[] {
  const depth: MetricPoint = { name: METRIC.callbackQueueDepth, unit: 'Count', value: queue.due };
  if (queue.oldestDueAgeSeconds === undefined) return [depth];
  return [depth, { name: METRIC.callbackOldestDueAge, unit: 'Seconds', value: queue.oldestDueAgeSeconds }];
}
